"""Writes for identification. Each validates, saves and audits in one transaction.

The linkage itself (``onroll.linkage.pipeline.link_tables``) runs between two transactions:
the run is recorded as started, the engine runs (seconds for a few thousand rows), then its
decisions and counts are saved together. A failed run is recorded as failed with the error.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from onroll.accounts.models import LocalAuthority
from onroll.cases.models import (
    CaseChild,
    Notification,
    NotificationKind,
    NotificationSource,
    NotificationStatus,
)
from onroll.cases.services import notification_create_child, notification_submit
from onroll.core.services import audit_record
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
from onroll.identification.selectors import (
    KnownChild,
    is_cme_staff,
    known_children,
    run_results,
)
from onroll.identification.validation import MAX_WEB_ROWS, Problem, check_population_file

#: At or above this match probability a pair is linked without review (the engine's own
#: default); between REVIEW_FLOOR and it, an officer decides.
DEFAULT_THRESHOLD = 0.9
REVIEW_FLOOR = 0.5
_ANCHOR = "anchor"


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


def _same_la(user: Any, upload: PopulationUpload) -> None:
    if _la_of(user).pk != upload.local_authority_id:
        raise PermissionDenied("This upload belongs to another local authority")


# ----------------------------------------------------------------------------- uploads


def population_upload_create(
    *,
    acting_user: Any,
    file_name: str,
    data: bytes,
    source: str,
    description: str = "",
    today: date,
    max_rows: int | None = MAX_WEB_ROWS,
    request: HttpRequest | None = None,
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
            action="identification.upload_previewed",
            actor=acting_user,
            obj=upload,
            request=request,
            detail={"file_name": upload.file_name, "rows": upload.row_count, "source": source},
        )
    return upload


def population_upload_discard(
    *, upload: PopulationUpload, acting_user: Any, request: HttpRequest | None = None
) -> PopulationUpload:
    """Throw away an upload that was not confirmed: its rows are deleted, the fact kept."""
    _same_la(acting_user, upload)
    with transaction.atomic():
        locked = PopulationUpload.objects.select_for_update().get(pk=upload.pk)
        if locked.status != UploadStatus.PREVIEWED:
            raise ValidationError("Only an upload waiting for confirmation can be discarded")
        locked.records.all().delete()
        locked.status = UploadStatus.DISCARDED
        locked.save(update_fields=["status"])
        audit_record(
            action="identification.upload_discarded",
            actor=acting_user,
            obj=locked,
            request=request,
            detail={"file_name": locked.file_name},
        )
    return locked


# ---------------------------------------------------------------------------------- runs


def _left_table(records: list[PopulationRecord]) -> Any:
    import pyarrow as pa

    def col(values: list[str]) -> Any:
        return pa.array([v or None for v in values], pa.string())

    return pa.table(
        {
            "id": col([str(r.pk) for r in records]),
            "forename": col([r.forename for r in records]),
            "surname": col([r.surname for r in records]),
            "dob": col([r.date_of_birth.isoformat() for r in records]),
            "sex": col([r.sex if r.sex in ("M", "F") else "" for r in records]),
            "postcode": col([r.postcode for r in records]),
            "address": col([r.address for r in records]),
            "upn": col([r.upn for r in records]),
        }
    )


def _right_table(known: list[KnownChild]) -> Any:
    import pyarrow as pa

    def col(values: list[str]) -> Any:
        return pa.array([v or None for v in values], pa.string())

    children = [k.child for k in known]
    return pa.table(
        {
            "id": col([str(c.pk) for c in children]),
            "forename": col([c.legal_forename for c in children]),
            "surname": col([c.legal_surname for c in children]),
            "dob": col([c.date_of_birth.isoformat() for c in children]),
            "sex": col([c.sex if c.sex in ("M", "F") else "" for c in children]),
            "postcode": col([k.postcode for k in known]),
            "address": col([k.address for k in known]),
            "upn": col([c.upn for c in children]),
        }
    )


@dataclass(frozen=True)
class _Pair:
    record_id: int
    child_id: int
    probability: float
    weight: float
    engine_decision: str
    explanation: list[dict[str, object]]
    status: str


def _link(
    records: list[PopulationRecord],
    known: list[KnownChild],
    *,
    threshold: float,
    review_floor: float,
    seed: int,
) -> list[_Pair]:
    """Run the engine and turn its result into decisions.

    The engine links at one threshold. To see near misses too, it is run at
    ``review_floor``: a link at or above ``threshold`` is automatic, a link below it and
    every pair the engine itself sends to review (twins and siblings) wait for an officer.
    """
    if not records or not known:
        return []
    from onroll.linkage.pipeline import link_tables

    left, right = _left_table(records), _right_table(known)
    try:
        result = link_tables(left, right, threshold=review_floor, seed=seed)
    except Exception as first:
        # Work-around: the engine (as of this writing) fails when no pair at all scores
        # above its candidate floor, which is what a list of children on no roll looks
        # like. Link again with one roll record copied to the left as an anchor, then drop
        # the anchor's own pairs.
        import pyarrow as pa

        anchor = right.slice(0, 1).set_column(0, "id", pa.array([_ANCHOR], pa.string()))
        try:
            result = link_tables(
                pa.concat_tables([left, anchor]), right, threshold=review_floor, seed=seed
            )
        except Exception:
            raise first from None
    why: dict[tuple[str, str], Any] = {
        (e.left_id, e.right_id): e for e in result.explanations() if e.left_id != _ANCHOR
    }

    def explain(lid: str, rid: str) -> tuple[float, str, list[dict[str, object]]]:
        e = why.get((lid, rid))
        if e is None:
            return 0.0, "", []
        fields = [
            {"field": f.comparison, "level": f.level, "weight": round(f.match_weight, 3)}
            for f in e.fields
        ]
        return e.match_weight, e.decision, fields

    pairs: list[_Pair] = []
    for left_id, right_id, probability in result.links:
        if left_id == _ANCHOR:
            continue
        weight, decision, fields = explain(left_id, right_id)
        status = DecisionStatus.AUTO if probability >= threshold else DecisionStatus.NEEDS_REVIEW
        if status == DecisionStatus.NEEDS_REVIEW:
            decision = f"{decision or 'linked'}: below the {threshold:.0%} threshold"
        pairs.append(
            _Pair(
                int(left_id),
                int(right_id),
                probability,
                weight,
                decision or "linked",
                fields,
                status,
            )
        )
    for left_id, right_id, probability, reason in result.review:
        if left_id == _ANCHOR:
            continue
        weight, decision, fields = explain(left_id, right_id)
        pairs.append(
            _Pair(
                int(left_id),
                int(right_id),
                probability,
                weight,
                decision or reason,
                fields,
                DecisionStatus.NEEDS_REVIEW,
            )
        )
    return pairs


def _recount(run: LinkageRun) -> None:
    results = run_results(run)
    run.matched_count = len(results.matched)
    run.review_count = len(results.uncertain)
    run.unmatched_count = len(results.unmatched)
    run.save(update_fields=["matched_count", "review_count", "unmatched_count"])


def linkage_run_start(
    *,
    upload: PopulationUpload,
    acting_user: Any,
    today: date,
    threshold: float = DEFAULT_THRESHOLD,
    review_floor: float = REVIEW_FLOOR,
    seed: int = 42,
    request: HttpRequest | None = None,
) -> LinkageRun:
    """Confirm the upload (if still a preview) and link it against every child the LA knows.

    Runs in the calling process: seconds for a few thousand rows (the web page's limit);
    bigger files go through ``manage.py identify_population``.
    """
    _same_la(acting_user, upload)
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
                action="identification.upload_confirmed",
                actor=acting_user,
                obj=locked,
                request=request,
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
        audit_record(
            action="identification.run_started", actor=acting_user, obj=run, request=request
        )
    records = list(locked.records.order_by("line"))
    known = known_children(locked.local_authority_id)
    started = time.monotonic()
    try:
        pairs = _link(records, known, threshold=threshold, review_floor=review_floor, seed=seed)
    except Exception as exc:
        with transaction.atomic():
            run.status = RunStatus.FAILED
            run.error = f"{type(exc).__name__}: {exc}"[:2000]
            run.finished_at = timezone.now()
            run.duration_seconds = time.monotonic() - started
            run.save()
            audit_record(
                action="identification.run_failed",
                actor=acting_user,
                obj=run,
                request=request,
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
            action="identification.run_finished",
            actor=acting_user,
            obj=run,
            request=request,
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
    acting_user: Any,
    request: HttpRequest | None = None,
) -> MatchDecision:
    """An officer accepts or rejects an uncertain match. Accepting one candidate rejects the
    record's other waiting candidates (a record is at most one child)."""
    _same_la(acting_user, decision.run.upload)
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
            action="identification.match_accepted" if accept else "identification.match_rejected",
            actor=acting_user,
            obj=locked,
            child_id=locked.child_id,
            request=request,
            detail={
                "run": locked.run_id,
                "record": locked.record.record_id,
                "probability": round(locked.probability, 4),
                "other_candidates_rejected": also_rejected,
            },
        )
    return locked


