"""What the school tells the LA: CME referrals (the seed's five situations), CMOOE reports for
pupils on roll but not accessing education, notifications about children who are not the
school's pupils, and families moving area (reg 8(3) future address) with their follow-up.

Each goes to the LA through ``onroll.core.la_inbox``; the LA keeps its status current.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from onroll.accounts.models import User
from onroll.core.la_inbox import InboxKind, InboxSource, Submitted, la_inbox
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.people.models import Child
from onroll.registers.facts.child import child_details
from onroll.registers.models import Leaving, Move, Registration
from onroll.rules.classification import CmeSituation
from onroll.schools.models import School

MOVE_OUTCOMES = {
    "registered_elsewhere": "The pupil is registered at the intended school",
    "still_attending": "The family has not moved yet: the pupil still attends here",
    "not_known": "We do not know where the pupil is registered",
}
MAX_WEEKLY_HOURS = 40


def cme_referral_submit(
    *,
    child: Child,
    school: School,
    situation: str,
    narrative: str,
    acting_user: User,
    leaving: Leaving | None = None,
    move: Move | None = None,
) -> Submitted:
    """Refer a child to the LA CME team, prefilled from the record, for one of the seed's
    situations (or another one, described)."""
    if situation not in CmeSituation.__members__.values():
        raise ValidationError({"situation": "Select the situation"})
    if situation == CmeSituation.OTHER and not narrative.strip():
        raise ValidationError({"narrative": "Describe the situation"})
    details = child_details(child)
    details["situation"] = CmeSituation(situation).label
    with transaction.atomic():
        notification = la_inbox().submit(
            local_authority=school.local_authority,
            kind=InboxKind.CME_REFERRAL,
            source=InboxSource.SCHOOL,
            details=details,
            submitted_by=acting_user,
            from_organisation=school,
            child=child,
            reason=situation,
            narrative=narrative,
        )
        for record in (leaving, move):
            if record is not None:
                record.referral_id = notification.pk
                record.save(update_fields=["referral"])
        audit_record(
            action=AuditAction.REFERRAL_CME_SUBMITTED,
            actor=acting_user,
            obj=child,
            detail={"reference": notification.reference, "situation": situation},
        )
    return notification


def cmooe_report_submit(
    *,
    child: Child,
    school: School,
    reason: str,
    hours_offered: int,
    plan: str,
    review_on: date,
    today: date,
    acting_user: User,
) -> Submitted:
    """Report a pupil on roll but not accessing their education (CMOOE): the reason, the
    hours of education offered each week, the plan and when it will be reviewed."""
    errors: dict[str, str] = {}
    if not Registration.objects.filter(
        child=child, school=school, deleted_on__isnull=True
    ).exists():
        errors["reason"] = (
            "Only a pupil on your roll can be reported as missing out on education; for a "
            "child on no roll make a CME referral"
        )
    if not reason.strip():
        errors["reason"] = "Enter why the pupil is not accessing their education"
    if not 0 <= hours_offered <= MAX_WEEKLY_HOURS:
        errors["hours_offered"] = f"Hours offered must be between 0 and {MAX_WEEKLY_HOURS}"
    if not plan.strip():
        errors["plan"] = "Enter the plan to return the pupil to full-time education"
    if review_on <= today:
        errors["review_on"] = "The review date must be in the future"
    if errors:
        raise ValidationError(errors)
    details = child_details(child)
    details.update(
        {
            "reason": reason.strip(),
            "hours_offered": hours_offered,
            "plan": plan.strip(),
            "review_on": review_on.isoformat(),
        }
    )
    with transaction.atomic():
        notification = la_inbox().submit(
            local_authority=school.local_authority,
            kind=InboxKind.CMOOE_REPORT,
            source=InboxSource.SCHOOL,
            details=details,
            submitted_by=acting_user,
            from_organisation=school,
            child=child,
            reason="cmooe",
            narrative=reason.strip(),
        )
        audit_record(
            action=AuditAction.REFERRAL_CMOOE_SUBMITTED,
            actor=acting_user,
            obj=child,
            detail={"reference": notification.reference, "hours_offered": hours_offered},
        )
    return notification


def non_pupil_notify(
    *,
    school: School,
    details: dict[str, Any],
    narrative: str,
    today: date,
    acting_user: User,
) -> Submitted:
    """Tell the LA about a child who is not registered with an education provider or home
    educated, even though the child is not the school's pupil (seed)."""
    errors: dict[str, str] = {}
    if not str(details.get("forename", "")).strip() and not str(details.get("surname", "")).strip():
        errors["forename"] = "Enter the child's name, or as much of it as you know"
    dob = details.get("date_of_birth")
    if isinstance(dob, date) and dob > today:
        errors["date_of_birth"] = "Date of birth must be in the past"
    if not narrative.strip():
        errors["narrative"] = "Enter what you know about the child and why you are concerned"
    if errors:
        raise ValidationError(errors)
    stored = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in details.items()}
    return la_inbox().submit(
        local_authority=school.local_authority,
        kind=InboxKind.NON_PUPIL,
        source=InboxSource.SCHOOL,
        details=stored,
        submitted_by=acting_user,
        from_organisation=school,
        narrative=narrative.strip(),
    )


def move_record(
    *,
    child: Child,
    school: School,
    parent_name: str,
    move_on: date,
    acting_user: User,
    line_1: str = "",
    line_2: str = "",
    town: str = "",
    postcode: str = "",
    intended_school: str = "",
    intended_la: str = "",
) -> Move:
    """Record a family's move (reg 8(3): the parent the pupil will live with, the new
    address and the date) and the school and LA they intend to move to."""
    if not parent_name.strip():
        raise ValidationError({"parent_name": "Enter the parent the pupil will live with"})
    with transaction.atomic():
        move = Move.objects.create(
            child=child,
            school=school,
            parent_name=parent_name.strip(),
            line_1=line_1.strip(),
            line_2=line_2.strip(),
            town=town.strip(),
            postcode=postcode.strip(),
            move_on=move_on,
            intended_school=intended_school.strip(),
            intended_la=intended_la.strip(),
            recorded_by=acting_user,
        )
        audit_record(
            action=AuditAction.MOVE_RECORDED,
            actor=acting_user,
            obj=move,
            child_id=child.pk,
            detail={"move_on": move_on.isoformat(), "destination_known": move.destination_known},
        )
    return move


def move_follow_up(
    *,
    move: Move,
    outcome: str,
    note: str,
    today: date,
    acting_user: User,
) -> Move:
    """Record the follow-up of a move (the seed: "this is also followed up when they
    leave")."""
    if outcome not in MOVE_OUTCOMES:
        raise ValidationError({"outcome": "Select what the follow-up found"})
    with transaction.atomic():
        move.followed_up_on, move.follow_up_outcome, move.follow_up_note = today, outcome, note
        move.save(update_fields=["followed_up_on", "follow_up_outcome", "follow_up_note"])
        audit_record(
            action=AuditAction.MOVE_FOLLOWED_UP,
            actor=acting_user,
            obj=move,
            child_id=move.child_id,
            detail={"outcome": outcome},
        )
    return move
