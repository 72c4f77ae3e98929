"""The current run of school days all coded G, N or O (ground I): Onroll's attendance register
is the evidence for every session it holds; codes the officer types count only for sessions it
does not hold, and are declared as such; ``summarise_attendance`` decides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from onroll.registers.models import Registration
from onroll.registers.selectors import marks_at_school
from onroll.rules.attendance import summarise_attendance
from onroll.schools.selectors import school_calendar

#: How far back the register is read for the run (calendar days).
REGISTER_LOOKBACK_DAYS = 120


class AbsenceCodesError(ValueError):
    """The register codes typed for a ground I deletion are not valid."""


def text_codes(text: str) -> list[str]:
    """The codes typed in ``text`` (spaces or commas between them)."""
    return text.replace(",", " ").split()


def gno_run_from_codes(text: str) -> int | None:
    """The current run of school days all coded G, N or O, from codes typed AM then PM of
    each day, oldest first (``summarise_attendance`` decides). ``None`` when none typed."""
    codes: Sequence[str] = text_codes(text)
    if not codes:
        return None
    try:
        return summarise_attendance(list(codes)).current_unauthorised_run_days
    except ValueError as exc:
        raise AbsenceCodesError(str(exc)) from exc


@dataclass(frozen=True)
class GnoRun:
    """The G/N/O run for ground I and what of it rests on codes the school typed."""

    days: int | None
    typed_sessions: int = 0
    typed_from: tuple[date, str] | None = None

    @property
    def declared(self) -> str:
        """The typed codes in words, for the check page and the deletion return; "" if none."""
        if not self.typed_sessions or self.typed_from is None:
            return ""
        day, session = self.typed_from
        return (
            f"{self.typed_sessions} register code(s) typed by the school for sessions Onroll's "
            f"register does not hold, from {day:%d %B %Y} {session} (ground I)"
        )


def _held(marks: dict[tuple[date, str], str], typed: dict[tuple[date, str], str]) -> list[str]:
    clashes = [
        f"{day:%d %B %Y} {session}: Onroll's register holds {marks[(day, session)]}"
        for day, session in sorted(typed)
        if (day, session) in marks
    ]
    if len(clashes) > 3:
        clashes = [*clashes[:3], f"and {len(clashes) - 3} more session(s)"]
    return clashes


def gno_run_from_register(registration: Registration, *, on: date, typed: str = "") -> GnoRun:
    """The current run of school days all coded G, N or O at ``registration``'s school up to
    ``on`` (``summarise_attendance`` decides). Onroll's register is the evidence for every
    session it holds; ``typed`` codes (morning then afternoon, oldest first, ending on the last
    school day on or before ``on``) count only for sessions it does not hold, and a typed code
    for a session it holds raises ``AbsenceCodesError`` naming the date, session and mark.
    Counts back over consecutive school days that have a mark or a typed code; a school day
    with neither ends the evidence. ``days`` is None when there is no evidence at all."""
    codes_typed = text_codes(typed)
    start = max(registration.starting_day, on - timedelta(days=REGISTER_LOOKBACK_DAYS))
    marks = marks_at_school(registration, start=start, end=on)
    days = school_calendar(registration.school).school_days(start, on)
    typed_marks: dict[tuple[date, str], str] = {}
    if codes_typed:
        sessions = [(day, session) for day in days for session in ("AM", "PM")]
        if len(codes_typed) > len(sessions):
            raise AbsenceCodesError(
                f"{len(codes_typed)} codes typed, but only {len(sessions)} sessions fall in the "
                f"{REGISTER_LOOKBACK_DAYS} days before the deletion date"
            )
        typed_at = sessions[len(sessions) - len(codes_typed) :]
        typed_marks = dict(zip(typed_at, codes_typed, strict=True))
        clashes = _held(marks, typed_marks)
        if clashes:
            raise AbsenceCodesError(
                "type codes only for sessions Onroll's register does not hold; "
                + "; ".join(clashes)
            )
    evidence = {**marks, **typed_marks}
    if not evidence:
        return GnoRun(days=None)
    while days and not ((days[-1], "AM") in evidence or (days[-1], "PM") in evidence):
        days.pop()  # today's register may not be taken yet
    codes: list[str] = []
    for day in reversed(days):
        am, pm = evidence.get((day, "AM")), evidence.get((day, "PM"))
        if am is None and pm is None:
            break
        codes[:0] = [am or "Z", pm or "Z"]  # an unmarked session is not a possible one
    try:
        run = summarise_attendance(codes).current_unauthorised_run_days if codes else None
    except ValueError as exc:
        raise AbsenceCodesError(str(exc)) from exc
    return GnoRun(
        days=run,
        typed_sessions=len(typed_marks),
        typed_from=min(typed_marks) if typed_marks else None,
    )
