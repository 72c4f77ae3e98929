"""Returns a school must make to the local authority (other than the deletion return).

- the new-pupil return when a pupil's name is entered on the admission register
  (reg 13(1)-(3));
- the return of a pupil absent without authorisation for 10 school days in a row
  (reg 12, "10-day return");
- the return of a pupil who will miss 15 school days through sickness (reg 12, new in 2024).

The deletion return is in :mod:`onroll.rules.deletion_return`. Marks are read as in
:mod:`onroll.rules.alerts` (plain ``(date, session, code)`` tuples on school days up to
``today``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from onroll.rules.age import academic_year_start
from onroll.rules.alerts import current_run_start, register_days
from onroll.rules.attendance import (
    SICKNESS_CODE,
    UNAUTHORISED_RUN_CODES,
    AttendanceCategory,
    attendance_category,
)
from onroll.rules.catalogue import rule
from onroll.rules.school_calendar import SchoolCalendar

__all__ = [
    "NEW_PUPIL_RETURN_DAYS",
    "SICKNESS_RETURN_DAYS",
    "TEN_DAY_RETURN_DAYS",
    "AbsenceReturn",
    "NewPupilReturn",
    "SicknessReturn",
    "new_pupil_return",
    "sickness_return",
    "ten_day_absence_return",
]

NEW_PUPIL_RETURN_DAYS = 5
TEN_DAY_RETURN_DAYS = 10
SICKNESS_RETURN_DAYS = 15


# --------------------------------------------------------------------------- new pupil


@dataclass(frozen=True)
class NewPupilReturn:
    """Whether a new-pupil return is due, by when, and why."""

    required: bool
    due_by: date | None
    reason: str

    def is_overdue(self, today: date, made_on: date | None = None) -> bool:
        """True when a required return was not made by the end of ``due_by``."""
        if not self.required or self.due_by is None:
            return False
        if made_on is not None:
            return made_on > self.due_by
        return today > self.due_by


@rule(
    id="R-RET-NEW",
    title="New-pupil return within 5 days of entry on the admission register",
    source="School Attendance (Pupil Registration) (England) Regulations 2024 reg 13(1)-(3); "
    "domain.md §4.1",
    example="Entered on Wed 5 Nov 2025 → return due by the end of Mon 10 Nov 2025 (calendar "
    "days). A Reception pupil starting on the first day of the school year is exempt unless "
    "the LA asked for such returns before the entry.",
    assumption="'Fifth day' is counted in calendar days, as the regulation does not say "
    "'school day' (domain.md §4.1 and §13 item 12 mark this UNCONFIRMED).",
    configurable="count_school_days=True counts school days on the school's calendar "
    "instead, if the LA agrees.",
)
def new_pupil_return(
    entered_on: date,
    *,
    in_most_junior_class: bool = False,
    starting_day: date | None = None,
    first_day_of_school_year: date | None = None,
    la_request_date: date | None = None,
    count_school_days: bool = False,
    calendar: SchoolCalendar | None = None,
) -> NewPupilReturn:
    """When a pupil's name is entered on the admission register the school must give the LA
    everything the register holds about the pupil by the end of the fifth day after the day
    of entry, unless the pupil was placed in the school's most junior class and their
    starting day is the first day of the school year; that exemption does not apply to a
    pupil entered after the LA asked for returns for such pupils too.

    ``starting_day`` defaults to ``entered_on``. ``first_day_of_school_year`` defaults to the
    first school day on or after 1 September on ``calendar``, when a calendar covering that
    school year is given; when it is still unknown the exemption cannot be checked and the
    return is treated as due (the safe side). Source: Regs 2024 reg 13(1)-(3); domain.md
    §4.1.
    """
    start = starting_day or entered_on
    if first_day_of_school_year is None and calendar is not None:
        first_day_of_school_year = _first_school_day_of_year(calendar, start)
    if count_school_days:
        if calendar is None:
            raise ValueError("count_school_days=True needs the school's calendar")
        due = calendar.add_school_days(entered_on, NEW_PUPIL_RETURN_DAYS)
        unit = "school days"
    else:
        due = entered_on + timedelta(days=NEW_PUPIL_RETURN_DAYS)
        unit = "days"
    exempt = (
        in_most_junior_class
        and first_day_of_school_year is not None
        and start == first_day_of_school_year
    )
    if exempt and la_request_date is not None and entered_on > la_request_date:
        return NewPupilReturn(
            True,
            due,
            "Placed in the most junior class from the first day of the school year, which is "
            f"normally exempt, but the LA asked on {la_request_date.isoformat()} for returns "
            f"for such pupils too; due by the end of {due.isoformat()} ({NEW_PUPIL_RETURN_DAYS} "
            f"{unit} after entry).",
        )
    if exempt:
        return NewPupilReturn(
            False,
            None,
            "No return needed: placed in the most junior class with a starting day on the "
            "first day of the school year (reg 13(2)).",
        )
    return NewPupilReturn(
        True,
        due,
        f"Entered on the admission register on {entered_on.isoformat()}; the new-pupil "
        f"return is due by the end of {due.isoformat()} ({NEW_PUPIL_RETURN_DAYS} {unit} after "
        "entry).",
    )


def _first_school_day_of_year(calendar: SchoolCalendar, day: date) -> date | None:
    year_start = academic_year_start(day)
    try:
        first = calendar.school_day_on_or_after(year_start)
    except ValueError:
        return None
    return first if academic_year_start(first) == year_start else None


# --------------------------------------------------------------------------- 10-day return


@dataclass(frozen=True)
class AbsenceReturn:
    """Whether a 10-day continuous-absence return is due, the run behind it, and why."""

    required: bool
    run_days: int
    run_start: date | None
    reason: str


@rule(
    id="R-ATT-10",
    title="10-day return: 10 school days in a row of unauthorised absence",
    source="Regs 2024 reg 12 (2006 reg 12 wording carried forward, via S13, S14); domain.md §4.4",
    example="G, N or O on every session of 10 consecutive school days → return due; 9 → not "
    "yet. A run already reported (same first day) is not reported again.",
    assumption="Which codes count is UNCONFIRMED (domain.md §4.4, §13 item 3); the default is "
    "G, N and O, matching deletion ground I, so U (late after registers closed) breaks the "
    "run. Days coded D (at another school) are skipped, neither counting nor breaking.",
    configurable="codes=frozenset({'G', 'N', 'O', 'U'}) counts U as well; the reporting "
    "interval is agreed with the LA.",
)
def ten_day_absence_return(
    marks: Iterable[tuple[date, str, str]],
    calendar: SchoolCalendar,
    today: date,
    *,
    codes: Iterable[str] = UNAUTHORISED_RUN_CODES,
    of_compulsory_school_age: bool = True,
    last_reported_run_start: date | None = None,
) -> AbsenceReturn:
    """A school must tell the LA about a pupil of compulsory school age who has been absent
    without authorisation for a continuous period of 10 or more school days: the current
    run of days with every possible session unauthorised, counted back from the latest
    school day, has reached 10. Each run is reported once.

    Source: Regs 2024 reg 12; domain.md §4.4.
    """
    run, start = current_run_start(register_days(marks, calendar, today), codes)
    if not of_compulsory_school_age:
        return AbsenceReturn(
            False, run, start, "No return: the pupil is not of compulsory school age."
        )
    if run < TEN_DAY_RETURN_DAYS or start is None:
        return AbsenceReturn(
            False,
            run,
            start,
            f"No return yet: {run} school day(s) of continuous unauthorised absence "
            f"(the return is due at {TEN_DAY_RETURN_DAYS}).",
        )
    if last_reported_run_start == start:
        return AbsenceReturn(
            False,
            run,
            start,
            f"Already reported: this run began on {start.isoformat()} and a return was made "
            "for it.",
        )
    return AbsenceReturn(
        True,
        run,
        start,
        f"Absent without authorisation for {run} school days in a row since "
        f"{start.isoformat()}: make the 10-day return to the LA with the pupil's name, "
        "address and the cause of absence if known.",
    )


# --------------------------------------------------------------------------- sickness


@dataclass(frozen=True)
class SicknessReturn:
    """Whether a 15-day sickness return is due, the I-coded days behind it, and why."""

    required: bool
    sickness_days: float
    episode_start: date | None
    reason: str


@rule(
    id="R-ATT-15",
    title="Sickness return: 15 school days missed through illness (once per episode)",
    source="Regs 2024 reg 12 (new sickness return, via S13, S15, S22); domain.md §4.4",
    example="28 I-coded sessions this school year (14 days) → no return; the 30th (15 days) "
    "→ return due; a return made during this illness → none until a new illness starts. "
    "Expected to be off 15 days from the first I day → due at once.",
    assumption="Days are counted from I-coded sessions (2 sessions = 1 day, so a morning off "
    "sick is half a day), cumulatively over the school year from 1 September. A continuous "
    "illness episode is a run of school days each with at least one I session; days with "
    "no possible session are skipped; any other day ends it. domain.md §13 item 3 marks the "
    "per-school-year test UNCONFIRMED.",
)
def sickness_return(
    marks: Iterable[tuple[date, str, str]],
    calendar: SchoolCalendar,
    today: date,
    *,
    expected_sickness_days: float | None = None,
    last_return_made_on: date | None = None,
    of_compulsory_school_age: bool = True,
) -> SicknessReturn:
    """A school must tell the LA about a pupil of compulsory school age recorded as ill
    (code I) whom it has reasonable grounds to believe will miss 15 school days,
    consecutively or cumulatively, because of sickness: the I-coded days so far this school
    year reach 15, or the school expects them to (``expected_sickness_days``, the school's
    estimate of the year's total). Only one return is made per continuous period of
    illness.

    Source: Regs 2024 reg 12; domain.md §4.4.
    """
    year_start = academic_year_start(today)
    days = [day for day in register_days(marks, calendar, today) if day.date >= year_start]
    sessions = sum(code == SICKNESS_CODE for day in days for _, code in day.marked())
    sick_days = sessions / 2
    episode_start: date | None = None
    for day in reversed(days):
        marked = day.marked()
        if any(code == SICKNESS_CODE for _, code in marked):
            episode_start = day.date
        elif _has_possible(marked):
            if episode_start is None:
                continue  # not ill lately: keep looking for the latest episode
            break
    if not of_compulsory_school_age:
        return SicknessReturn(
            False, sick_days, episode_start, "No return: not of compulsory school age."
        )
    if episode_start is None:
        return SicknessReturn(
            False, sick_days, None, "No return: no illness (code I) this school year."
        )
    expected = expected_sickness_days is not None and (
        expected_sickness_days >= SICKNESS_RETURN_DAYS
    )
    if sick_days < SICKNESS_RETURN_DAYS and not expected:
        return SicknessReturn(
            False,
            sick_days,
            episode_start,
            f"No return yet: {sick_days:g} school day(s) of illness this school year and not "
            f"expected to reach {SICKNESS_RETURN_DAYS}.",
        )
    if last_return_made_on is not None and last_return_made_on >= episode_start:
        return SicknessReturn(
            False,
            sick_days,
            episode_start,
            f"Already reported: a sickness return was made on {last_return_made_on.isoformat()} "
            f"for the illness that began on {episode_start.isoformat()}.",
        )
    why = (
        f"{sick_days:g} school days missed through illness this school year"
        if sick_days >= SICKNESS_RETURN_DAYS
        else f"expected to miss {expected_sickness_days:g} school days through illness"
    )
    return SicknessReturn(
        True,
        sick_days,
        episode_start,
        f"Make the sickness return to the LA: {why} (threshold {SICKNESS_RETURN_DAYS}); the "
        f"current illness began on {episode_start.isoformat()}.",
    )


def _has_possible(marked: tuple[tuple[str, str], ...]) -> bool:
    return any(
        attendance_category(code) is not AttendanceCategory.NOT_POSSIBLE for _, code in marked
    )
