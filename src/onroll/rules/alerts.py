"""Attendance alerts a school (or the LA) should act on today.

Each function takes one pupil's register marks as plain ``(date, session, code)`` tuples
(``session`` is ``"AM"`` or ``"PM"``), the school's :class:`SchoolCalendar` and ``today``,
and returns an :class:`AttendanceAlert` with the reason in plain words, or ``None``.

How marks are read (:func:`register_days`): only marks on school days on or before
``today`` count; marks on other days are ignored; a school day with only one session marked
(for example this afternoon's register is not yet taken) has the other session treated as
not possible; school days with no marks at all are skipped. A code that is not a 2024
register code, a session other than AM/PM, or two different codes for the same session
raise ``ValueError`` naming the mark.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from onroll.rules.age import academic_year_start
from onroll.rules.attendance import (
    UNAUTHORISED_RUN_CODES,
    AttendanceCategory,
    AttendanceSummary,
    DayKind,
    attendance_category,
    classify_day,
    summarise_attendance,
)
from onroll.rules.catalogue import rule
from onroll.rules.school_calendar import SchoolCalendar

__all__ = [
    "AttendanceAlert",
    "Mark",
    "RegisterDay",
    "attendance_alerts",
    "current_run_start",
    "excluded_without_provision_alert",
    "penalty_notice_alert",
    "persistent_absence_alert",
    "register_days",
    "severe_absence_alert",
    "summary_for_period",
    "ten_day_absence_alert",
    "twenty_day_absence_alert",
    "unresolved_n_code_alert",
]

SESSIONS = ("AM", "PM")
N_CODE_SCHOOL_DAYS = 5
E_CODE_MAX_SCHOOL_DAYS = 5
PENALTY_NOTICE_SESSIONS = 10
PENALTY_NOTICE_SCHOOL_DAYS = 50  # "10 school weeks" taken as 50 school days


class Mark(NamedTuple):
    """One register mark: the date, ``"AM"`` or ``"PM"``, and the 2024 code."""

    date: date
    session: str
    code: str


@dataclass(frozen=True)
class RegisterDay:
    """One school day's two sessions; ``None`` where no mark was recorded."""

    date: date
    am: str | None
    pm: str | None

    def marked(self) -> tuple[tuple[str, str], ...]:
        """The recorded ``(session, code)`` pairs, AM first."""
        pairs = (("AM", self.am), ("PM", self.pm))
        return tuple((session, code) for session, code in pairs if code is not None)


@dataclass(frozen=True)
class AttendanceAlert:
    """Something to act on: which rule, why (plain words), since when, and how many days or
    sessions (the reason says which)."""

    rule_id: str
    reason: str
    since: date
    count: int
    sessions: tuple[tuple[date, str], ...] = ()


def register_days(
    marks: Iterable[tuple[date, str, str]], calendar: SchoolCalendar, today: date
) -> list[RegisterDay]:
    """One pupil's marks as school days, oldest first (see the module docstring)."""
    by_day: dict[date, dict[str, str]] = {}
    for number, mark in enumerate(marks, start=1):
        day, session, code = mark
        if session not in SESSIONS:
            raise ValueError(f"mark {number} ({day}): session must be AM or PM, not {session!r}")
        try:
            attendance_category(code)
        except ValueError:
            raise ValueError(
                f"mark {number} ({day} {session}): unknown attendance code {code!r}"
            ) from None
        if day > today or not calendar.is_school_day(day):
            continue
        sessions = by_day.setdefault(day, {})
        if sessions.get(session, code) != code:
            raise ValueError(
                f"mark {number} ({day} {session}): two different codes for one session "
                f"({sessions[session]!r} and {code!r})"
            )
        sessions[session] = code
    return [
        RegisterDay(day, by_day[day].get("AM"), by_day[day].get("PM")) for day in sorted(by_day)
    ]


