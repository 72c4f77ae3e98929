"""Permanent exclusions and their review, and placements at the Short Stay School (PRU).

The review's states and allowed moves are ``onroll.rules.exclusions.TRANSITIONS``; the day-6
deadline is ``onroll.rules.placements.pex_on_roll_deadline``. Services refuse with
``ValidationError`` and change nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from onroll.accounts.models import User
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.registers.admission import registration_create
from onroll.registers.models import (
    Exclusion,
    ExclusionEvent,
    Placement,
    PlacementKind,
    PlacementStatus,
    Registration,
    RegistrationKind,
    ReintegrationOutcome,
)
from onroll.rules.exclusions import (
    ReviewEvent,
    ReviewState,
    review_event_date_refusal,
    transition,
)
from onroll.rules.placements import OnRollDeadline, late_start_refusal, pex_on_roll_deadline
from onroll.schools.models import School
from onroll.schools.selectors import school_calendar


def exclusion_record(
    *,
    registration: Registration,
    first_day: date,
    pru: School,
    today: date,
    acting_user: User,
    reason: str = "",
) -> Exclusion:
    """The excluding school records a permanent exclusion; the LA's day-6 provision is a
    placement at the Short Stay School, waiting for the pupil to go on its roll. The pupil
    stays on the excluding school's roll until ground O is met."""
    errors: dict[str, str] = {}
    if registration.deleted_on is not None:
        errors["first_day"] = "The pupil is no longer on this school's roll"
    if registration.school.is_pru:
        errors["pru"] = "Record the exclusion at the excluding (mainstream) school"
    if not pru.is_pru or pru.local_authority_id != registration.school.local_authority_id:
        errors["pru"] = "Select the Short Stay School in your local authority"
    if first_day < registration.starting_day:
        errors["first_day"] = "The exclusion cannot start before the pupil's starting day"
    if Exclusion.objects.filter(registration=registration).exists():
        errors["first_day"] = "A permanent exclusion is already recorded for this registration"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        exclusion = Exclusion.objects.create(
            child=registration.child,
            school=registration.school,
            registration=registration,
            first_day=first_day,
            reason=reason,
            state=ReviewState.EXCLUDED,
            state_since=first_day,
        )
        placement = Placement.objects.create(
            child=registration.child,
            school=pru,
            kind=PlacementKind.PERMANENT_EXCLUSION,
            home_school=registration.school,
            exclusion=exclusion,
            first_day_of_exclusion=first_day,
        )
        deadline = day6_deadline(placement, today=today)
        audit_record(
            action=AuditAction.EXCLUSION_RECORDED,
            actor=acting_user,
            obj=exclusion,
            child_id=registration.child_id,
            detail={
                "first_day": first_day.isoformat(),
                "placement_at": pru.name,
                "day6": deadline.deadline.isoformat() if deadline else "",
            },
        )
    return exclusion


def exclusion_event_record(
    *,
    exclusion: Exclusion,
    event: str,
    occurred_on: date,
    today: date,
    acting_user: User,
    note: str = "",
) -> Exclusion:
    """Move the review on by one event, only along the rules' allowed transitions."""
    if event not in ReviewEvent.__members__.values():
        raise ValidationError({"event": "Select what happened"})
    try:
        new_state = transition(ReviewState(exclusion.state), ReviewEvent(event))
    except ValueError as exc:
        raise ValidationError({"event": f"That cannot happen now: {exc}"}) from None
    if occurred_on > today:
        raise ValidationError({"occurred_on": "The date must be today or in the past"})
    if occurred_on < exclusion.state_since:
        raise ValidationError(
            {
                "occurred_on": "The date must be on or after the previous step "
                f"({exclusion.state_since:%d %B %Y})"
            }
        )
    refusal = review_event_date_refusal(
        ReviewEvent(event),
        state_since=exclusion.state_since,
        occurred_on=occurred_on,
        calendar=school_calendar(exclusion.school),
    )
    if refusal:
        raise ValidationError({"occurred_on": refusal})
    with transaction.atomic():
        ExclusionEvent.objects.create(
            exclusion=exclusion,
            event=event,
            occurred_on=occurred_on,
            recorded_by=acting_user,
            note=note,
        )
        previous = exclusion.state
        exclusion.state, exclusion.state_since = new_state.value, occurred_on
        exclusion.save(update_fields=["state", "state_since"])
        audit_record(
            action=AuditAction.EXCLUSION_REVIEW_EVENT,
            actor=acting_user,
            obj=exclusion,
            child_id=exclusion.child_id,
            detail={"event": event, "from": previous, "to": new_state.value},
        )
    return exclusion


