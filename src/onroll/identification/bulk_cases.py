"""Opening CME cases in bulk for the children a run found on no roll, never twice for a child.

Each case is opened through ``cases.services``: a notification from the LA (kind "report from
another agency", source "local authority", open_case) and a child record made from the
population row (``notification_create_child``), all in one transaction with one audit event
for the batch.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from onroll.accounts.models import User
from onroll.cases.models import (
    CaseChild,
    Notification,
    NotificationKind,
    NotificationSource,
    NotificationStatus,
)
from onroll.cases.services import notification_create_child, notification_submit
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.identification.models import LinkageRun, PopulationRecord, RunStatus
from onroll.identification.selectors import run_results
from onroll.identification.services import same_la
from onroll.rules import is_compulsory_school_age


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
    acting_user: User,
    today: date,
) -> CasesMade:
    """Open a CME case for each chosen population record left on no roll.

    Each must be unmatched in this run (no match, none waiting for review) and of compulsory
    school age today. A child who already has a case is never given a second one: a record
    that already made one, a child (same name and date of birth) in an open case of this LA,
    or an open notification naming them is skipped and said why; the same child twice in
    the file makes one case.
    """
    upload = run.upload
    same_la(acting_user, upload)
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
            elif not record.forename or not record.surname:
                made.skipped.append(
                    (record, "a forename and a surname are needed: record it from the CME inbox")
                )
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
                notification = _open_case(record, run, acting_user, today)
                record.notification = notification
                record.save(update_fields=["notification"])
                this_batch[key] = notification
                made.created.append((record, notification))
        audit_record(
            action=AuditAction.IDENTIFICATION_CASES_CREATED,
            actor=acting_user,
            obj=run,
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
    acting_user: User,
    today: date,
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
        open_case=True,
        today=today,
    )
    notification_create_child(notification=notification, acting_user=acting_user, today=today)
    notification.refresh_from_db()
    return notification