def current_run_start(
    days: Sequence[RegisterDay], run_codes: Iterable[str] = UNAUTHORISED_RUN_CODES
) -> tuple[int, date | None]:
    """The current run of absent days (every possible session in ``run_codes``), counted
    back from the newest day and skipping neutral days: its length and first day."""
    codes = frozenset(run_codes)
    run, start = 0, None
    for day in reversed(days):
        kind = classify_day(day.am, day.pm, codes)
        if kind is DayKind.BREAKING:
            break
        if kind is DayKind.ABSENT:
            run, start = run + 1, day.date
    return run, start


def summary_for_period(days: Sequence[RegisterDay]) -> AttendanceSummary:
    """:func:`summarise_attendance` over register days (a missing session counts as not
    possible)."""
    return summarise_attendance([code or "#" for day in days for code in (day.am, day.pm)])


# --------------------------------------------------------------------------- the alerts


@rule(
    id="R-ATT-N",
    title="N code not replaced within 5 school days",
    source="Regs 2024 reg 10 table 3 (code N) as quoted in S9; WTISA; domain.md §5",
    example="N recorded Mon 3 Nov 2025 (no closures): no alert on Mon 10 Nov (5th school day "
    "after, still in time); alert from Tue 11 Nov.",
)
def unresolved_n_code_alert(
    marks: Iterable[tuple[date, str, str]], calendar: SchoolCalendar, today: date
) -> AttendanceAlert | None:
    """Code N (reason not yet established) must be replaced with the correct code within 5
    school days; a session still coded N once 5 school days have passed after the day it
    was recorded (that day and today not counted) is overdue.

    Source: Regs 2024 reg 10 (code N); domain.md §5.
    """
    overdue: list[tuple[date, str]] = []
    for day in register_days(marks, calendar, today):
        elapsed = calendar.school_days_between(
            day.date + timedelta(days=1), today - timedelta(days=1)
        )
        if elapsed >= N_CODE_SCHOOL_DAYS:
            overdue += [(day.date, s) for s, code in day.marked() if code == "N"]
    if not overdue:
        return None
    first_day, first_session = overdue[0]
    return AttendanceAlert(
        rule_id="R-ATT-N",
        reason=f"{len(overdue)} session(s) still coded N more than {N_CODE_SCHOOL_DAYS} school "
        f"days after they were recorded (oldest {first_day.isoformat()} {first_session}); "
        "find out the reason and replace N with the correct code.",
        since=first_day,
        count=len(overdue),
        sessions=tuple(overdue),
    )


@rule(
    id="R-ATT-E",
    title="Code E for more than 5 school days: day-6 provision missing",
    source="Education and Inspections Act 2006 ss.100-101 (provision from day 6); "
    "DfE exclusion guidance; domain.md §5 and §7.2",
    example="E on every session from Mon 3 Nov 2025 (no closures): 5 E days to Fri 7 Nov, no "
    "alert; E again on Mon 10 Nov (day 6), alert.",
)
def excluded_without_provision_alert(
    marks: Iterable[tuple[date, str, str]], calendar: SchoolCalendar, today: date
) -> AttendanceAlert | None:
    """From the sixth school day of a suspension or permanent exclusion the pupil must have
    full-time provision, so code E (excluded, no alternative provision) should never run
    for more than 5 consecutive school days; a current run of 6 or more E days is a
    breach. A day counts when every possible session is E; days with no possible session
    are skipped; any other day ends the run.

    Source: Education and Inspections Act 2006 ss.100-101; domain.md §5, §7.2.
    """
    days = register_days(marks, calendar, today)
    run, start = current_run_start(days, {"E"})
    if run <= E_CODE_MAX_SCHOOL_DAYS or start is None:
        return None
    day6 = calendar.nth_school_day(start, E_CODE_MAX_SCHOOL_DAYS + 1)
    return AttendanceAlert(
        rule_id="R-ATT-E",
        reason=f"Coded E (excluded, no provision) for {run} school days in a row since "
        f"{start.isoformat()}; provision was due from day 6 ({day6.isoformat()}). Arrange "
        "provision (LA for a permanent exclusion, school for a suspension) and code it.",
        since=start,
        count=run,
    )


