"""Deadlines on a school's calendar: how many school days are left, and the day to work to.

Two rules every work queue shares, so that a deadline reads the same on every page:

- :func:`school_days_left` — the one count of school days from today to a deadline;
- :func:`work_by` — the day a deadline is worked to when it falls on a day the school does
  not meet (a weekend, a holiday, a bank holiday, a closure).

Deadlines the law counts in school days (day 6, a CTF within 15 school days, exclusion
reviews) already land on school days, because they are counted with
:meth:`SchoolCalendar.add_school_days`; :func:`work_by` leaves them unchanged.
"""

from __future__ import annotations

from datetime import date, timedelta

from onroll.rules.catalogue import rule
from onroll.rules.school_calendar import SchoolCalendar

__all__ = ["school_days_left", "work_by"]


@rule(
    id="R-CAL-6",
    title="School days left until a deadline",
    source="domain.md conventions (school day ≠ calendar day); every 'within N school days' rule",
    example="Today Mon 30 Nov 2026, due Fri 4 Dec: 4 school days left; due today: 0; due Fri "
    "27 Nov: -1 (overdue); on Sat 5 Dec a deadline of Fri 4 Dec is still -1, never 0.",
)
def school_days_left(calendar: SchoolCalendar, today: date, due: date | None) -> int | None:
    """The school days left until a deadline are the school days after today up to and
    including the deadline: 0 when it is due today (or no school day comes before it); once
    it has passed, minus the school days since it, and never less than one day overdue, even
    when today is a weekend or holiday.

    ``None`` when there is no deadline. A calendar that does not reach ``due`` counts only
    the school days it holds. Source: domain.md conventions ("school day" ≠ calendar day).
    """
    if due is None:
        return None
    if due >= today:
        return calendar.school_days_between(today + timedelta(days=1), due)
    return -max(1, calendar.school_days_between(due + timedelta(days=1), today))


@rule(
    id="R-CAL-7",
    title="A deadline on a day the school does not meet is worked by the school day before",
    source="Regs 2024 reg 13(1) ('by the end of the fifth day after', calendar days: "
    "domain.md §4.1); Onroll's own working deadlines (placement reviews, leavers' "
    "destinations, moves to follow up)",
    example="A pupil entered on Mon 30 Nov 2026 must be in a new-pupil return by the end of "
    "Sat 5 Dec 2026; the school does not meet that day, so the work queue shows it due on "
    "Fri 4 Dec 2026 and names 5 Dec as the law's deadline.",
    assumption="The law's calendar-day deadline is kept as it is (a return is late only after "
    "it); only the day the work is shown due moves, and it moves earlier, never later, so "
    "acting by it always meets the law.",
)
def work_by(calendar: SchoolCalendar, due: date, *, today: date | None = None) -> date:
    """A deadline that falls on a day the school does not meet is worked by the last school
    day on or before it, since no one is in school to act on the day itself and the next
    school day would be too late; a deadline on a school day is unchanged.

    The statutory date itself stays as the law counts it (a new-pupil return is late only
    after the end of the fifth calendar day). The deadline is also unchanged when no school
    day comes between ``today`` (when given) and the deadline — the school last met before
    the work arose, as when a pupil is entered in the holidays, so the law's date is the day
    to work to — and before the first day the calendar holds. Source: Regs 2024 reg 13(1);
    domain.md §4.1.
    """
    if calendar.is_school_day(due):
        return due
    try:
        day = calendar.school_day_on_or_before(due)
    except ValueError:
        return due
    if today is not None and day < today:
        return due
    return day
