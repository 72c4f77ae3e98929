"""What the school tells the LA: CME referrals (the seed's five situations), CMOOE reports for
pupils on roll but not accessing education, and families moving area
(reg 8(3) future address) with their follow-up. (A child who is not the school's pupil is
reported on the CME form, ``cases:refer``.)

Each goes to the LA through ``onroll.core.la_inbox``; the LA keeps its status current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


@dataclass(frozen=True)
class ReferralPrefill:
    """What a move or leaving record suggests for a CME referral, shown on the form as editable
    text with where it came from; nothing is chosen for the school."""

    source: str
    suggested_situation: str
    narrative: str


def cme_referral_prefill(*, leaving: Leaving | None, move: Move | None) -> ReferralPrefill | None:
    """The suggestion a move (or a leaving) gives for the referral, or None."""
    suggested = CmeSituation.MOVED_OUT_OF_AREA_NO_SCHOOL.label
    if move is not None:
        lines = [
            f"The family told us they were moving on {move.move_on:%-d %B %Y}.",
            f"Parent the pupil will live with: {move.parent_name}.",
            f"New address: {move.future_address or 'not known'}.",
            f"Intended school: {move.intended_school or 'not known'}; "
            f"intended local authority: {move.intended_la or 'not known'}.",
        ]
        if move.follow_up_outcome:
            lines.append(f"Our follow-up found: {MOVE_OUTCOMES.get(move.follow_up_outcome, '')}.")
        return ReferralPrefill(
            source=f"the move recorded for {move.move_on:%-d %B %Y}",
            suggested_situation=suggested,
            narrative="\n".join(lines),
        )
    if leaving is not None:
        lines = [f"The pupil is leaving: {leaving.reason or 'no reason recorded'}."]
        if leaving.destination_unknown or not leaving.destination_school:
            lines.append("We do not know which school the pupil will attend.")
        return ReferralPrefill(
            source="the pupil's leaving record",
            suggested_situation=suggested,
            narrative="\n".join(lines),
        )
    return None


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
    situations (or another one, described). The school chooses the situation and says what it
    knows; a referral with either missing is refused."""
    errors: dict[str, str] = {}
    if situation not in CmeSituation.__members__.values():
        errors["situation"] = "Select the situation the child is in"
    if not narrative.strip():
        errors["narrative"] = (
            "Enter what you know: when the child was last seen, what you have done and who "
            "you have spoken to"
        )
    if errors:
        raise ValidationError(errors)
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
            narrative=narrative.strip(),
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
