"""The stored per-pupil attendance state, kept current by folding days in.

How the daily update works (the issue asks for "a day's marks fold into the stored per-pupil
state without recomputing the year"):

- ``PupilAttendance`` holds, per pupil, school and school year, the totals of
  ``rules.summarise_attendance`` (possible, attended, authorised, unauthorised, sickness
  sessions) and the current and longest runs of unauthorised-absence days, split into
  *settled* totals (every register day before ``last_day``) and the codes of ``last_day``
  itself, whose afternoon register may still change.
- When marks change only on ``last_day`` or later (the normal day: the morning register, then
  the afternoon, then tomorrow's), :func:`state_update` reads just those days' marks and folds
  them in: one day is one call of ``summarise_attendance`` over its two codes plus
  ``classify_day`` for the run. Nothing before ``last_day`` is read.
- When a mark changes on an earlier day (a correction, a back-dated import) the pupil's year is
  recomputed from their marks (a few hundred rows for one pupil).
- Days are read exactly as ``rules.alerts.register_days`` reads them: school days on the
  school's calendar, on or before today; a day with one session marked counts the other as not
  possible. So the public fields always equal ``summarise_attendance`` over the year's days
  (``tests/attendance/test_state.py`` checks this on random histories).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TypedDict

from onroll.rules.age import academic_year_start
from onroll.rules.alerts import RegisterDay, register_days
from onroll.rules.attendance import (
    DayKind,
    classify_day,
    is_persistent_absence,
    is_severe_absence,
    summarise_attendance,
)
from onroll.rules.school_calendar import SchoolCalendar


class Totals(TypedDict):
    possible: int
    attended: int
    authorised: int
    unauthorised: int
    sickness: int
    run: int
    longest: int


def empty_totals() -> Totals:
    return Totals(
        possible=0, attended=0, authorised=0, unauthorised=0, sickness=0, run=0, longest=0
    )


def fold_day(totals: Totals, am: str | None, pm: str | None) -> Totals:
    """``totals`` with one more register day added (a missing session is not possible)."""
    day = summarise_attendance([am or "#", pm or "#"])
    kind = classify_day(am, pm)
    run = totals["run"]
    if kind is DayKind.ABSENT:
        run += 1
    elif kind is DayKind.BREAKING:
        run = 0
    return Totals(
        possible=totals["possible"] + day.possible_sessions,
        attended=totals["attended"] + day.attended_sessions,
        authorised=totals["authorised"] + day.authorised_absences,
        unauthorised=totals["unauthorised"] + day.unauthorised_absences,
        sickness=totals["sickness"] + day.sickness_sessions,
        run=run,
        longest=max(totals["longest"], run),
    )


def fold_days(totals: Totals, days: Iterable[RegisterDay]) -> Totals:
    for day in days:
        totals = fold_day(totals, day.am, day.pm)
    return totals


def year_end(year_start: date) -> date:
    return date(year_start.year + 1, 8, 31)


def year_days(
    marks: Iterable[tuple[date, str, str]], calendar: SchoolCalendar, today: date, year_start: date
) -> list[RegisterDay]:
    """The register days of one school year (see ``rules.alerts.register_days``)."""
    end = year_end(year_start)
    return [d for d in register_days(marks, calendar, today) if year_start <= d.date <= end]


class Folded(TypedDict):
    settled: Totals
    last_day: date | None
    last_am: str
    last_pm: str


def split_last(base: Totals, days: Sequence[RegisterDay]) -> Folded:
    """Fold every day but the newest into ``base``; keep the newest apart."""
    if not days:
        return Folded(settled=base, last_day=None, last_am="", last_pm="")
    last = days[-1]
    return Folded(
        settled=fold_days(base, days[:-1]),
        last_day=last.date,
        last_am=last.am or "",
        last_pm=last.pm or "",
    )


def public_fields(folded: Folded) -> dict[str, object]:
    """The ``PupilAttendance`` columns for ``folded`` (settled totals plus the last day)."""
    totals = folded["settled"]
    if folded["last_day"] is not None:
        totals = fold_day(totals, folded["last_am"] or None, folded["last_pm"] or None)
    possible = totals["possible"]
    absences = totals["authorised"] + totals["unauthorised"]
    return {
        "possible_sessions": possible,
        "attended_sessions": totals["attended"],
        "authorised_absences": totals["authorised"],
        "unauthorised_absences": totals["unauthorised"],
        "sickness_sessions": totals["sickness"],
        "attendance_rate": totals["attended"] / possible if possible else None,
        "persistent_absence": is_persistent_absence(absences, possible),
        "severe_absence": is_severe_absence(absences, possible),
        "current_unauthorised_run_days": totals["run"],
        "longest_unauthorised_run_days": totals["longest"],
    }


def fold_plan(last_day: date | None, earliest_change: date) -> tuple[str, date | None]:
    """How to bring a stored state up to date after marks changed from ``earliest_change``:

    - ``("recompute", None)``: the change is before the last day (or there is no state yet);
    - ``("refresh", last_day)``: re-read from the last day, keeping the settled totals;
    - ``("append", last_day + 1)``: settle the last day, then read the days after it.
    """
    if last_day is None or earliest_change < last_day:
        return "recompute", None
    if earliest_change == last_day:
        return "refresh", last_day
    return "append", last_day + timedelta(days=1)


__all__ = [
    "Folded",
    "Totals",
    "academic_year_start",
    "empty_totals",
    "fold_day",
    "fold_days",
    "fold_plan",
    "public_fields",
    "split_last",
    "year_days",
    "year_end",
]