def exclusion_pat_direction_record(
    *,
    exclusion: Exclusion,
    directed_on: date,
    today: date,
    acting_user: User,
    note: str = "",
) -> Exclusion:
    """The LA Pupil Access Team's officer records the team's direction to remove the pupil
    from the excluding school's roll (the seed's Lancashire rule for ground O). Only a Pupil
    Access Team officer of the excluding school's LA may: the school cannot direct itself."""
    school = exclusion.school
    if not (
        acting_user.is_pupil_access_team
        and acting_user.organisation_id == school.local_authority_id
    ):
        raise PermissionDenied(
            "Only the Pupil Access Team of the excluding school's local authority may record "
            "its direction"
        )
    errors: dict[str, str] = {}
    if exclusion.pat_directed_on is not None:
        errors["directed_on"] = "The Pupil Access Team's direction is already recorded"
    elif directed_on > today:
        errors["directed_on"] = "The date of the direction must be today or in the past"
    elif directed_on < exclusion.first_day:
        errors["directed_on"] = "The direction cannot be before the exclusion"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        exclusion.pat_directed_on = directed_on
        exclusion.pat_directed_by = acting_user.get_full_name() or acting_user.username
        exclusion.pat_directed_by_user = acting_user
        exclusion.pat_note = note.strip()
        exclusion.pat_recorded_at = timezone.now()
        exclusion.save(
            update_fields=[
                "pat_directed_on",
                "pat_directed_by",
                "pat_directed_by_user",
                "pat_note",
                "pat_recorded_at",
            ]
        )
        audit_record(
            action=AuditAction.EXCLUSION_PAT_DIRECTION,
            actor=acting_user,
            obj=exclusion,
            child_id=exclusion.child_id,
            detail={
                "directed_on": directed_on.isoformat(),
                "directed_by": exclusion.pat_directed_by,
                "school": school.name,
            },
        )
    return exclusion


def day6_deadline(placement: Placement, *, today: date) -> OnRollDeadline | None:
    """The day-6 deadline of a permanent-exclusion placement (``None`` for referrals or when
    the calendar does not reach that far)."""
    if placement.first_day_of_exclusion is None:
        return None
    exclusion = placement.exclusion
    reinstated = exclusion is not None and exclusion.state == ReviewState.REINSTATED
    try:
        return pex_on_roll_deadline(
            placement.first_day_of_exclusion,
            calendar=school_calendar(placement.school),
            today=today,
            on_roll_on=placement.on_roll_on,
            reinstated_on=exclusion.state_since if exclusion is not None and reinstated else None,
        )
    except ValueError:
        return None


