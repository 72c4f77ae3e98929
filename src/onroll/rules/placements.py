"""Short Stay School (pupil referral unit) placements: the seed procedure's own rules.

- A permanently excluded pupil is on the PRU's roll on or before day 6 of the exclusion.
- Referral placements are dual registered; the mainstream school must not take the child off
  roll.
- A leaver needs an identified provision where the child is confirmed on roll; otherwise a CME
  referral (and, for a family moving area with no known school or LA, contact the LA CME team).

Source: Stepping Stones CME procedure (seed); domain.md §1.3, §7.2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from onroll.rules.catalogue import rule
from onroll.rules.exclusions import DAY_SIX
from onroll.rules.school_calendar import SchoolCalendar

__all__ = [
    "DestinationConfirmation",
    "LeaverDecision",
    "LeaverFacts",
    "OnRollDeadline",
    "OnRollStatus",
    "PlacementKind",
    "destination_unmet",
    "late_start_refusal",
    "leaver_destination_check",
    "mainstream_deletion_refusal",
    "pex_on_roll_deadline",
]


class PlacementKind(StrEnum):
    """Why a pupil is at the Short Stay School."""

    REFERRAL = "referral"  # dual registered; aim is return to mainstream
    PERMANENT_EXCLUSION = "permanent_exclusion"  # LA's day-6 provision after a PEX


class OnRollStatus(StrEnum):
    ON_TIME = "on_time"  # placed on roll on or before day 6
    LATE = "late"  # placed on roll after day 6: a breach, now remedied
    DUE = "due"  # not yet on roll, day 6 not yet passed
    OVERDUE = "overdue"  # not on roll and day 6 has passed: a breach
    NOT_NEEDED = "not_needed"  # the pupil was reinstated before going on roll: no duty left


@dataclass(frozen=True)
class OnRollDeadline:
    deadline: date
    status: OnRollStatus
    breached: bool
    reason: str


@rule(
    id="R-PRU-D6",
    title="A permanently excluded pupil is on the PRU's roll by day 6",
    source="Stepping Stones CME procedure (seed); domain.md §7.2 (LA day-6 duty)",
    example="Exclusion from Thu 6 Nov 2025 (no closures): on roll by Thu 13 Nov 2025; on roll "
    "14 Nov is late; not on roll on 14 Nov is overdue.",
)
def pex_on_roll_deadline(
    first_day_of_exclusion: date,
    *,
    calendar: SchoolCalendar,
    today: date,
    on_roll_on: date | None = None,
    reinstated_on: date | None = None,
) -> OnRollDeadline:
    """Every permanently excluded pupil the Short Stay School takes must be on its roll on
    or before the sixth school day of the exclusion; later is a breach. A pupil reinstated
    before going on the PRU's roll returns to the excluding school: the day-6 placement is
    no longer needed and is never overdue.

    Source: Stepping Stones CME procedure (seed): "placed on roll on or before day 6 of
    their exclusion"; domain.md §7.2 (the LA's duty is to an excluded pupil).
    """
    deadline = calendar.nth_school_day(first_day_of_exclusion, DAY_SIX)
    when = deadline.isoformat()
    if on_roll_on is not None:
        if on_roll_on <= deadline:
            return OnRollDeadline(
                deadline, OnRollStatus.ON_TIME, False, f"On roll by day 6 ({when})."
            )
        return OnRollDeadline(
            deadline,
            OnRollStatus.LATE,
            True,
            f"Placed on roll on {on_roll_on.isoformat()}, after day 6 ({when}).",
        )
    if reinstated_on is not None:
        return OnRollDeadline(
            deadline,
            OnRollStatus.NOT_NEEDED,
            False,
            f"Reinstated on {reinstated_on.isoformat()}: the day-6 placement is no longer needed.",
        )
    if today <= deadline:
        return OnRollDeadline(
            deadline, OnRollStatus.DUE, False, f"Must be on roll by day 6 ({when})."
        )
    return OnRollDeadline(
        deadline,
        OnRollStatus.OVERDUE,
        True,
        f"Not on roll and day 6 ({when}) has passed: the pupil is without the LA's "
        "day-6 provision.",
    )


def _long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


@rule(
    id="R-PRU-D6-LATE",
    title="A start on the PRU's roll after day 6 needs a reason",
    source="Stepping Stones CME procedure (seed); domain.md §7.2 (LA day-6 duty)",
    example="Exclusion from Thu 6 Nov 2025: a start on Thu 13 Nov needs no reason; a start on "
    "Fri 14 Nov without a reason is refused, naming day 6 (Thursday 13 November 2025).",
)
def late_start_refusal(
    first_day_of_exclusion: date,
    *,
    calendar: SchoolCalendar,
    starting_day: date,
    reason: str,
) -> str | None:
    """A permanently excluded pupil who starts on the Short Stay School's roll after the
    sixth school day of the exclusion has missed the LA's day-6 provision: the start is
    accepted only with the reason it is late, so the breach is recorded rather than
    silent. The deadline is judged on the real starting day, whenever it is entered.
    Returns the refusal, or ``None``.

    Source: Stepping Stones CME procedure (seed): "placed on roll on or before day 6 of
    their exclusion"; domain.md §7.2.
    """
    deadline = calendar.nth_school_day(first_day_of_exclusion, DAY_SIX)
    if starting_day <= deadline or reason.strip():
        return None
    return (
        f"The starting day is after day 6 of the exclusion ({_long_date(deadline)}): "
        "give the reason the pupil was not on roll by day 6"
    )


@rule(
    id="R-PRU-DUAL",
    title="Mainstream school must not delete a pupil on a referral placement",
    source="Stepping Stones CME procedure (seed); domain.md §1.3",
    example="Pupil dual registered at the PRU on a referral placement: the mainstream school's "
    "deletion is refused.",
)
def mainstream_deletion_refusal(placement: PlacementKind | None) -> str | None:
    """Children on referral placements are dual registered and the mainstream school must
    not take them off roll (the aim is a return to mainstream). Returns the refusal reason,
    or ``None`` when there is no referral placement.

    Source: Stepping Stones CME procedure (seed).
    """
    if placement is not None and PlacementKind(placement) is PlacementKind.REFERRAL:
        return (
            "The pupil is on a referral placement at the Short Stay School and is dual "
            "registered: the mainstream school must not take the child off roll."
        )
    return None


@dataclass(frozen=True)
class DestinationConfirmation:
    """Confirmation that the child is on the roll of the destination school."""

    school_name: str = ""
    laestab: str = ""
    confirmed_by: str = ""  # who at the destination school confirmed
    confirmed_how: str = ""  # e.g. phone call, email, S2S, CTF acknowledgement
    confirmed_on: date | None = None
    on_roll_from: date | None = None


def destination_unmet(confirmation: DestinationConfirmation | None) -> tuple[str, ...]:
    """Every gap in the confirmation that the child is on the destination school's roll."""
    if confirmation is None:
        return ("No destination school has been confirmed as having the child on roll.",)
    gaps: list[str] = []
    if not confirmation.school_name.strip():
        gaps.append("The destination school is not named.")
    if not confirmation.confirmed_by.strip():
        gaps.append("It is not recorded who confirmed the child is on the destination roll.")
    if not confirmation.confirmed_how.strip():
        gaps.append("It is not recorded how the destination school confirmed the child is on roll.")
    if confirmation.confirmed_on is None:
        gaps.append(
            "It is not recorded when the destination school confirmed the child is on roll."
        )
    return tuple(gaps)


