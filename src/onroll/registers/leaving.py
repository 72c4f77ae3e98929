"""Leaving the roll: a pending leaver (still on roll), the destination confirmed on roll, and
deletion only under a reg 9 ground the rules engine accepts, with the deletion return and the
CTF that is owed.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from onroll.accounts.models import User
from onroll.core.la_inbox import InboxKind, InboxSource, la_inbox
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.registers.facts.child import child_details
from onroll.registers.facts.deletion import (
    Attestation,
    declarations,
    deletion_facts,
    la_uses_onroll,
)
from onroll.registers.facts.returns import deletion_return_record, la_return_content
from onroll.registers.models import (
    Leaving,
    LeavingStatus,
    Registration,
    RegistrationKind,
    ReturnKind,
)
from onroll.registers.returns import la_return_due, la_return_send
from onroll.registers.selectors import other_current_registrations, pending_leaving
from onroll.rules.deletion import DeletionDecision, decide_deletion
from onroll.rules.deletion_return import missing_deletion_return_fields
from onroll.rules.placements import DestinationConfirmation, destination_unmet
from onroll.schools.selectors import school_calendar

CTF_SCHOOL_DAYS = 15


class DeletionRefused(ValidationError):
    """A deletion the rules refused: ``unmet`` lists every precondition that does not hold."""

    def __init__(self, unmet: list[str]) -> None:
        super().__init__(unmet)
        self.unmet = unmet


def leaving_start(
    *,
    registration: Registration,
    expected_leaving_on: date | None,
    reason: str,
    today: date,
    acting_user: User,
    destination_unknown: bool = False,
) -> Leaving:
    """Mark the pupil as a pending leaver. They stay on roll until a deletion is recorded."""
    if registration.deleted_on is not None:
        raise ValidationError({"expected_leaving_on": "The pupil is no longer on roll"})
    if pending_leaving(registration) is not None:
        raise ValidationError({"expected_leaving_on": "The pupil is already a pending leaver"})
    if expected_leaving_on is not None and expected_leaving_on < today:
        raise ValidationError(
            {"expected_leaving_on": "The expected leaving date must be today or in the future"}
        )
    with transaction.atomic():
        leaving = Leaving.objects.create(
            registration=registration,
            expected_leaving_on=expected_leaving_on,
            reason=reason,
            destination_unknown=destination_unknown,
        )
        audit_record(
            action=AuditAction.LEAVING_STARTED,
            actor=acting_user,
            obj=leaving,
            child_id=registration.child_id,
            detail={
                "expected": expected_leaving_on.isoformat() if expected_leaving_on else "",
                "destination_unknown": destination_unknown,
            },
        )
    return leaving


def leaving_cancel(
    *,
    leaving: Leaving,
    reason: str,
    acting_user: User,
) -> Leaving:
    """The pupil is no longer leaving: the pending-leaver state ends (they were on roll
    throughout)."""
    if leaving.status != LeavingStatus.PENDING:
        raise ValidationError({"reason": "Only a pending leaver can stop leaving"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the pupil is no longer leaving"})
    with transaction.atomic():
        leaving.status = LeavingStatus.CANCELLED
        leaving.reason = f"{leaving.reason}\nNo longer leaving: {reason.strip()}".strip()
        leaving.save(update_fields=["status", "reason"])
        audit_record(
            action=AuditAction.LEAVING_CANCELLED,
            actor=acting_user,
            obj=leaving,
            child_id=leaving.registration.child_id,
            detail={"reason": reason.strip()},
        )
    return leaving


def leaving_destination_record(
    *,
    leaving: Leaving,
    school: str,
    today: date,
    acting_user: User,
    laestab: str = "",
    la: str = "",
    start_on: date | None = None,
    confirmed_by: str = "",
    confirmed_how: str = "",
    confirmed_on: date | None = None,
    other_schools_consented: bool = False,
) -> Leaving:
    """Record the destination and, when the destination school has said so, who confirmed
    the child is on its roll, how and when. Partial details are kept; the rules list what
    is still missing."""
    errors: dict[str, str] = {}
    if not school.strip():
        errors["school"] = "Enter the name of the destination school"
    if laestab and not (len(laestab) == 7 and laestab.isdigit()):
        errors["laestab"] = "Enter the 7-digit LAESTAB, or leave it blank"
    if confirmed_on is not None and confirmed_on > today:
        errors["confirmed_on"] = "The date of confirmation must be today or in the past"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        leaving.destination_school, leaving.destination_laestab = school.strip(), laestab
        leaving.destination_la, leaving.destination_start_on = la.strip(), start_on
        leaving.confirmed_by, leaving.confirmed_how = confirmed_by.strip(), confirmed_how.strip()
        leaving.confirmed_on = confirmed_on
        leaving.other_schools_consented = other_schools_consented
        leaving.destination_unknown = False
        leaving.save()
        gaps = destination_unmet(
            DestinationConfirmation(
                school_name=leaving.destination_school,
                confirmed_by=leaving.confirmed_by,
                confirmed_how=leaving.confirmed_how,
                confirmed_on=leaving.confirmed_on,
            )
        )
        audit_record(
            action=AuditAction.LEAVING_DESTINATION_RECORDED,
            actor=acting_user,
            obj=leaving,
            child_id=leaving.registration.child_id,
            detail={"school": leaving.destination_school, "confirmed": not gaps},
        )
    return leaving


def deletion_decision(
    *,
    registration: Registration,
    ground: str | None,
    deletion_date: date,
    attestation: Attestation,
    today: date,
) -> tuple[DeletionDecision, list[str]]:
    """The rules' decision and every unmet precondition, including a deletion on a later
    day and missing deletion-return fields."""
    facts = deletion_facts(registration, attestation, deletion_date=deletion_date, today=today)
    decision = decide_deletion(ground, facts, deletion_date=deletion_date, recorded_on=today)
    unmet = list(decision.unmet)
    if ground in ("H", "I") and not facts.joint_enquiries.logged and la_uses_onroll(registration):
        la = registration.school.local_authority
        unmet.append(
            f"{la.name}'s {la.cme_team_name} works in Onroll: the joint reasonable enquiries "
            "must be agreed with them in Onroll (a ticked box is not enough)."
        )
    if deletion_date > today:
        unmet.append(
            "Onroll records a deletion on the day it takes effect: come back on "
            f"{deletion_date:%d %B %Y}, keeping the pupil as a pending leaver until then."
        )
    if decision.ground is not None and decision.deletion_return_due:
        record = deletion_return_record(registration, decision.ground.value)
        unmet += [f"Deletion return: {m.detail}" for m in missing_deletion_return_fields(record)]
    return decision, unmet


def deletion_accepted(
    *,
    registration: Registration,
    ground: str | None,
    deletion_date: date,
    attestation: Attestation,
    today: date,
) -> DeletionDecision:
    """The rules' decision to delete, when they accept it; otherwise ``DeletionRefused`` naming
    every unmet precondition. The check-your-answers step and the deletion itself both ask
    here, so the check shows exactly what confirming would do."""
    if registration.deleted_on is not None:
        raise DeletionRefused(["The pupil has already been deleted from this register."])
    decision, unmet = deletion_decision(
        registration=registration,
        ground=ground,
        deletion_date=deletion_date,
        attestation=attestation,
        today=today,
    )
    if unmet or decision.ground is None:
        raise DeletionRefused(unmet or ["The deletion was refused."])
    return decision


def registration_delete(
    *,
    registration: Registration,
    ground: str | None,
    deletion_date: date,
    attestation: Attestation,
    today: date,
    acting_user: User,
) -> Leaving:
    """Delete the pupil's name from the admission register under reg 9 ground ``ground``,
    only when the rules engine accepts it; otherwise ``DeletionRefused`` lists every unmet
    precondition and nothing changes. In the same transaction: makes the deletion return and
    sends it to the LA (reg 13: no later than the deletion), records the CTF owed (to the
    next school, or lost-pupil XXXXXXX) and, when the rules say the LA must open a CME case
    (whereabouts unknown, moved away with no school, excluded with no provision), notifies
    the LA CME team."""
    decision = deletion_accepted(
        registration=registration,
        ground=ground,
        deletion_date=deletion_date,
        attestation=attestation,
        today=today,
    )
    assert decision.ground is not None  # deletion_accepted refuses a decision without one
    letter = decision.ground.value
    with transaction.atomic():
        registration.deleted_on, registration.deletion_ground = deletion_date, letter
        registration.save(update_fields=["deleted_on", "deletion_ground"])
        leaving = pending_leaving(registration) or Leaving(registration=registration)
        leaving.status, leaving.deleted_on, leaving.deletion_ground = (
            LeavingStatus.DELETED,
            deletion_date,
            letter,
        )
        leaving.decision_notes = [
            *(n for n in decision.notes if n),
            *declarations(registration, attestation, ground=letter),
        ]
        leaving.ctf_kind = decision.ctf.value
        leaving.ctf_destination = decision.ctf_destination or ""
        try:
            due = school_calendar(registration.school).add_school_days(
                deletion_date, CTF_SCHOOL_DAYS
            )
        except ValueError:
            due = None
        leaving.ctf_due_on = due if decision.ctf.value != "none" else None
        leaving.save()
        if decision.deletion_return_due:  # reg 13: made no later than the deletion
            deletion_return = la_return_due(
                school=registration.school,
                child=registration.child,
                kind=ReturnKind.DELETION,
                due_on=decision.deletion_return_due_by or deletion_date,
                reason=f"Ground {letter}: {decision.ground.label}.",
                registration=registration,
                acting_user=acting_user,
            )
            la_return_send(
                la_return=deletion_return,
                details=la_return_content(deletion_return),
                acting_user=acting_user,
            )
        if decision.open_cme_case:
            leaving.referral_id = (
                la_inbox()
                .submit(
                    local_authority=registration.school.local_authority,
                    kind=InboxKind.DELETION_UNKNOWN_DESTINATION,
                    source=InboxSource.SCHOOL,
                    details={
                        **child_details(registration.child),
                        "ground": letter,
                        "deleted_on": deletion_date.isoformat(),
                        "why": [n for n in decision.notes if "CME" in n],
                    },
                    submitted_by=acting_user,
                    from_organisation=registration.school,
                    child=registration.child,
                    reason=f"ground_{letter.lower()}",
                )
                .pk
            )
            leaving.save(update_fields=["referral"])
        remaining = other_current_registrations(registration)
        if len(remaining) == 1 and remaining[0].kind != RegistrationKind.SINGLE:
            sole = remaining[0]
            sole.kind = RegistrationKind.SINGLE
            sole.save(update_fields=["kind"])
            audit_record(
                action=AuditAction.REGISTRATION_KIND_CHANGED,
                actor=acting_user,
                obj=sole,
                child_id=registration.child_id,
                detail={"kind": sole.kind, "because": f"deleted at {registration.school.name}"},
            )
        audit_record(
            action=AuditAction.REGISTRATION_DELETED,
            actor=acting_user,
            obj=registration,
            child_id=registration.child_id,
            detail={
                "ground": letter,
                "deleted_on": deletion_date.isoformat(),
                "ctf": leaving.ctf_kind,
                "ctf_destination": leaving.ctf_destination,
                "cme_case": decision.open_cme_case,
            },
        )
    return leaving
