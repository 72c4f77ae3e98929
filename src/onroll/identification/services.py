"""Writes for identification: uploads, runs and review. Each validates, saves and audits in
one transaction (opening cases in bulk is ``bulk_cases``).

The linkage itself (``linking.link_records``) runs between two transactions:
the run is recorded as started, the engine runs (seconds for a few thousand rows), then its
decisions and counts are saved together. A failed run is recorded as failed with the error.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from onroll.accounts.models import LocalAuthority, User
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.identification.linking import link_records
from onroll.identification.models import (
    MATCHED_STATUSES,
    DecisionStatus,
    LinkageRun,
    MatchDecision,
    PopulationRecord,
    PopulationUpload,
    RunStatus,
    UploadStatus,
)
from onroll.identification.selectors import is_cme_staff, known_children, run_results
from onroll.identification.validation import MAX_WEB_ROWS, Problem, check_population_file

#: At or above this match probability a pair is linked without review (the engine's own
#: default); between REVIEW_FLOOR and it, an officer decides.
DEFAULT_THRESHOLD = 0.9
REVIEW_FLOOR = 0.5


class UploadRefused(Exception):
    """The file has problems; nothing was kept. ``problems`` names each line and field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the file")
        self.problems = problems


def _la_of(user: Any) -> LocalAuthority:
    if not is_cme_staff(user):
        raise PermissionDenied("Only the LA's CME officers may do this")
    la: LocalAuthority = user.local_authority
    return la


def same_la(user: Any, upload: PopulationUpload) -> None:
    if _la_of(user).pk != upload.local_authority_id:
        raise PermissionDenied("This upload belongs to another local authority")


# ----------------------------------------------------------------------------- uploads


def population_upload_create(
    *,
    acting_user: User,
    file_name: str,
    data: bytes,
    source: str,
    description: str = "",
    today: date,
    max_rows: int | None = MAX_WEB_ROWS,
) -> PopulationUpload:
    """Check a population file and keep it for the officer to preview and confirm.

    Raises :class:`UploadRefused` listing every problem; then nothing is written.
    """
    la = _la_of(acting_user)
    checked = check_population_file(data, today=today, max_rows=max_rows)
    if not checked.ok:
        raise UploadRefused(checked.problems)
    with transaction.atomic():
        upload = PopulationUpload.objects.create(
            local_authority=la,
            uploaded_by=acting_user,
            uploaded_at=timezone.now(),
            file_name=file_name[:200],
            source=source,
            description=description[:300],
            row_count=len(checked.rows),
            ignored_columns=checked.ignored_columns,
        )
        PopulationRecord.objects.bulk_create(
            [
                PopulationRecord(
                    upload=upload,
                    line=row.line,
                    record_id=row.record_id,
                    forename=row.forename,
                    surname=row.surname,
                    date_of_birth=row.date_of_birth,
                    sex=row.sex,
                    postcode=row.postcode,
                    address=row.address,
                    upn=row.upn,
                )
                for row in checked.rows
            ],
            batch_size=1000,
        )
        audit_record(
            action=AuditAction.IDENTIFICATION_UPLOAD_PREVIEWED,
            actor=acting_user,
            obj=upload,
            detail={"file_name": upload.file_name, "rows": upload.row_count, "source": source},
        )
    return upload


def population_upload_discard(*, upload: PopulationUpload, acting_user: User) -> PopulationUpload:
    """Throw away an upload that was not confirmed: its rows are deleted, the fact kept."""
    same_la(acting_user, upload)
    with transaction.atomic():
        locked = PopulationUpload.objects.select_for_update().get(pk=upload.pk)
        if locked.status != UploadStatus.PREVIEWED:
            raise ValidationError("Only an upload waiting for confirmation can be discarded")
        locked.records.all().delete()
        locked.status = UploadStatus.DISCARDED
        locked.save(update_fields=["status"])
        audit_record(
            action=AuditAction.IDENTIFICATION_UPLOAD_DISCARDED,
            actor=acting_user,
            obj=locked,
            detail={"file_name": locked.file_name},
        )
    return locked


# ---------------------------------------------------------------------------------- runs


def _recount(run: LinkageRun) -> None:
    results = run_results(run)
    run.matched_count = len(results.matched)
    run.review_count = len(results.uncertain)
    run.unmatched_count = len(results.unmatched)
    run.save(update_fields=["matched_count", "review_count", "unmatched_count"])