# ------------------------------------------------------------------------------ cases


def _norm(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value or "")
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", letters.casefold())


def _person_key(forename: str, surname: str, dob: date | str) -> tuple[str, str, str]:
    return (_norm(forename), _norm(surname), str(dob))


def _open_cases_by_person(la_id: int) -> dict[tuple[str, str, str], str]:
    """Children in the LA's open CME cases, by normalised name and date of birth."""
    links = CaseChild.objects.filter(local_authority_id=la_id, is_open=True).select_related(
        "child", "case"
    )
    return {
        _person_key(
            link.child.legal_forename, link.child.legal_surname, link.child.date_of_birth
        ): link.case.reference
        for link in links
    }


def _open_notifications_by_person(la_id: int) -> dict[tuple[str, str, str], str]:
    """Notifications to the LA still open, by the name and date of birth they give."""
    found: dict[tuple[str, str, str], str] = {}
    open_notes = Notification.objects.filter(local_authority_id=la_id).exclude(
        status=NotificationStatus.CLOSED
    )
    for note in open_notes.only("reference", "details"):
        d = note.details or {}
        if d.get("forename") and d.get("surname") and d.get("date_of_birth"):
            key = _person_key(str(d["forename"]), str(d["surname"]), str(d["date_of_birth"]))
            found.setdefault(key, note.reference)
    return found


