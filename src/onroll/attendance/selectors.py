"""Reads for attendance, scoped to the user's organisation, and the data behind the charts."""

from __future__ import annotations

import calendar as month_calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from onroll.attendance.models import AlertRule, AlertStatus, AttendanceAlert, Mark, PupilAttendance
from onroll.people.models import Child
from onroll.registers.models import Registration
from onroll.rules.age import academic_year_start
from onroll.rules.attendance import (
    ATTENDANCE_CODES,
    AttendanceCategory,
    is_persistent_absence,
    is_severe_absence,
)
from onroll.rules.school_calendar import SchoolCalendar
from onroll.schools.models import School

#: Alerts that reach the LA's own queue (the rest show on the LA attendance page).
LA_QUEUE_RULES = (
    AlertRule.PENALTY_NOTICE,
    AlertRule.RUN_10,
    AlertRule.RUN_20,
    AlertRule.E_BEYOND_DAY_5,
    AlertRule.SEVERE,
    AlertRule.STOPPED,
)

CATEGORY_LABELS = {
    AttendanceCategory.PRESENT: "Present",
    AttendanceCategory.APPROVED_ACTIVITY: "Approved educational activity",
    AttendanceCategory.AUTHORISED_ABSENCE: "Authorised absence",
    AttendanceCategory.UNAUTHORISED_ABSENCE: "Unauthorised absence",
    AttendanceCategory.NOT_POSSIBLE: "Not a possible session",
}


def category_class(code: str) -> str:
    return f"onroll-att--{ATTENDANCE_CODES[code].category.value.replace('_', '-')}"


def open_alerts_for_school(school_id: int) -> QuerySet[AttendanceAlert]:
    return (
        AttendanceAlert.objects.filter(school_id=school_id, status=AlertStatus.OPEN)
        .select_related("child", "la_return")
        .order_by("due_on", "raised_on", "id")
    )


def open_alerts_for_la(
    la_id: int, rules: tuple[str, ...] | None = None
) -> QuerySet[AttendanceAlert]:
    alerts = AttendanceAlert.objects.filter(
        school__local_authority_id=la_id, status=AlertStatus.OPEN
    ).select_related("child", "school", "la_return")
    if rules is not None:
        alerts = alerts.filter(rule_id__in=rules)
    return alerts.order_by("school__name", "rule_id", "child__legal_surname")


# --------------------------------------------------------------------------- register


def register_groups(school: School) -> list[tuple[str, str]]:
    """The groups a register can be taken for: the whole roll, or one year group."""
    years = sorted(
        y
        for y in Registration.objects.filter(school=school, deleted_on__isnull=True)
        .values_list("national_curriculum_year", flat=True)
        .distinct()
        if y is not None
    )
    groups = [("all", "Whole school")]
    groups += [(f"year-{y}", "Reception" if y == 0 else f"Year {y}") for y in years]
    return groups


def register_pupils(school: School, day: date, group: str) -> list[Child]:
    """Pupils on the roll on ``day`` in ``group``, by surname."""
    regs = Registration.objects.filter(school=school, starting_day__lte=day).filter(
        Q(deleted_on__isnull=True) | Q(deleted_on__gte=day)
    )
    if group.startswith("year-") and group[5:].isdigit():
        regs = regs.filter(national_curriculum_year=int(group[5:]))
    return list(
        Child.objects.filter(pk__in=regs.values("child_id")).order_by(
            "legal_surname", "legal_forename"
        )
    )


# --------------------------------------------------------------------------- pupil calendar


@dataclass
class CalendarCell:
    day: date
    school_day: bool
    am: str = ""
    pm: str = ""

    @property
    def am_class(self) -> str:
        return category_class(self.am) if self.am else "onroll-att--none"

    @property
    def pm_class(self) -> str:
        return category_class(self.pm) if self.pm else "onroll-att--none"


@dataclass
class CalendarMonth:
    name: str
    weeks: list[list[CalendarCell | None]] = field(default_factory=list)


