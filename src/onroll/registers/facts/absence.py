"""The current run of school days all coded G, N or O (ground I), from codes the officer
types or from the attendance register's marks; ``summarise_attendance`` decides."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from onroll.registers.models import Registration
from onroll.registers.selectors import marks_at_school
from onroll.rules.attendance import summarise_attendance
from onroll.schools.selectors import school_calendar

#: How far back the register is read for the run (calendar days).
REGISTER_LOOKBACK_DAYS = 120


class AbsenceCodesError(ValueError):
    """The register codes typed for a ground I deletion are not valid."""


def gno_run_from_codes(text: str) -> int | None:
    """The current run of school days all coded G, N or O, from codes typed AM then PM of
    each day, oldest first (``summarise_attendance`` decides). ``None`` when none typed."""
    codes: Sequence[str] = text.replace(",", " ").split()
    if not codes:
        return None
    try:
        return summarise_attendance(list(codes)).current_unauthorised_run_days
    except ValueError as exc:
        raise AbsenceCodesError(str(exc)) from exc


def gno_run_from_register(registration: Registration, *, on: date) -> int | None:
    """The current run of school days all coded G, N or O at ``registration``'s school up to
    ``on``, from the attendance register's marks (``summarise_attendance`` decides). Counts
    back over consecutive school days that have marks; a school day with no mark at all ends
    the evidence. ``None`` when the register holds no marks for the pupil there."""
    start = max(registration.starting_day, on - timedelta(days=REGISTER_LOOKBACK_DAYS))
    marks = marks_at_school(registration, start=start, end=on)
    if not marks:
        return None
    days = school_calendar(registration.school).school_days(start, on)
    while days and not ((days[-1], "AM") in marks or (days[-1], "PM") in marks):
        days.pop()  # today's register may not be taken yet
    codes: list[str] = []
    for day in reversed(days):
        am, pm = marks.get((day, "AM")), marks.get((day, "PM"))
        if am is None and pm is None:
            break
        codes[:0] = [am or "Z", pm or "Z"]  # an unmarked session is not a possible one
    return summarise_attendance(codes).current_unauthorised_run_days if codes else None