def _run_alert(
    rule_id: str,
    threshold: int,
    action: str,
    marks: Iterable[tuple[date, str, str]],
    calendar: SchoolCalendar,
    today: date,
) -> AttendanceAlert | None:
    run, start = current_run_start(register_days(marks, calendar, today))
    if run < threshold or start is None:
        return None
    return AttendanceAlert(
        rule_id=rule_id,
        reason=f"Absent without authorisation (G, N or O) for {run} school days in a row since "
        f"{start.isoformat()}; {action}",
        since=start,
        count=run,
    )


@rule(
    id="R-ATT-RUN-10",
    title="10 school days of continuous unauthorised absence (G/N/O)",
    source="Regs 2024 reg 12 (10-day return); local CME practice (refer to the LA CME team "
    "by day 10, domain.md §6.3)",
    example="Every session G, N or O on 10 consecutive school days → alert; 9 → none.",
    assumption="Counts G, N and O only, like deletion ground I; the 10-day return itself can "
    "count U too (R-ATT-10).",
)
def ten_day_absence_alert(
    marks: Iterable[tuple[date, str, str]], calendar: SchoolCalendar, today: date
) -> AttendanceAlert | None:
    """A pupil whose current run of days with every possible session coded G, N or O has
    reached 10 school days is due on the LA's 10-day absence return and, under the usual
    local CME practice, should be referred to the LA's CME team.

    Source: Regs 2024 reg 12; domain.md §4.4 and §6.3.
    """
    return _run_alert(
        "R-ATT-RUN-10",
        10,
        "make the 10-day absence return and refer the pupil to the LA's CME team.",
        marks,
        calendar,
        today,
    )


@rule(
    id="R-ATT-RUN-20",
    title="20 school days of continuous G/N/O absence (deletion ground I may apply)",
    source="Regs 2024 reg 9(1)(i) (via S9); domain.md §3 ground I",
    example="Every session G, N or O on 20 consecutive school days → alert; 19 → none.",
)
def twenty_day_absence_alert(
    marks: Iterable[tuple[date, str, str]], calendar: SchoolCalendar, today: date
) -> AttendanceAlert | None:
    """A pupil whose current run of days with every possible session coded G, N or O has
    reached 20 school days may be deleted under ground I only after the school and the LA
    have jointly made reasonable enquiries and failed to find where the pupil is.

    Source: Regs 2024 reg 9(1)(i); domain.md §3.
    """
    return _run_alert(
        "R-ATT-RUN-20",
        20,
        "ground I deletion needs joint reasonable enquiries with the LA that have failed to "
        "establish where the pupil is.",
        marks,
        calendar,
        today,
    )


def _absence_alert(
    rule_id: str,
    label: str,
    flag: str,
    marks: Iterable[tuple[date, str, str]],
    calendar: SchoolCalendar,
    today: date,
    since: date | None,
) -> AttendanceAlert | None:
    start = since or academic_year_start(today)
    days = [day for day in register_days(marks, calendar, today) if day.date >= start]
    summary = summary_for_period(days)
    if not getattr(summary, flag):
        return None
    missed = summary.authorised_absences + summary.unauthorised_absences
    return AttendanceAlert(
        rule_id=rule_id,
        reason=f"{label}: missed {missed} of {summary.possible_sessions} possible sessions "
        f"({100 * missed / summary.possible_sessions:.1f}%) since {start.isoformat()}.",
        since=start,
        count=missed,
    )


