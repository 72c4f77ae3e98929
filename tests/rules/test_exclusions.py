"""Permanent-exclusion review: transitions, deadlines on school days, end of process, ground
O eligibility, day-6 duty, the 45-day cap and board-meeting triggers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onroll.rules.exclusions import (
    TRANSITIONS,
    ExclusionKind,
    IrpOutcome,
    ProvisionDuty,
    ReviewEndEvent,
    ReviewEvent,
    ReviewFacts,
    ReviewState,
    allowed_events,
    board_meeting_required,
    board_review_deadline,
    day6_provision,
    ground_o_eligibility,
    irp_application_deadline,
    irp_hearing_deadline,
    reconsideration_deadline,
    review_process_end,
    state_deadline,
    suspension_total_check,
    transition,
)
from onroll.rules.school_calendar import SchoolCalendar

# 2025/26 with half terms as breaks, an INSET day and the May bank holiday.
CAL = SchoolCalendar(
    [
        (date(2025, 9, 1), date(2025, 10, 24)),
        (date(2025, 11, 3), date(2025, 12, 19)),
        (date(2026, 1, 5), date(2026, 2, 13)),
        (date(2026, 2, 23), date(2026, 3, 27)),
        (date(2026, 4, 13), date(2026, 5, 22)),
        (date(2026, 6, 1), date(2026, 7, 17)),
    ],
    [date(2025, 9, 1), date(2026, 5, 4)],
)

S, E = ReviewState, ReviewEvent
EXPECTED = {
    (S.EXCLUDED, E.BOARD_NOTIFIED): S.BOARD_PENDING,
    (S.BOARD_PENDING, E.BOARD_REINSTATED): S.REINSTATED,
    (S.BOARD_PENDING, E.BOARD_DECLINED): S.IRP_WINDOW,
    (S.IRP_WINDOW, E.IRP_APPLIED): S.IRP_PENDING,
    (S.IRP_WINDOW, E.IRP_WINDOW_EXPIRED): S.PROCESS_ENDED,
    (S.IRP_WINDOW, E.PARENT_WAIVED_IRP_IN_WRITING): S.PROCESS_ENDED,
    (S.IRP_PENDING, E.IRP_UPHELD): S.PROCESS_ENDED,
    (S.IRP_PENDING, E.IRP_RECOMMENDED_RECONSIDERATION): S.RECONSIDERATION_PENDING,
    (S.IRP_PENDING, E.IRP_QUASHED): S.RECONSIDERATION_PENDING,
    (S.RECONSIDERATION_PENDING, E.RECONSIDERED_REINSTATED): S.REINSTATED,
    (S.RECONSIDERATION_PENDING, E.RECONSIDERED_DECLINED): S.PROCESS_ENDED,
}
ALL_PAIRS = [(s, e) for s in ReviewState for e in ReviewEvent]


def test_table_is_exactly_the_expected_one() -> None:
    assert TRANSITIONS == EXPECTED


@pytest.mark.parametrize(("state", "event"), list(EXPECTED))
def test_every_allowed_transition(state: ReviewState, event: ReviewEvent) -> None:
    assert transition(state, event) is EXPECTED[(state, event)]


@pytest.mark.parametrize(("state", "event"), [p for p in ALL_PAIRS if p not in EXPECTED])
def test_every_disallowed_transition_is_refused(state: ReviewState, event: ReviewEvent) -> None:
    with pytest.raises(ValueError, match="cannot take event") as info:
        transition(state, event)
    assert state.value in str(info.value)


def test_final_states_have_no_events() -> None:
    assert allowed_events(S.REINSTATED) == ()
    assert allowed_events(S.PROCESS_ENDED) == ()
    with pytest.raises(ValueError, match=r"none \(final state\)"):
        transition(S.REINSTATED, E.BOARD_NOTIFIED)
    assert allowed_events(S.IRP_WINDOW) == (
        E.IRP_APPLIED,
        E.IRP_WINDOW_EXPIRED,
        E.PARENT_WAIVED_IRP_IN_WRITING,
    )


def test_transition_accepts_string_values() -> None:
    assert transition("board_pending", "board_declined") is S.IRP_WINDOW  # type: ignore[arg-type]


def test_a_full_contested_review_walks_the_table() -> None:
    state = S.EXCLUDED
    for event in (
        E.BOARD_NOTIFIED,
        E.BOARD_DECLINED,
        E.IRP_APPLIED,
        E.IRP_QUASHED,
        E.RECONSIDERED_DECLINED,
    ):
        state = transition(state, event)
    assert state is S.PROCESS_ENDED


# ----------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("func", "start", "expected", "n"),
    [
        # Mon 13 Oct + 15 school days, across half term -> Mon 10 Nov 2025
        (board_review_deadline, date(2025, 10, 13), date(2025, 11, 10), 15),
        # Fri 12 Dec + 15, across Christmas -> Fri 16 Jan 2026
        (irp_application_deadline, date(2025, 12, 12), date(2026, 1, 16), 15),
        # Wed 11 Feb + 15, across February half term -> Wed 11 Mar 2026
        (irp_hearing_deadline, date(2026, 2, 11), date(2026, 3, 11), 15),
        # Mon 27 Apr + 10, skipping the 4 May bank holiday -> Tue 12 May 2026
        (reconsideration_deadline, date(2026, 4, 27), date(2026, 5, 12), 10),
    ],
)
def test_deadlines_count_school_days(func, start: date, expected: date, n: int) -> None:  # type: ignore[no-untyped-def]
    deadline = func(CAL, start)
    assert deadline == expected
    assert CAL.is_school_day(deadline)
    # on the threshold: exactly N school days after the start; N-1 is the school day before
    assert CAL.school_days_between(start + timedelta(days=1), deadline) == n
    assert CAL.school_days_between(
        start + timedelta(days=1), CAL.previous_school_day(deadline)
    ) == (n - 1)
    assert (
        CAL.school_days_between(start + timedelta(days=1), CAL.next_school_day(deadline)) == n + 1
    )


school_dates = st.dates(date(2025, 9, 1), date(2026, 5, 1))


@given(school_dates)
def test_property_deadlines_are_school_days(start: date) -> None:
    for func, n in (
        (board_review_deadline, 15),
        (irp_application_deadline, 15),
        (irp_hearing_deadline, 15),
        (reconsideration_deadline, 10),
    ):
        deadline = func(CAL, start)
        assert CAL.is_school_day(deadline)
        assert deadline > start
        assert CAL.school_days_between(start + timedelta(days=1), deadline) == n


def test_deadline_past_calendar_end_raises() -> None:
    with pytest.raises(ValueError, match="fewer than"):
        board_review_deadline(CAL, date(2026, 7, 10))


# ----------------------------------------------------------------------------- end of process

NOTIFIED = date(2025, 12, 12)  # window closes Fri 16 Jan 2026
WINDOW_CLOSES = date(2026, 1, 16)
DECLINED = ReviewFacts(
    board_declined_to_reinstate=True, parent_notified_of_board_decision_on=NOTIFIED
)


@pytest.mark.parametrize(
    ("today", "ended"),
    [
        (date(2026, 1, 15), False),  # N-1: 14th school day
        (WINDOW_CLOSES, False),  # N: the 15th school day, window still open
        (date(2026, 1, 17), True),  # after the 15th school day
        (date(2026, 1, 19), True),  # N+1
    ],
)
def test_irp_window_expiry_threshold(today: date, ended: bool) -> None:
    end = review_process_end(DECLINED, calendar=CAL, today=today)
    assert (end is not None) is ended
    if end:
        assert end.event is ReviewEndEvent.IRP_WINDOW_EXPIRED
        assert end.ended_on == WINDOW_CLOSES


def test_no_end_while_board_has_not_declined_or_reinstated() -> None:
    assert review_process_end(ReviewFacts(), calendar=CAL, today=date(2026, 6, 1)) is None
    reinstated = ReviewFacts(board_declined_to_reinstate=True, reinstated=True)
    assert review_process_end(reinstated, calendar=CAL, today=date(2026, 6, 1)) is None


def test_board_declined_but_parent_not_yet_notified_has_not_ended() -> None:
    facts = ReviewFacts(board_declined_to_reinstate=True)
    assert review_process_end(facts, calendar=CAL, today=date(2026, 6, 1)) is None


def test_written_waiver_ends_first() -> None:
    facts = ReviewFacts(
        board_declined_to_reinstate=True,
        parent_notified_of_board_decision_on=NOTIFIED,
        parent_waived_irp_in_writing_on=date(2025, 12, 15),
    )
    end = review_process_end(facts, calendar=CAL, today=date(2026, 2, 1))
    assert end is not None
    assert end.event is ReviewEndEvent.PARENT_WAIVED_IRP_IN_WRITING
    assert end.ended_on == date(2025, 12, 15)
    # a waiver dated in the future has not happened yet
    assert review_process_end(facts, calendar=CAL, today=date(2025, 12, 14)) is None


def test_irp_application_in_time_stops_window_expiry() -> None:
    facts = ReviewFacts(
        board_declined_to_reinstate=True,
        parent_notified_of_board_decision_on=NOTIFIED,
        irp_applied_on=WINDOW_CLOSES,
        parent_waived_irp_in_writing_on=date(2026, 1, 20),  # ignored: IRP applied
    )
    assert review_process_end(facts, calendar=CAL, today=date(2026, 2, 20)) is None


def test_late_irp_application_does_not_reopen_the_window() -> None:
    facts = ReviewFacts(
        board_declined_to_reinstate=True,
        parent_notified_of_board_decision_on=NOTIFIED,
        irp_applied_on=date(2026, 1, 19),
    )
    end = review_process_end(facts, calendar=CAL, today=date(2026, 1, 20))
    assert end is not None
    assert end.event is ReviewEndEvent.IRP_WINDOW_EXPIRED


def test_irp_upheld_ends_on_decision() -> None:
    facts = ReviewFacts(
        board_declined_to_reinstate=True,
        parent_notified_of_board_decision_on=NOTIFIED,
        irp_applied_on=date(2026, 1, 6),
        irp_outcome=IrpOutcome.UPHELD,
        irp_decision_on=date(2026, 1, 27),
    )
    assert review_process_end(facts, calendar=CAL, today=date(2026, 1, 26)) is None
    end = review_process_end(facts, calendar=CAL, today=date(2026, 1, 27))
    assert end is not None
    assert (end.event, end.ended_on) == (ReviewEndEvent.IRP_UPHELD, date(2026, 1, 27))


def test_upheld_without_decision_date_has_not_ended() -> None:
    facts = ReviewFacts(
        board_declined_to_reinstate=True,
        parent_notified_of_board_decision_on=NOTIFIED,
        irp_applied_on=date(2026, 1, 6),
        irp_outcome=IrpOutcome.UPHELD,
    )
    assert review_process_end(facts, calendar=CAL, today=date(2026, 3, 1)) is None


@pytest.mark.parametrize("outcome", [IrpOutcome.QUASHED, IrpOutcome.RECOMMENDED_RECONSIDERATION])
def test_reconsideration_declined_ends(outcome: IrpOutcome) -> None:
    facts = ReviewFacts(
        board_declined_to_reinstate=True,
        parent_notified_of_board_decision_on=NOTIFIED,
        irp_applied_on=date(2026, 1, 6),
        irp_outcome=outcome,
        irp_decision_on=date(2026, 1, 27),
        reconsidered_declined_on=date(2026, 2, 5),
    )
    end = review_process_end(facts, calendar=CAL, today=date(2026, 2, 5))
    assert end is not None
    assert (end.event, end.ended_on) == (ReviewEndEvent.RECONSIDERED_DECLINED, date(2026, 2, 5))


def test_reconsideration_without_irp_reconsider_outcome_is_ignored() -> None:
    facts = ReviewFacts(
        board_declined_to_reinstate=True,
        irp_applied_on=date(2026, 1, 6),
        reconsidered_declined_on=date(2026, 2, 5),
    )
    assert review_process_end(facts, calendar=CAL, today=date(2026, 3, 1)) is None


# ----------------------------------------------------------------------------- ground O


def test_ground_o_needs_end_and_pat_direction() -> None:
    after = date(2026, 1, 19)
    refused = ground_o_eligibility(
        DECLINED, calendar=CAL, today=after, pupil_access_team_directed_removal=False
    )
    assert not refused.eligible
    assert refused.unmet == (
        "The LA's Pupil Access Team has not directed removal from the mainstream roll.",
    )
    allowed = ground_o_eligibility(
        DECLINED, calendar=CAL, today=after, pupil_access_team_directed_removal=True
    )
    assert allowed.eligible
    assert allowed.unmet == ()
    assert allowed.review_end is not None


def test_ground_o_while_review_running_lists_both_gaps() -> None:
    result = ground_o_eligibility(
        DECLINED, calendar=CAL, today=WINDOW_CLOSES, pupil_access_team_directed_removal=False
    )
    assert not result.eligible
    assert len(result.unmet) == 2
    assert "has not ended" in result.unmet[0]


def test_ground_o_pat_direction_configurable() -> None:
    result = ground_o_eligibility(
        DECLINED,
        calendar=CAL,
        today=date(2026, 1, 19),
        pupil_access_team_directed_removal=False,
        require_pat_direction=False,
    )
    assert result.eligible


def test_ground_o_reinstated_never() -> None:
    facts = ReviewFacts(board_declined_to_reinstate=True, reinstated=True)
    result = ground_o_eligibility(
        facts, calendar=CAL, today=date(2026, 6, 1), pupil_access_team_directed_removal=True
    )
    assert not result.eligible
    assert result.unmet == ("The pupil has been reinstated, so the exclusion no longer stands.",)


# ----------------------------------------------------------------------------- day 6


@pytest.mark.parametrize(
    ("kind", "owed_by"),
    [
        (ExclusionKind.SUSPENSION, ProvisionDuty.SCHOOL),
        (ExclusionKind.PERMANENT, ProvisionDuty.LOCAL_AUTHORITY),
    ],
)
def test_day6_duty_and_date(kind: ExclusionKind, owed_by: ProvisionDuty) -> None:
    # Thu 23 Oct 2025: 23, 24, (half term), 3, 4, 5, 6 Nov -> day 6 is Thu 6 Nov
    result = day6_provision(kind, date(2025, 10, 23), calendar=CAL)
    assert result.owed_by is owed_by
    assert result.from_date == date(2025, 11, 6)
    assert result.from_date == CAL.nth_school_day(date(2025, 10, 23), 6)
    assert result.note == ""


def test_day6_looked_after_note() -> None:
    result = day6_provision(
        ExclusionKind.PERMANENT, date(2025, 10, 23), calendar=CAL, looked_after=True
    )
    assert "day 1" in result.note


# ----------------------------------------------------------------------------- suspensions


@pytest.mark.parametrize(
    ("already", "proposed", "allowed", "remaining"),
    [(30, 14, True, 1), (30, 15, True, 0), (30, 16, False, 0), (0, 45, True, 0), (44, 2, False, 0)],
)
def test_suspension_cap_45(already: int, proposed: int, allowed: bool, remaining: int) -> None:
    result = suspension_total_check(already, proposed)
    assert result.allowed is allowed
    assert result.total_after == already + proposed
    assert result.remaining == remaining
    assert ("over the maximum" in result.reason) is (not allowed)


@pytest.mark.parametrize(("already", "proposed"), [(-1, 1), (0, 0)])
def test_suspension_bad_input(already: int, proposed: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        suspension_total_check(already, proposed)


# ----------------------------------------------------------------------------- board meetings

NOTICE = date(2025, 10, 13)


@pytest.mark.parametrize(
    ("kind", "days", "exam", "reps", "required", "within"),
    [
        (ExclusionKind.PERMANENT, 0, False, False, True, 15),
        (ExclusionKind.SUSPENSION, 14, False, False, False, None),
        (ExclusionKind.SUSPENSION, 15, False, False, False, None),  # N: not more than 15
        (ExclusionKind.SUSPENSION, 16, False, False, True, 15),  # N+1
        (ExclusionKind.SUSPENSION, 2, True, False, True, 15),  # misses a public exam
        (ExclusionKind.SUSPENSION, 5, False, True, False, None),  # 5: no meeting
        (ExclusionKind.SUSPENSION, 6, False, True, True, 50),  # >5 with representations
        (ExclusionKind.SUSPENSION, 15, False, True, True, 50),
        (ExclusionKind.SUSPENSION, 10, False, False, False, None),  # no representations
    ],
)
def test_board_meeting_triggers(
    kind: ExclusionKind, days: int, exam: bool, reps: bool, required: bool, within: int | None
) -> None:
    result = board_meeting_required(
        kind,
        notice_received_on=NOTICE,
        calendar=CAL,
        suspension_days_this_term=days,
        misses_public_exam=exam,
        parent_made_representations=reps,
    )
    assert result.required is required
    assert result.within_school_days == within
    assert result.reasons
    if within is None:
        assert result.deadline is None
    else:
        assert result.deadline == CAL.add_school_days(NOTICE, within)


def test_board_meeting_pex_missing_exam_gives_both_reasons() -> None:
    result = board_meeting_required(
        ExclusionKind.PERMANENT, notice_received_on=NOTICE, calendar=CAL, misses_public_exam=True
    )
    assert len(result.reasons) == 2
    assert result.deadline == date(2025, 11, 10)


@pytest.mark.parametrize(
    ("state", "began", "expected"),
    [
        (S.BOARD_PENDING, date(2025, 10, 13), date(2025, 11, 10)),
        (S.IRP_WINDOW, date(2025, 12, 12), date(2026, 1, 16)),
        (S.IRP_PENDING, date(2026, 2, 11), date(2026, 3, 11)),
        (S.RECONSIDERATION_PENDING, date(2026, 4, 27), date(2026, 5, 12)),
        (S.EXCLUDED, date(2025, 10, 13), None),
        (S.REINSTATED, date(2025, 10, 13), None),
        (S.PROCESS_ENDED, date(2025, 10, 13), None),
    ],
)
def test_state_deadline(state: ReviewState, began: date, expected: date | None) -> None:
    assert state_deadline(state, began, calendar=CAL) == expected