def placement_put_on_roll(
    *,
    placement: Placement,
    starting_day: date,
    today: date,
    acting_user: User,
    national_curriculum_year: int | None = None,
    late_start_reason: str = "",
) -> Registration:
    """Put the permanently excluded pupil on the Short Stay School's roll: dual registered
    (subsidiary) while they remain on the excluding school's roll, which becomes the main
    registration; single once they are not. The new-pupil return follows. A start after
    day 6 needs its reason (R-PRU-D6-LATE), judged on the real starting day however late it
    is entered; the day the start was entered is kept, so a back-dated start shows as one."""
    if placement.status != PlacementStatus.AWAITING_ROLL:
        raise ValidationError({"starting_day": "The pupil is already on roll"})
    first_day = placement.first_day_of_exclusion
    if first_day and starting_day < first_day:
        raise ValidationError(
            {"starting_day": "The starting day cannot be before the exclusion started"}
        )
    late_start_reason = late_start_reason.strip()
    if first_day:
        try:
            refusal = late_start_refusal(
                first_day,
                calendar=school_calendar(placement.school),
                starting_day=starting_day,
                reason=late_start_reason,
            )
        except ValueError:
            refusal = None
        if refusal:
            raise ValidationError({"late_start_reason": refusal})
    home = placement.home_school
    dual = (
        home is not None
        and Registration.objects.filter(
            child=placement.child, school=home, deleted_on__isnull=True
        ).exists()
    )
    with transaction.atomic():
        registration = registration_create(
            child=placement.child,
            school=placement.school,
            kind=RegistrationKind.DUAL_SUBSIDIARY if dual else RegistrationKind.SINGLE,
            starting_day=starting_day,
            today=today,
            acting_user=acting_user,
            partner_school=home if dual else None,
            national_curriculum_year=national_curriculum_year,
            last_school_attended=home.name if home else "",
        )
        placement.status = PlacementStatus.ON_ROLL
        placement.registration = registration
        placement.on_roll_on = starting_day
        placement.on_roll_confirmed_by = acting_user
        placement.on_roll_recorded_on = today
        deadline = day6_deadline(placement, today=today)
        late = deadline is not None and deadline.breached
        placement.late_start_reason = late_start_reason if late else ""
        placement.save(
            update_fields=[
                "status",
                "registration",
                "on_roll_on",
                "on_roll_confirmed_by",
                "on_roll_recorded_on",
                "late_start_reason",
            ]
        )
        audit_record(
            action=AuditAction.PLACEMENT_ON_ROLL,
            actor=acting_user,
            obj=placement,
            child_id=placement.child_id,
            detail={
                "starting_day": starting_day.isoformat(),
                "dual": dual,
                "day6": deadline.status.value if deadline else "",
                "day6_date": deadline.deadline.isoformat() if deadline else "",
                "after_day6": late,
                "late_start_reason": placement.late_start_reason,
                "recorded_on": today.isoformat(),
                "back_dated": starting_day < today,
            },
        )
    return registration


def placement_review_record(
    *,
    placement: Placement,
    reviewed_on: date,
    note: str,
    next_review_on: date | None,
    today: date,
    acting_user: User,
) -> Placement:
    """Record a review of a referral placement and when the next one is due."""
    errors: dict[str, str] = {}
    if reviewed_on > today:
        errors["reviewed_on"] = "The review date must be today or in the past"
    if next_review_on is not None and next_review_on <= reviewed_on:
        errors["next_review_on"] = "The next review must be after this one"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        placement.reviews = [
            *placement.reviews,
            {"on": reviewed_on.isoformat(), "note": note, "by": acting_user.get_username()},
        ]
        placement.next_review_on = next_review_on
        placement.save(update_fields=["reviews", "next_review_on"])
        audit_record(
            action=AuditAction.PLACEMENT_REVIEWED,
            actor=acting_user,
            obj=placement,
            child_id=placement.child_id,
            detail={"reviewed_on": reviewed_on.isoformat()},
        )
    return placement


def placement_outcome_record(
    *,
    placement: Placement,
    outcome: str,
    note: str,
    acting_user: User,
) -> Placement:
    """Record the reintegration outcome; the placement ends (leaving the roll is separate,
    under a reg 9 ground)."""
    if outcome not in ReintegrationOutcome.values:
        raise ValidationError({"outcome": "Select the outcome"})
    with transaction.atomic():
        placement.outcome, placement.outcome_note = outcome, note
        placement.status = PlacementStatus.ENDED
        placement.save(update_fields=["outcome", "outcome_note", "status"])
        audit_record(
            action=AuditAction.PLACEMENT_OUTCOME,
            actor=acting_user,
            obj=placement,
            child_id=placement.child_id,
            detail={"outcome": outcome},
        )
    return placement