def linkage_run_start(
    *,
    upload: PopulationUpload,
    acting_user: User,
    today: date,
    threshold: float = DEFAULT_THRESHOLD,
    review_floor: float = REVIEW_FLOOR,
    seed: int = 42,
) -> LinkageRun:
    """Confirm the upload (if still a preview) and link it against every child the LA knows.

    Runs in the calling process: seconds for a few thousand rows (the web page's limit);
    bigger files go through ``manage.py identify_population``.
    """
    same_la(acting_user, upload)
    if not 0 <= review_floor <= threshold <= 1:
        raise ValidationError("The review floor must be between 0 and the threshold")
    with transaction.atomic():
        locked = PopulationUpload.objects.select_for_update().get(pk=upload.pk)
        if locked.status == UploadStatus.DISCARDED:
            raise ValidationError("This upload was discarded")
        if locked.status == UploadStatus.PREVIEWED:
            locked.status = UploadStatus.CONFIRMED
            locked.confirmed_at = timezone.now()
            locked.save(update_fields=["status", "confirmed_at"])
            audit_record(
                action=AuditAction.IDENTIFICATION_UPLOAD_CONFIRMED,
                actor=acting_user,
                obj=locked,
                detail={"file_name": locked.file_name, "rows": locked.row_count},
            )
        run = LinkageRun.objects.create(
            upload=locked,
            started_by=acting_user,
            started_at=timezone.now(),
            threshold=threshold,
            review_floor=review_floor,
            run_on=today,
        )
        audit_record(action=AuditAction.IDENTIFICATION_RUN_STARTED, actor=acting_user, obj=run)
    records = list(locked.records.order_by("line"))
    known = known_children(locked.local_authority_id)
    started = time.monotonic()
    try:
        pairs = link_records(
            records, known, threshold=threshold, review_floor=review_floor, seed=seed
        )
    except Exception as exc:
        with transaction.atomic():
            run.status = RunStatus.FAILED
            run.error = f"{type(exc).__name__}: {exc}"[:2000]
            run.finished_at = timezone.now()
            run.duration_seconds = time.monotonic() - started
            run.save()
            audit_record(
                action=AuditAction.IDENTIFICATION_RUN_FAILED,
                actor=acting_user,
                obj=run,
                detail={"error": run.error},
            )
        return run
    known_as = {k.child.pk: k.known_as for k in known}
    with transaction.atomic():
        MatchDecision.objects.bulk_create(
            [
                MatchDecision(
                    run=run,
                    record_id=p.record_id,
                    child_id=p.child_id,
                    probability=min(max(p.probability, 0.0), 1.0),
                    match_weight=p.weight,
                    engine_decision=p.engine_decision[:200],
                    explanation=p.explanation,
                    known_as=known_as.get(p.child_id, []),
                    status=p.status,
                )
                for p in pairs
            ],
            batch_size=1000,
        )
        run.status = RunStatus.SUCCEEDED
        run.finished_at = timezone.now()
        run.duration_seconds = round(time.monotonic() - started, 3)
        run.population_count = len(records)
        run.roll_count = len(known)
        run.save()
        _recount(run)
        audit_record(
            action=AuditAction.IDENTIFICATION_RUN_FINISHED,
            actor=acting_user,
            obj=run,
            detail={
                "population": run.population_count,
                "known_children": run.roll_count,
                "matched": run.matched_count,
                "uncertain": run.review_count,
                "unmatched": run.unmatched_count,
                "seconds": run.duration_seconds,
            },
        )
    return run


# ----------------------------------------------------------------------------- review


def match_decide(
    *,
    decision: MatchDecision,
    accept: bool,
    acting_user: User,
) -> MatchDecision:
    """An officer accepts or rejects an uncertain match. Accepting one candidate rejects the
    record's other waiting candidates (a record is at most one child)."""
    same_la(acting_user, decision.run.upload)
    with transaction.atomic():
        locked = MatchDecision.objects.select_for_update().get(pk=decision.pk)
        if locked.status != DecisionStatus.NEEDS_REVIEW:
            raise ValidationError("This match has already been decided")
        now = timezone.now()
        others = MatchDecision.objects.filter(run_id=locked.run_id, record_id=locked.record_id)
        others = others.exclude(pk=locked.pk)
        if accept and others.filter(status__in=MATCHED_STATUSES).exists():
            raise ValidationError("This record is already matched to another child")
        locked.status = DecisionStatus.ACCEPTED if accept else DecisionStatus.REJECTED
        locked.decided_by = acting_user
        locked.decided_at = now
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        also_rejected: list[int] = []
        if accept:
            pending = others.filter(status=DecisionStatus.NEEDS_REVIEW)
            also_rejected = list(pending.values_list("child_id", flat=True))
            pending.update(status=DecisionStatus.REJECTED, decided_by=acting_user, decided_at=now)
        _recount(locked.run)
        audit_record(
            action=AuditAction.IDENTIFICATION_MATCH_ACCEPTED
            if accept
            else AuditAction.IDENTIFICATION_MATCH_REJECTED,
            actor=acting_user,
            obj=locked,
            child_id=locked.child_id,
            detail={
                "run": locked.run_id,
                "record": locked.record.record_id,
                "probability": round(locked.probability, 4),
                "other_candidates_rejected": also_rejected,
            },
        )
    return locked