def pupil_calendar(
    child: Child, school: School, calendar: SchoolCalendar, today: date
) -> tuple[list[CalendarMonth], list[CalendarCell]]:
    """The school year to date as months of Monday-Friday weeks, and the marked days."""
    start = academic_year_start(today)
    codes: dict[date, dict[str, str]] = defaultdict(dict)
    for day, session, code in Mark.objects.filter(
        child=child, school=school, date__range=(start, today)
    ).values_list("date", "session", "code"):
        codes[day][session] = code
    months: list[CalendarMonth] = []
    marked: list[CalendarCell] = []
    month_start = start
    while month_start <= today:
        month = CalendarMonth(f"{month_start:%B %Y}")
        for week in month_calendar.Calendar().monthdatescalendar(
            month_start.year, month_start.month
        ):
            row: list[CalendarCell | None] = []
            for day in week[:5]:
                if day.month != month_start.month or day > today:
                    row.append(None)
                    continue
                cell = CalendarCell(
                    day,
                    calendar.is_school_day(day),
                    codes.get(day, {}).get("AM", ""),
                    codes.get(day, {}).get("PM", ""),
                )
                row.append(cell)
                if cell.am or cell.pm:
                    marked.append(cell)
            if any(c is not None for c in row):
                month.weeks.append(row)
        months.append(month)
        month_start = (month_start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months, marked


def pupil_schools(user: Any, child: Child) -> list[School]:
    """The schools whose registers this user may read for the child."""
    schools = School.objects.filter(registrations__child=child).distinct().order_by("name")
    if user.is_school_user:
        return list(schools.filter(pk=user.organisation_id))
    if user.is_la_user:
        return list(schools.filter(local_authority_id=user.organisation_id))
    return []


# --------------------------------------------------------------------------- school and LA


@dataclass
class WeekRow:
    monday: date
    possible: int = 0
    attended: int = 0
    authorised: int = 0
    unauthorised: int = 0
    persistent: int = 0
    severe: int = 0
    y: int = 0

    @property
    def rate(self) -> float | None:
        return self.attended / self.possible if self.possible else None

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{100 * self.rate:.1f}%"

    @property
    def bar(self) -> int:
        """Bar length in the chart's 0-300 scale."""
        return round(300 * (self.rate or 0))


def school_weeks(school: School, today: date) -> list[WeekRow]:
    """Each week of the school year to date: possible and attended sessions, absences, and
    how many pupils were persistently or severely absent over the year to the week's end."""
    start = academic_year_start(today)
    weeks: dict[date, WeekRow] = {}
    #: child -> week -> [possible, absences]
    pupils: dict[int, dict[date, list[int]]] = defaultdict(dict)
    counts = (
        Mark.objects.filter(school=school, date__range=(start, today))
        .values_list("child_id", "date", "code")
        .annotate(n=Count("id"))
        .order_by()
    )
    for child_id, day, code, n in counts:
        monday = day - timedelta(days=day.weekday())
        row = weeks.setdefault(monday, WeekRow(monday))
        category = ATTENDANCE_CODES[code].category
        if category is AttendanceCategory.NOT_POSSIBLE:
            continue
        row.possible += n
        tally = pupils[child_id].setdefault(monday, [0, 0])
        tally[0] += n
        if category in (AttendanceCategory.PRESENT, AttendanceCategory.APPROVED_ACTIVITY):
            row.attended += n
        else:
            tally[1] += n
            if category is AttendanceCategory.AUTHORISED_ABSENCE:
                row.authorised += n
            else:
                row.unauthorised += n
    rows = [weeks[k] for k in sorted(weeks)]
    running = {child_id: [0, 0] for child_id in pupils}
    for i, row in enumerate(rows):
        row.y = 20 * i
        for child_id, by_week in pupils.items():
            total = running[child_id]
            week = by_week.get(row.monday)
            if week is not None:
                total[0] += week[0]
                total[1] += week[1]
            row.persistent += is_persistent_absence(total[1], total[0])
            row.severe += is_severe_absence(total[1], total[0])
    return rows


@dataclass
class SchoolSummary:
    school: School
    pupils: int = 0
    possible: int = 0
    attended: int = 0
    persistent: int = 0
    severe: int = 0
    alerts: dict[str, int] = field(default_factory=dict)
    y: int = 0

    @property
    def rate(self) -> float | None:
        return self.attended / self.possible if self.possible else None

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{100 * self.rate:.1f}%"

    @property
    def bar(self) -> int:
        return round(300 * (self.rate or 0))

    @property
    def alert_total(self) -> int:
        return sum(self.alerts.values())


def school_summaries(schools: QuerySet[School], today: date) -> list[SchoolSummary]:
    """Per school, from the stored per-pupil states (no marks are read): pupils, attendance
    rate, persistent and severe absence, open alerts by rule."""
    year = academic_year_start(today)
    result = {s.pk: SchoolSummary(s) for s in schools.order_by("name")}
    rows = (
        PupilAttendance.objects.filter(school__in=schools, year_start=year)
        .values("school_id")
        .annotate(
            pupils=Count("id"),
            persistent=Count("id", filter=Q(persistent_absence=True)),
            severe=Count("id", filter=Q(severe_absence=True)),
        )
    )
    for row in rows:
        summary = result[row["school_id"]]
        summary.pupils, summary.persistent, summary.severe = (
            row["pupils"],
            row["persistent"],
            row["severe"],
        )
    for school_id, possible, attended in PupilAttendance.objects.filter(
        school__in=schools, year_start=year
    ).values_list("school_id", "possible_sessions", "attended_sessions"):
        result[school_id].possible += possible
        result[school_id].attended += attended
    for school_id, rule_id, n in (
        AttendanceAlert.objects.filter(school__in=schools, status=AlertStatus.OPEN)
        .values_list("school_id", "rule_id")
        .annotate(n=Count("id"))
    ):
        result[school_id].alerts[rule_id] = n
    summaries = list(result.values())
    for i, summary in enumerate(summaries):
        summary.y = 20 * i
    return summaries


def school_states(school: School, today: date) -> QuerySet[PupilAttendance]:
    return PupilAttendance.objects.filter(
        school=school, year_start=academic_year_start(today)
    ).select_related("child")
