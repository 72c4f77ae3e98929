"""Returns to the LA: new pupil, 10-day absence, 15-day sickness (thresholds N-1, N, N+1)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from onroll.rules.alerts import Mark
from onroll.rules.returns import (
    AbsenceReturn,
    new_pupil_return,
    sickness_return,
    ten_day_absence_return,
)
from onroll.rules.school_calendar import SchoolCalendar

CAL = SchoolCalendar(
    [(date(2025, 9, 1), date(2025, 12, 19)), (date(2026, 1, 5), date(2026, 3, 27))],
    [date(2025, 10, 27) + timedelta(days=k) for k in range(5)],
)
FIRST_DAY = date(2025, 9, 1)
WED = date(2025, 11, 5)


def school_days(start: date, n: int) -> list[date]:
    return [CAL.nth_school_day(start, k) for k in range(1, n + 1)]


def marks_for(days: list[date], am: str, pm: str | None = None) -> list[Mark]:
    return [m for d in days for m in (Mark(d, "AM", am), Mark(d, "PM", pm or am))]


# --------------------------------------------------------------------- new pupil


def test_new_pupil_return_due_five_calendar_days_after_entry() -> None:
    got = new_pupil_return(WED)
    assert got.required
    assert got.due_by == date(2025, 11, 10)
    assert "2025-11-10" in got.reason
    # the fifth day after entry is the last day in time
    assert not got.is_overdue(date(2025, 11, 9))
    assert not got.is_overdue(date(2025, 11, 10))
    assert got.is_overdue(date(2025, 11, 11))
    assert not got.is_overdue(date(2025, 12, 1), made_on=date(2025, 11, 10))
    assert got.is_overdue(date(2025, 12, 1), made_on=date(2025, 11, 11))


def test_new_pupil_return_in_school_days() -> None:
    got = new_pupil_return(date(2025, 10, 23), count_school_days=True, calendar=CAL)
    # Thu 23 Oct: school days after are Fri 24 Oct, then 3, 4, 5, 6 Nov (half term)
    assert got.due_by == date(2025, 11, 6)
    assert "school days" in got.reason
    with pytest.raises(ValueError, match="needs the school's calendar"):
        new_pupil_return(WED, count_school_days=True)


@pytest.mark.parametrize(
    ("junior", "start", "first_day", "required"),
    [
        (True, FIRST_DAY, FIRST_DAY, False),  # reg 13(2) exemption
        (True, FIRST_DAY + timedelta(days=1), FIRST_DAY, True),  # started a day later
        (False, FIRST_DAY, FIRST_DAY, True),  # not the most junior class
        (True, FIRST_DAY, None, True),  # first day unknown: safe side
    ],
)
def test_junior_class_exemption(
    junior: bool, start: date, first_day: date | None, required: bool
) -> None:
    got = new_pupil_return(
        start,
        in_most_junior_class=junior,
        starting_day=start,
        first_day_of_school_year=first_day,
    )
    assert got.required is required
    if not required:
        assert got.due_by is None
        assert "reg 13(2)" in got.reason
        assert not got.is_overdue(date(2026, 1, 1))


@pytest.mark.parametrize(
    ("request_date", "required"),
    [
        (date(2025, 8, 31), True),  # asked before the entry
        (date(2025, 9, 1), False),  # asked on the day of entry: only entries after it
        (date(2025, 9, 2), False),  # asked after the entry
    ],
)
def test_la_request_overrides_exemption(request_date: date, required: bool) -> None:
    got = new_pupil_return(
        FIRST_DAY,
        in_most_junior_class=True,
        first_day_of_school_year=FIRST_DAY,
        la_request_date=request_date,
    )
    assert got.required is required
    if required:
        assert got.due_by == date(2025, 9, 6)
        assert "LA asked" in got.reason


def test_first_day_of_school_year_from_calendar() -> None:
    cal = SchoolCalendar([(date(2025, 9, 1), date(2025, 12, 19))], [date(2025, 9, 1)])
    exempt = new_pupil_return(date(2025, 9, 2), in_most_junior_class=True, calendar=cal)
    assert not exempt.required
    later = new_pupil_return(date(2025, 9, 3), in_most_junior_class=True, calendar=cal)
    assert later.required
    assert later.due_by == date(2025, 9, 8)
    # the calendar does not cover the pupil's school year: cannot tell, so due
    outside = new_pupil_return(date(2026, 9, 1), in_most_junior_class=True, calendar=cal)
    assert outside.required
    # the calendar's next school day is in a later school year: not the first day of this one
    spring_only = SchoolCalendar([(date(2026, 1, 5), date(2026, 3, 27))])
    got = new_pupil_return(date(2025, 8, 20), in_most_junior_class=True, calendar=spring_only)
    assert got.required


# --------------------------------------------------------------------- 10-day return


@pytest.mark.parametrize(("n", "required"), [(9, False), (10, True), (11, True)])
def test_ten_day_return_threshold(n: int, required: bool) -> None:
    days = school_days(date(2025, 10, 21), n)  # crosses half term
    got = ten_day_absence_return(marks_for(days, "O"), CAL, days[-1])
    assert got.required is required
    assert got.run_days == n
    assert got.run_start == date(2025, 10, 21)


def test_ten_day_return_u_configurable() -> None:
    days = school_days(WED, 10)
    marks = marks_for(days[:5], "N") + marks_for(days[5:6], "U") + marks_for(days[6:], "N")
    assert not ten_day_absence_return(marks, CAL, days[-1]).required
    got = ten_day_absence_return(marks, CAL, days[-1], codes={"G", "N", "O", "U"})
    assert got.required
    assert got.run_days == 10


def test_ten_day_return_dual_registration_days_skipped() -> None:
    days = school_days(WED, 11)
    marks = marks_for(days[:5], "N") + marks_for(days[5:6], "D") + marks_for(days[6:], "N")
    got = ten_day_absence_return(marks, CAL, days[-1])
    assert got.required
    assert got.run_days == 10


def test_ten_day_return_once_per_run_and_csa_only() -> None:
    days = school_days(WED, 12)
    marks = marks_for(days, "G")
    reported = ten_day_absence_return(marks, CAL, days[-1], last_reported_run_start=WED)
    assert reported == AbsenceReturn(False, 12, WED, reported.reason)
    assert "Already reported" in reported.reason
    other = ten_day_absence_return(marks, CAL, days[-1], last_reported_run_start=date(2025, 9, 10))
    assert other.required
    assert "make the 10-day return" in other.reason
    not_csa = ten_day_absence_return(marks, CAL, days[-1], of_compulsory_school_age=False)
    assert not not_csa.required
    assert "compulsory school age" in not_csa.reason


def test_ten_day_return_without_marks() -> None:
    got = ten_day_absence_return([], CAL, WED)
    assert got == AbsenceReturn(False, 0, None, got.reason)


# --------------------------------------------------------------------- sickness return


@pytest.mark.parametrize(
    ("sessions", "required"),
    [(28, False), (29, False), (30, True), (31, True)],  # 14, 14.5, 15, 15.5 days
)
def test_sickness_threshold(sessions: int, required: bool) -> None:
    days = school_days(date(2025, 9, 1), 16)
    codes = ["I"] * sessions + ["/"] * (32 - sessions)
    marks = [
        Mark(d, s, codes[2 * i + j]) for i, d in enumerate(days) for j, s in enumerate(("AM", "PM"))
    ]
    got = sickness_return(marks, CAL, days[-1])
    assert got.required is required
    assert got.sickness_days == sessions / 2
    assert got.episode_start == date(2025, 9, 1)


def test_sickness_cumulative_across_episodes() -> None:
    first = school_days(date(2025, 9, 1), 8)
    back = school_days(CAL.next_school_day(first[-1]), 3)
    second = school_days(CAL.next_school_day(back[-1]), 7)
    marks = marks_for(first, "I") + marks_for(back, "/", "\\") + marks_for(second, "I")
    got = sickness_return(marks, CAL, second[-1])
    assert got.required
    assert got.sickness_days == 15
    assert got.episode_start == second[0]
    assert "threshold 15" in got.reason


def test_sickness_once_per_episode() -> None:
    days = school_days(date(2025, 9, 1), 20)
    marks = marks_for(days, "I")
    made = days[15]
    got = sickness_return(marks, CAL, days[-1], last_return_made_on=made)
    assert not got.required
    assert "Already reported" in got.reason
    # a new illness after a return for an earlier one: due again
    back = school_days(CAL.next_school_day(days[-1]), 2)
    again = school_days(CAL.next_school_day(back[-1]), 1)
    marks += marks_for(back, "/", "\\") + marks_for(again, "I")
    got = sickness_return(marks, CAL, again[-1], last_return_made_on=made)
    assert got.required
    assert got.episode_start == again[0]


def test_sickness_expected() -> None:
    days = school_days(date(2025, 9, 1), 2)
    marks = marks_for(days, "I")
    assert not sickness_return(marks, CAL, days[-1], expected_sickness_days=14.5).required
    got = sickness_return(marks, CAL, days[-1], expected_sickness_days=15)
    assert got.required
    assert "expected to miss 15" in got.reason
    assert not sickness_return([], CAL, days[-1], expected_sickness_days=20).required


def test_sickness_latest_episode_is_found_behind_recent_attendance() -> None:
    ill = school_days(date(2025, 9, 1), 15)
    back = school_days(CAL.next_school_day(ill[-1]), 3)
    neutral = [Mark(CAL.next_school_day(back[-1]), "AM", "#")]
    marks = marks_for(ill, "I") + marks_for(back, "/", "\\") + neutral
    got = sickness_return(marks, CAL, date(2025, 10, 1))
    assert got.required  # late, but still owed
    assert got.episode_start == date(2025, 9, 1)


def test_sickness_only_this_school_year_and_csa() -> None:
    cal = SchoolCalendar(
        [(date(2025, 6, 2), date(2025, 7, 18)), (date(2025, 9, 1), date(2025, 9, 30))]
    )
    june = [cal.nth_school_day(date(2025, 6, 2), k) for k in range(1, 16)]
    marks = [*marks_for(june, "I"), Mark(date(2025, 9, 1), "AM", "I")]
    got = sickness_return(marks, cal, date(2025, 9, 2))
    assert not got.required
    assert got.sickness_days == 0.5
    assert not sickness_return(
        marks, cal, date(2025, 7, 18), of_compulsory_school_age=False
    ).required
    none = sickness_return(marks_for(june, "/", "\\"), cal, date(2025, 7, 18))
    assert not none.required
    assert none.episode_start is None
    assert "no illness" in none.reason