@rule(
    id="R-ATT-PA",
    title="Persistent absence alert (10% or more of possible sessions, year to date)",
    source="DfE attendance statistics glossary; WTISA; domain.md §5.1",
    example="18 absences in 180 possible sessions since 1 Sep → alert; 17 → none.",
    configurable="The period (default: from 1 September of the current school year).",
)
def persistent_absence_alert(
    marks: Iterable[tuple[date, str, str]],
    calendar: SchoolCalendar,
    today: date,
    *,
    since: date | None = None,
) -> AttendanceAlert | None:
    """A pupil who has missed 10% or more of their possible sessions since ``since`` (by
    default 1 September of the current school year) is persistently absent (R-PA).

    Source: DfE attendance statistics; WTISA; domain.md §5.1.
    """
    return _absence_alert(
        "R-ATT-PA", "Persistent absence", "persistent_absence", marks, calendar, today, since
    )


@rule(
    id="R-ATT-SA",
    title="Severe absence alert (50% or more of possible sessions, year to date)",
    source="WTISA; domain.md §5.1",
    example="90 absences in 180 possible sessions since 1 Sep → alert; 89 → none.",
    configurable="The period (default: from 1 September of the current school year).",
)
def severe_absence_alert(
    marks: Iterable[tuple[date, str, str]],
    calendar: SchoolCalendar,
    today: date,
    *,
    since: date | None = None,
) -> AttendanceAlert | None:
    """A pupil who has missed 50% or more of their possible sessions since ``since`` (by
    default 1 September of the current school year) is severely absent (R-SA).

    Source: WTISA; domain.md §5.1.
    """
    return _absence_alert(
        "R-ATT-SA", "Severe absence", "severe_absence", marks, calendar, today, since
    )


@rule(
    id="R-PN",
    title="Penalty-notice threshold: 10 unauthorised sessions in 10 school weeks",
    source="WTISA (Aug 2024) national penalty-notice framework, via S63; domain.md §5.2",
    example="10 sessions coded G, N, O or U within the 50 school days ending today → consider a "
    "penalty notice; 9 → no alert.",
    assumption="'10 school weeks' is taken as the last 50 school days on the school's calendar "
    "(so it spans holidays, terms and school years); the threshold is from a secondary source "
    "(domain.md §5.2).",
)
def penalty_notice_alert(
    marks: Iterable[tuple[date, str, str]], calendar: SchoolCalendar, today: date
) -> AttendanceAlert | None:
    """A penalty notice must be considered when a pupil has 10 or more sessions of
    unauthorised absence (G, N, O or U) within a rolling period of 10 school weeks, here the
    50 school days ending on the last school day on or before today.

    Source: WTISA national framework; domain.md §5.2.
    """
    try:
        end = calendar.school_day_on_or_before(today)
    except ValueError:
        return None
    try:
        start = calendar.add_school_days(end, -(PENALTY_NOTICE_SCHOOL_DAYS - 1))
    except ValueError:
        start = calendar.first_day
    sessions = tuple(
        (day.date, session)
        for day in register_days(marks, calendar, today)
        if start <= day.date <= end
        for session, code in day.marked()
        if attendance_category(code) is AttendanceCategory.UNAUTHORISED_ABSENCE
    )
    if len(sessions) < PENALTY_NOTICE_SESSIONS:
        return None
    return AttendanceAlert(
        rule_id="R-PN",
        reason=f"{len(sessions)} unauthorised sessions in the 10 school weeks from "
        f"{start.isoformat()} to {end.isoformat()} (threshold {PENALTY_NOTICE_SESSIONS}); "
        "consider a penalty notice under the local code of conduct.",
        since=start,
        count=len(sessions),
        sessions=sessions,
    )


def attendance_alerts(
    marks: Iterable[tuple[date, str, str]], calendar: SchoolCalendar, today: date
) -> list[AttendanceAlert]:
    """Every attendance alert for one pupil today, in a fixed order."""
    mark_list = list(marks)
    checks = (
        unresolved_n_code_alert,
        excluded_without_provision_alert,
        twenty_day_absence_alert,
        ten_day_absence_alert,
        severe_absence_alert,
        persistent_absence_alert,
        penalty_notice_alert,
    )
    found = (check(mark_list, calendar, today) for check in checks)
    return [alert for alert in found if alert is not None]
