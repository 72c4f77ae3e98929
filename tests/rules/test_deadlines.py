"""School days left until a deadline (R-CAL-6) and the day a deadline is worked by (R-CAL-7)."""

from __future__ import annotations

from datetime import date

import pytest

from onroll.rules.calendar_builder import build_calendar
from onroll.rules.deadlines import school_days_left, work_by
from onroll.rules.school_calendar import SchoolCalendar

#: Autumn 2026 with Christmas inside the term, as an administrator might enter it: the
#: builder takes out Christmas Day (Fri 25 Dec) and the Boxing Day substitute (Mon 28 Dec).
CAL = build_calendar([(date(2026, 11, 2), date(2026, 12, 31))])
TODAY = date(2026, 11, 30)  # a Monday


@pytest.mark.parametrize(
    ("due", "left"),
    [
        (None, None),
        (TODAY, 0),  # due today
        (date(2026, 12, 1), 1),  # N-1 / N / N+1 around the first school day after today
        (date(2026, 12, 4), 4),
        (date(2026, 12, 5), 4),  # a Saturday: no more school days than the Friday
        (date(2026, 12, 7), 5),
        (date(2026, 12, 29), 19),  # 25 and 28 December are not counted
        (date(2026, 11, 27), -1),  # Friday, overdue on Monday by one school day
        (date(2026, 11, 26), -2),
    ],
)
def test_school_days_left(due: date | None, left: int | None) -> None:
    assert school_days_left(CAL, TODAY, due) == left


def test_overdue_is_never_zero_on_a_day_the_school_does_not_meet() -> None:
    saturday = date(2026, 12, 5)
    assert school_days_left(CAL, saturday, date(2026, 12, 4)) == -1
    assert school_days_left(CAL, saturday, saturday) == 0
    # past the end of the calendar only the school days it holds are counted
    assert school_days_left(CAL, TODAY, date(2027, 1, 8)) == 21
    assert school_days_left(SchoolCalendar([]), TODAY, date(2026, 12, 4)) == 0


@pytest.mark.parametrize(
    ("due", "worked_by"),
    [
        (date(2026, 12, 4), date(2026, 12, 4)),  # a school day: unchanged
        (date(2026, 12, 5), date(2026, 12, 4)),  # Saturday → Friday
        (date(2026, 12, 6), date(2026, 12, 4)),  # Sunday → Friday
        (date(2026, 12, 25), date(2026, 12, 24)),  # Christmas Day → Thursday
        (date(2026, 12, 28), date(2026, 12, 24)),  # Boxing Day substitute → before Christmas
        (date(2027, 1, 4), date(2026, 12, 31)),  # after the calendar: its last school day
    ],
)
def test_work_by_moves_a_deadline_to_the_school_day_on_or_before(
    due: date, worked_by: date
) -> None:
    assert work_by(CAL, due) == worked_by
    assert work_by(CAL, due, today=TODAY) == worked_by
    assert CAL.is_school_day(worked_by)


def test_work_by_keeps_the_date_when_no_school_day_comes_before_it() -> None:
    # before the first day the calendar holds
    assert work_by(CAL, date(2026, 11, 1)) == date(2026, 11, 1)
    # the school last met before today (work arising at a weekend): the law's own date
    saturday, sunday = date(2026, 12, 5), date(2026, 12, 6)
    assert work_by(CAL, sunday, today=saturday) == sunday
    assert work_by(CAL, sunday, today=date(2026, 12, 4)) == date(2026, 12, 4)
