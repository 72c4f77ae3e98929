"""Which attendance alerts hold for one pupil today, from the rules engine.

Every statutory test is a call into ``onroll.rules`` (alerts and returns); this module only
gathers their answers, adds due dates and the one local rule the engine does not have
(a pupil who has stopped attending, :func:`stopped_attending`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from onroll.attendance.models import AlertRule
from onroll.registers.models import ReturnKind
from onroll.rules.alerts import E_CODE_MAX_SCHOOL_DAYS, N_CODE_SCHOOL_DAYS, attendance_alerts
from onroll.rules.alerts import register_days as rules_register_days
from onroll.rules.attendance import AttendanceCategory, attendance_category
from onroll.rules.returns import sickness_return, ten_day_absence_return
from onroll.rules.school_calendar import SchoolCalendar

#: School days a school has to make a 10-day or sickness return once it is due. The
#: regulations leave the interval to agreement between school and LA (domain.md §4.4); this
#: is Onroll's default until Lancashire's agreement is recorded.
RETURN_DUE_SCHOOL_DAYS = 5
#: A pupil who attended earlier in the year and has attended no session on the last this
#: many school days with a possible session has stopped attending (local rule, see below).
STOPPED_ATTENDING_SCHOOL_DAYS = 10
#: How far back the marks read for today's alerts reach: the school year plus the 10 school
#: weeks of the penalty-notice window before it.
LOOKBACK_DAYS = 120

Marks = Sequence[tuple[date, str, str]]


@dataclass(frozen=True)
class AlertSpec:
    rule_id: str
    reason: str
    since: date
    count: int
    due_on: date | None = None
    return_kind: str | None = None
    #: why the return is due (kept on the return itself)
    return_reason: str = ""


def _add_school_days(calendar: SchoolCalendar, day: date, n: int) -> date | None:
    try:
        start = calendar.school_day_on_or_after(day)
        return calendar.add_school_days(start, n) if n else start
    except ValueError:
        return None


def stopped_attending(marks: Marks, calendar: SchoolCalendar, today: date) -> AlertSpec | None:
    """Local rule (not statutory, so not in ``onroll.rules``): a pupil who attended at least
    once this school year and has attended no session on any of the last 10 school days on
    which they had a possible session, whatever the codes (illness, leave, exclusion and
    unauthorised absence mixed), has stopped attending and the school should find out why.
    A pure run of G/N/O is already the 10-day alert, so that case is left to it.
    """
    days = rules_register_days(marks, calendar, today)
    possible_days = [
        d
        for d in days
        if any(
            attendance_category(code) is not AttendanceCategory.NOT_POSSIBLE
            for _, code in d.marked()
        )
    ]
    if len(possible_days) <= STOPPED_ATTENDING_SCHOOL_DAYS:
        return None
    attended = {AttendanceCategory.PRESENT, AttendanceCategory.APPROVED_ACTIVITY}

    def came(day_codes: tuple[tuple[str, str], ...]) -> bool:
        return any(attendance_category(code) in attended for _, code in day_codes)

    recent = possible_days[-STOPPED_ATTENDING_SCHOOL_DAYS:]
    if any(came(d.marked()) for d in recent):
        return None
    earlier = possible_days[:-STOPPED_ATTENDING_SCHOOL_DAYS]
    if not any(came(d.marked()) for d in earlier):
        return None
    last_seen = max(d.date for d in earlier if came(d.marked()))
    return AlertSpec(
        rule_id=AlertRule.STOPPED,
        reason=f"Has not attended any session on the last {STOPPED_ATTENDING_SCHOOL_DAYS} school "
        f"days with a possible session (last attended {last_seen.isoformat()}); contact the "
        "family and consider whether the pupil is missing out on education.",
        since=recent[0].date,
        count=STOPPED_ATTENDING_SCHOOL_DAYS,
    )


def alerts_for_pupil(
    marks: Marks,
    calendar: SchoolCalendar,
    today: date,
    *,
    of_compulsory_school_age: bool = True,
    last_ten_day_run_reported: date | None = None,
    last_sickness_return_on: date | None = None,
    expected_sickness_days: float | None = None,
) -> list[AlertSpec]:
    """Every alert that holds today for one pupil at one school."""
    found: list[AlertSpec] = []
    for alert in attendance_alerts(marks, calendar, today):
        due: date | None = None
        if alert.rule_id == AlertRule.N_UNRESOLVED:
            due = _add_school_days(
                calendar, alert.since + timedelta(days=1), N_CODE_SCHOOL_DAYS - 1
            )
        elif alert.rule_id == AlertRule.E_BEYOND_DAY_5:
            due = _add_school_days(calendar, alert.since, E_CODE_MAX_SCHOOL_DAYS)
        found.append(AlertSpec(alert.rule_id, alert.reason, alert.since, alert.count, due))
    ten = ten_day_absence_return(
        marks,
        calendar,
        today,
        of_compulsory_school_age=of_compulsory_school_age,
        last_reported_run_start=last_ten_day_run_reported,
    )
    if ten.required and ten.run_start is not None:
        due = _add_school_days(calendar, today, RETURN_DUE_SCHOOL_DAYS)
        found = [
            AlertSpec(
                a.rule_id,
                a.reason,
                a.since,
                a.count,
                due,
                ReturnKind.TEN_DAY_ABSENCE,
                ten.reason,
            )
            if a.rule_id == AlertRule.RUN_10
            else a
            for a in found
        ]
    sick = sickness_return(
        marks,
        calendar,
        today,
        expected_sickness_days=expected_sickness_days,
        last_return_made_on=last_sickness_return_on,
        of_compulsory_school_age=of_compulsory_school_age,
    )
    if sick.required and sick.episode_start is not None:
        found.append(
            AlertSpec(
                AlertRule.SICKNESS_15,
                sick.reason,
                sick.episode_start,
                int(sick.sickness_days),
                _add_school_days(calendar, today, RETURN_DUE_SCHOOL_DAYS),
                ReturnKind.SICKNESS,
                sick.reason,
            )
        )
    if not any(a.rule_id == AlertRule.RUN_10 for a in found):
        stopped = stopped_attending(marks, calendar, today)
        if stopped is not None:
            found.append(stopped)
    return found
