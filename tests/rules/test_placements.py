"""Short Stay School placements (seed): day-6 roll deadline, referral placements, leavers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onroll.rules.placements import (
    DestinationConfirmation,
    LeaverFacts,
    OnRollStatus,
    PlacementKind,
    destination_unmet,
    late_start_refusal,
    leaver_destination_check,
    mainstream_deletion_refusal,
    pex_on_roll_deadline,
)
from onroll.rules.school_calendar import SchoolCalendar

CAL = SchoolCalendar(
    [(date(2025, 9, 1), date(2025, 10, 24)), (date(2025, 11, 3), date(2025, 12, 19))],
    [date(2025, 9, 1)],
)
FIRST_DAY = date(2025, 10, 23)  # Thu; day 6 is Thu 6 Nov after half term
DAY5, DAY6, DAY7 = date(2025, 11, 5), date(2025, 11, 6), date(2025, 11, 7)


@pytest.mark.parametrize(
    ("on_roll_on", "today", "status", "breached"),
    [
        (DAY5, DAY5, OnRollStatus.ON_TIME, False),  # N-1
        (DAY6, DAY6, OnRollStatus.ON_TIME, False),  # N
        (DAY7, DAY7, OnRollStatus.LATE, True),  # N+1
        (None, DAY5, OnRollStatus.DUE, False),
        (None, DAY6, OnRollStatus.DUE, False),
        (None, DAY7, OnRollStatus.OVERDUE, True),
        (FIRST_DAY, DAY7, OnRollStatus.ON_TIME, False),
    ],
)
def test_pex_on_roll_by_day_6(
    on_roll_on: date | None, today: date, status: OnRollStatus, breached: bool
) -> None:
    result = pex_on_roll_deadline(FIRST_DAY, calendar=CAL, today=today, on_roll_on=on_roll_on)
    assert result.deadline == DAY6
    assert result.status is status
    assert result.breached is breached
    assert "2025-11-06" in result.reason


def test_mainstream_must_not_delete_referral_placement() -> None:
    reason = mainstream_deletion_refusal(PlacementKind.REFERRAL)
    assert reason is not None
    assert "must not take the child off roll" in reason
    assert mainstream_deletion_refusal(PlacementKind.PERMANENT_EXCLUSION) is None
    assert mainstream_deletion_refusal(None) is None
    assert mainstream_deletion_refusal("referral") is not None  # type: ignore[arg-type]


CONFIRMED = DestinationConfirmation(
    school_name="Hawthorn Lane High School",
    laestab="8884123",
    confirmed_by="J Smith, admissions",
    confirmed_how="phone",
    confirmed_on=date(2026, 3, 2),
)


def test_destination_gaps_each_listed() -> None:
    assert destination_unmet(CONFIRMED) == ()
    assert len(destination_unmet(None)) == 1
    gaps = destination_unmet(DestinationConfirmation(school_name="  "))
    assert len(gaps) == 4
    assert any("not named" in g for g in gaps)
    assert any("who confirmed" in g for g in gaps)
    assert any("how" in g for g in gaps)
    assert any("when" in g for g in gaps)


def test_leaver_with_confirmed_destination_may_leave() -> None:
    decision = leaver_destination_check(LeaverFacts(destination=CONFIRMED))
    assert decision.may_leave
    assert not decision.cme_referral_required
    assert not decision.contact_la_cme_team


@pytest.mark.parametrize(
    ("moving", "school_known", "la_known", "contact"),
    [
        (False, False, False, False),
        (True, False, False, True),
        (True, True, False, False),
        (True, False, True, False),
    ],
)
def test_leaver_without_destination_needs_cme_referral(
    moving: bool, school_known: bool, la_known: bool, contact: bool
) -> None:
    decision = leaver_destination_check(
        LeaverFacts(moving_area=moving, new_school_known=school_known, new_la_known=la_known)
    )
    assert not decision.may_leave
    assert decision.cme_referral_required
    assert decision.contact_la_cme_team is contact
    assert any("refer the child to the LA CME team" in r for r in decision.reasons)


@given(st.dates(date(2025, 9, 1), date(2025, 12, 1)))
def test_property_day6_is_the_sixth_school_day(first_day: date) -> None:
    result = pex_on_roll_deadline(first_day, calendar=CAL, today=first_day)
    assert CAL.is_school_day(result.deadline)
    assert CAL.school_days_between(first_day, result.deadline) == 6
    assert not result.breached


@pytest.mark.parametrize(
    ("starting_day", "reason", "refused"),
    [
        (DAY5, "", False),  # N-1
        (DAY6, "", False),  # N
        (DAY7, "", True),  # N+1
        (DAY7, "  ", True),
        (DAY7, "No place until the panel met", False),
    ],
)
def test_late_start_needs_a_reason(starting_day: date, reason: str, refused: bool) -> None:
    refusal = late_start_refusal(FIRST_DAY, calendar=CAL, starting_day=starting_day, reason=reason)
    assert (refusal is not None) is refused
    if refusal:
        assert "Thursday 6 November 2025" in refusal


@pytest.mark.parametrize("today", [DAY5, DAY6, DAY7])
def test_reinstated_pupil_is_never_overdue(today: date) -> None:
    result = pex_on_roll_deadline(FIRST_DAY, calendar=CAL, today=today, reinstated_on=DAY5)
    assert result.status is OnRollStatus.NOT_NEEDED
    assert not result.breached
    assert "2025-11-05" in result.reason


def test_reinstated_after_going_on_roll_keeps_the_roll_status() -> None:
    result = pex_on_roll_deadline(
        FIRST_DAY, calendar=CAL, today=DAY7, on_roll_on=DAY7, reinstated_on=DAY7
    )
    assert result.status is OnRollStatus.LATE
