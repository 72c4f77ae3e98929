"""R-EXC-DATES and R-EXC-STAGE: review and IRP steps only within their windows, and the
review's stage read from one fact (issue 12, bypass 6)."""

from __future__ import annotations

from datetime import date

import pytest

from onroll.rules.exclusions import (
    IrpOutcome,
    ReviewEvent,
    ReviewFacts,
    ReviewState,
    review_event_date_refusal,
    review_stage,
)
from onroll.rules.school_calendar import SchoolCalendar

# autumn term 2026 with a break from 19 Dec; spring term from 4 Jan 2027
CAL = SchoolCalendar(
    [(date(2026, 9, 1), date(2026, 12, 18)), (date(2027, 1, 4), date(2027, 3, 26))]
)
NOTIFIED = date(2026, 11, 20)  # Friday: parent told of the board's decision
DEADLINE = CAL.add_school_days(NOTIFIED, 15)  # the 15th school day after: Fri 11 Dec 2026
BEFORE, AFTER = CAL.add_school_days(DEADLINE, -1), CAL.add_school_days(DEADLINE, 1)


def test_the_deadline_is_counted_in_school_days() -> None:
    assert date(2026, 12, 11) == DEADLINE
    assert (date(2026, 12, 10), date(2026, 12, 14)) == (BEFORE, AFTER)


@pytest.mark.parametrize(
    ("occurred_on", "refused"), [(BEFORE, True), (DEADLINE, True), (AFTER, False)]
)
def test_window_passed_cannot_be_dated_until_the_window_has_passed(
    occurred_on: date, refused: bool
) -> None:
    refusal = review_event_date_refusal(
        ReviewEvent.IRP_WINDOW_EXPIRED,
        state_since=NOTIFIED,
        occurred_on=occurred_on,
        calendar=CAL,
    )
    assert (refusal is not None) is refused
    if refused:
        assert refusal == (
            "The 15 school days to apply for an independent review end on Friday 11 December "
            "2026: this step cannot be dated on or before then."
        )


@pytest.mark.parametrize(
    ("occurred_on", "refused"), [(BEFORE, False), (DEADLINE, False), (AFTER, True)]
)
def test_irp_application_only_within_the_window(occurred_on: date, refused: bool) -> None:
    refusal = review_event_date_refusal(
        ReviewEvent.IRP_APPLIED, state_since=NOTIFIED, occurred_on=occurred_on, calendar=CAL
    )
    assert (refusal is not None) is refused
    if refused:
        assert refusal is not None
        assert "end on Friday 11 December 2026" in refusal
        assert "out of time" in refusal


@pytest.mark.parametrize(
    "event",
    [
        ReviewEvent.BOARD_NOTIFIED,
        ReviewEvent.BOARD_DECLINED,
        ReviewEvent.PARENT_WAIVED_IRP_IN_WRITING,
        ReviewEvent.IRP_UPHELD,
        ReviewEvent.RECONSIDERED_DECLINED,
    ],
)
def test_other_steps_are_not_limited_by_a_window(event: ReviewEvent) -> None:
    late = date(2027, 3, 1)
    assert (
        review_event_date_refusal(event, state_since=NOTIFIED, occurred_on=late, calendar=CAL)
        is None
    )


def test_a_calendar_that_does_not_reach_the_deadline_refuses() -> None:
    refusal = review_event_date_refusal(
        ReviewEvent.IRP_WINDOW_EXPIRED,
        state_since=date(2027, 3, 20),
        occurred_on=date(2027, 4, 30),
        calendar=CAL,
    )
    assert refusal is not None
    assert "calendar does not reach" in refusal


DECLINED = ReviewFacts(
    board_declined_to_reinstate=True, parent_notified_of_board_decision_on=NOTIFIED
)


def test_stage_recorded_ended_before_its_deadline_is_still_the_window() -> None:
    stage = review_stage(ReviewState.PROCESS_ENDED, BEFORE, DECLINED, calendar=CAL, today=BEFORE)
    assert stage.state is ReviewState.IRP_WINDOW
    assert stage.since == NOTIFIED
    assert stage.deadline == DEADLINE
    assert stage.ended_on is None


@pytest.mark.parametrize(("today", "ended"), [(DEADLINE, False), (AFTER, True)])
def test_stage_window_passed_is_ended_on_its_last_day(today: date, ended: bool) -> None:
    stage = review_stage(ReviewState.IRP_WINDOW, NOTIFIED, DECLINED, calendar=CAL, today=today)
    assert (stage.state is ReviewState.PROCESS_ENDED) is ended
    assert stage.ended_on == (DEADLINE if ended else None)
    assert stage.since == (DEADLINE if ended else NOTIFIED)


def test_stage_upheld_is_ended_on_the_decision() -> None:
    review = ReviewFacts(
        board_declined_to_reinstate=True,
        parent_notified_of_board_decision_on=NOTIFIED,
        irp_applied_on=date(2026, 11, 25),
        irp_outcome=IrpOutcome.UPHELD,
        irp_decision_on=date(2026, 12, 9),
    )
    stage = review_stage(
        ReviewState.PROCESS_ENDED, date(2026, 12, 9), review, calendar=CAL, today=AFTER
    )
    assert (stage.state, stage.ended_on, stage.deadline) == (
        ReviewState.PROCESS_ENDED,
        date(2026, 12, 9),
        None,
    )


def test_stage_deadline_none_past_the_calendar() -> None:
    stage = review_stage(
        ReviewState.BOARD_PENDING, date(2027, 3, 20), ReviewFacts(), calendar=CAL, today=AFTER
    )
    assert stage.state is ReviewState.BOARD_PENDING
    assert stage.deadline is None