@dataclass(frozen=True)
class LeaverFacts:
    destination: DestinationConfirmation | None = None
    moving_area: bool = False
    new_school_known: bool = False
    new_la_known: bool = False


@dataclass(frozen=True)
class LeaverDecision:
    may_leave: bool
    cme_referral_required: bool
    contact_la_cme_team: bool
    reasons: tuple[str, ...]


@rule(
    id="R-PRU-LEAVE",
    title="A leaver needs a confirmed destination on roll, otherwise a CME referral",
    source="Stepping Stones CME procedure (seed)",
    example="Leaver whose new school confirmed by phone on 2 Mar 2026 (named officer): may "
    "leave. Family moving to another area with no known school or LA: CME referral and "
    "contact the LA CME team.",
)
def leaver_destination_check(facts: LeaverFacts) -> LeaverDecision:
    """When a child leaves the Short Stay School an appropriate provision must have been
    identified and the child registered and on roll there (named, and who confirmed it, how
    and when); without that a CME referral is required. When the family moves area and
    neither the new school nor the new local authority is known, the school contacts the
    LA CME team for advice.

    Source: Stepping Stones CME procedure (seed).
    """
    gaps = destination_unmet(facts.destination)
    if not gaps:
        return LeaverDecision(True, False, False, ("Destination confirmed on roll.",))
    reasons = [
        *gaps,
        "Without a confirmed destination on roll, refer the child to the LA CME team.",
    ]
    contact = facts.moving_area and not (facts.new_school_known or facts.new_la_known)
    if contact:
        reasons.append(
            "The family is moving area and neither the new school nor the new LA is known: "
            "contact the LA CME team for advice, guidance and support."
        )
    return LeaverDecision(False, True, contact, tuple(reasons))