@dataclass
class CasesMade:
    created: list[tuple[PopulationRecord, Notification]] = field(default_factory=list)
    skipped: list[tuple[PopulationRecord, str]] = field(default_factory=list)


def cases_create_for_unmatched(
    *,
    run: LinkageRun,
    record_ids: list[int],
    acting_user: Any,
    today: date,
    request: HttpRequest | None = None,
) -> CasesMade:
    """Open a CME case for each chosen population record left on no roll.

    Each must be unmatched in this run (no match, none waiting for review) and of compulsory
    school age today. A child who already has a case is never given a second one: a record
    that already made one, a child (same name and date of birth) in an open case of this LA,
    or an open notification naming them is skipped and said why; the same child twice in
    the file makes one case. Each case is opened through ``cases.services`` (a notification
    from the LA, kind "report from another agency", and a child record made from the row),
    all in one transaction with one audit event for the batch.
    """
    from onroll.rules import is_compulsory_school_age

    upload = run.upload
    _same_la(acting_user, upload)
    la = upload.local_authority
    if run.status != RunStatus.SUCCEEDED:
        raise ValidationError("Cases can be made only from a finished run")
    results = run_results(run, on=today)
    eligible = {r.record.pk for r in results.unmatched}
    made = CasesMade()
    with transaction.atomic():
        chosen = list(
            PopulationRecord.objects.select_for_update()
            .filter(upload=upload, pk__in=record_ids)
            .order_by("line")
        )
        if not chosen:
            raise ValidationError("Choose at least one child")
        in_cases = _open_cases_by_person(la.pk)
        in_notes = _open_notifications_by_person(la.pk)
        this_batch: dict[tuple[str, str, str], Notification] = {}
        for record in chosen:
            key = _person_key(record.forename, record.surname, record.date_of_birth)
            if record.notification_id is not None:
                made.skipped.append((record, "a case was already made for this record"))
            elif record.pk not in eligible:
                made.skipped.append((record, "matched or waiting for review in this run"))
            elif not is_compulsory_school_age(record.date_of_birth, today):
                made.skipped.append((record, "not of compulsory school age"))
            elif key in this_batch:
                record.notification = this_batch[key]
                record.save(update_fields=["notification"])
                made.skipped.append(
                    (record, f"the same child as another row: case {this_batch[key].reference}")
                )
            elif key in in_cases:
                made.skipped.append((record, f"already in open CME case {in_cases[key]}"))
            elif key in in_notes:
                made.skipped.append((record, f"already named in open notification {in_notes[key]}"))
            else:
                notification = _open_case(record, run, acting_user, today, request)
                record.notification = notification
                record.save(update_fields=["notification"])
                this_batch[key] = notification
                made.created.append((record, notification))
        audit_record(
            action="identification.cases_created",
            actor=acting_user,
            obj=run,
            request=request,
            detail={
                "run": run.pk,
                "created": [
                    {"record": r.record_id, "notification": n.reference} for r, n in made.created
                ],
                "skipped": [{"record": r.record_id, "why": why} for r, why in made.skipped],
            },
        )
    return made


def _open_case(
    record: PopulationRecord,
    run: LinkageRun,
    acting_user: Any,
    today: date,
    request: HttpRequest | None,
) -> Notification:
    upload = run.upload
    notification = notification_submit(
        local_authority=upload.local_authority,
        kind=NotificationKind.AGENCY_REPORT,
        source=NotificationSource.LA,
        details={
            "forename": record.forename,
            "surname": record.surname,
            "date_of_birth": record.date_of_birth.isoformat(),
            "sex": record.sex,
            "postcode": record.postcode,
            "address_line_1": record.address[:200],
            "upn": record.upn,
            "population_source": upload.source_label,
            "population_record": record.record_id,
        },
        submitted_by=acting_user,
        reason="On no school roll (identification)",
        narrative=(
            f"Listed in {upload.source_label} ({upload.file_name}, line {record.line}, "
            f"id {record.record_id}) and matched to no school roll in "
            f"{upload.local_authority.name} by identification run {run.pk} on "
            f"{run.run_on:%d %B %Y}."
        ),
        request=request,
        open_case=True,
        today=today,
    )
    notification_create_child(
        notification=notification, acting_user=acting_user, today=today, request=request
    )
    notification.refresh_from_db()
    return notification
