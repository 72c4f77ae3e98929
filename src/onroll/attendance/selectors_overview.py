"""What the school's and the LA's attendance pages show: the weekly chart, per-school figures
and the lists under them, each scoped to the user's organisation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet, Sum

from onroll.accounts.models import LocalAuthority
from onroll.attendance.models import AlertStatus, AttendanceAlert, Mark, MarkImport, PupilAttendance
from onroll.attendance.selectors import (
    LA_QUEUE_RULES,
    absent_pupils,
    imports_for_school,
    open_alerts_for_la,
    open_alerts_for_school,
)
from onroll.rules.age import academic_year_start
from onroll.rules.attendance import (
    ATTENDANCE_CODES,
    AttendanceCategory,
    is_persistent_absence,
    is_severe_absence,
)
from onroll.schools.models import School

#: How many of the newest imports the school's attendance page lists (the import page lists
#: them all, a page at a time).
RECENT_IMPORTS = 5


class _Rate:
    """Attendance as a rate, a percentage and a chart bar, from sessions possible and
    attended."""

    possible: int
    attended: int

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


@dataclass
class WeekRow(_Rate):
    monday: date
    possible: int = 0
    attended: int = 0
    authorised: int = 0
    unauthorised: int = 0
    persistent: int = 0
    severe: int = 0
    y: int = 0


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
class SchoolSummary(_Rate):
    school: School
    pupils: int = 0
    possible: int = 0
    attended: int = 0
    persistent: int = 0
    severe: int = 0
    alerts: dict[str, int] = field(default_factory=dict)
    y: int = 0

    @property
    def alert_total(self) -> int:
        return sum(self.alerts.values())


def school_summaries(schools: Sequence[School], today: date) -> list[SchoolSummary]:
    """Per school, from the stored per-pupil states (no marks are read), counted and summed
    in the database: pupils, attendance rate, persistent and severe absence, open alerts by
    rule. Two queries, whatever the number of schools or pupils."""
    year = academic_year_start(today)
    result = {s.pk: SchoolSummary(s) for s in schools}
    rows = (
        PupilAttendance.objects.filter(school_id__in=result, year_start=year)
        .values("school_id")
        .annotate(
            pupils=Count("id"),
            persistent=Count("id", filter=Q(persistent_absence=True)),
            severe=Count("id", filter=Q(severe_absence=True)),
            possible=Sum("possible_sessions"),
            attended=Sum("attended_sessions"),
        )
        .order_by()
    )
    for row in rows:
        summary = result[row["school_id"]]
        summary.pupils, summary.persistent, summary.severe = (
            row["pupils"],
            row["persistent"],
            row["severe"],
        )
        summary.possible, summary.attended = row["possible"] or 0, row["attended"] or 0
    for school_id, rule_id, n in (
        AttendanceAlert.objects.filter(school_id__in=result, status=AlertStatus.OPEN)
        .values_list("school_id", "rule_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        result[school_id].alerts[rule_id] = n
    summaries = list(result.values())
    for i, summary in enumerate(summaries):
        summary.y = 20 * i
    return summaries


@dataclass(frozen=True)
class SchoolOverview:
    """The school's attendance page."""

    weeks: list[WeekRow]
    summary: SchoolSummary
    alerts: QuerySet[AttendanceAlert]
    absent: QuerySet[PupilAttendance]
    recent_imports: list[MarkImport]
    import_total: int

    @property
    def chart_height(self) -> int:
        return 20 * len(self.weeks) + 10

    @property
    def persistent_only(self) -> int:
        """Persistently but not severely absent (severe absence is persistent too)."""
        return max(self.summary.persistent - self.summary.severe, 0)


def school_overview(school: School, today: date) -> SchoolOverview:
    """Weekly attendance, the year's figures, open alerts, persistent and severe absence and
    the newest imports (the lists as querysets, for the page to show a page at a time)."""
    imports = imports_for_school(school)
    return SchoolOverview(
        weeks=school_weeks(school, today),
        summary=school_summaries([school], today)[0],
        alerts=open_alerts_for_school(school.pk),
        absent=absent_pupils(school, today),
        recent_imports=list(imports[:RECENT_IMPORTS]),
        import_total=imports.count(),
    )


@dataclass(frozen=True)
class LaOverview:
    """The LA's attendance page: the area's totals, one page of its schools side by side
    (chart and table), and the alerts that need the LA."""

    summaries: list[SchoolSummary]
    totals: dict[str, int]
    alerts: QuerySet[AttendanceAlert]

    @property
    def chart_height(self) -> int:
        return 20 * len(self.summaries) + 10


def la_schools(la: LocalAuthority) -> QuerySet[School]:
    """The LA's schools in name order, for the overview to page through."""
    return School.objects.filter(local_authority=la).order_by("name", "pk")


def la_overview(la: LocalAuthority, today: date, *, schools: Sequence[School]) -> LaOverview:
    """The overview with ``schools`` (one page of :func:`la_schools`) in the chart and
    table; the totals are the whole area's, counted in the database."""
    year = academic_year_start(today)
    states = PupilAttendance.objects.filter(school__local_authority=la, year_start=year)
    counted = states.aggregate(
        pupils=Count("id"),
        persistent=Count("id", filter=Q(persistent_absence=True)),
        severe=Count("id", filter=Q(severe_absence=True)),
    )
    alerts = AttendanceAlert.objects.filter(
        school__local_authority=la, status=AlertStatus.OPEN
    ).count()
    return LaOverview(
        summaries=school_summaries(schools, today),
        totals={**counted, "alerts": alerts},
        alerts=open_alerts_for_la(la.pk, LA_QUEUE_RULES),
    )
