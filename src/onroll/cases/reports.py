"""Reports for the CME team and the counts an LA reports upwards: open cases by stage, age,
priority and source; time to locate; outcomes by month. Charts are server-rendered SVG with
the same numbers in a table beside them; exports are CSV and XLSX, safe against formula
injection."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onroll.accounts.http import AuthenticatedHttpRequest
from onroll.accounts.roles import CME_ROLES
from onroll.cases.models import Case, Notification, NotificationSource
from onroll.cases.selectors import own_local_authority
from onroll.cases.selectors_casework import cases_for_report, notifications_for_report
from onroll.cases.workflow import CaseStage, Outcome
from onroll.core.decorators import la_staff
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.rules.age import academic_year_start
from onroll.rules.risk import age_in_years
from onroll.rules.school_calendar import SchoolCalendar
from onroll.schools.selectors import la_calendar, weekday_calendar

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A spreadsheet cell that cannot run as a formula: text starting = + - @ tab or CR gets
    a leading apostrophe (OWASP CSV injection advice). Numbers and dates pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    width: float  # percent of the largest bar
    y: int


@dataclass(frozen=True)
class Chart:
    title: str
    slug: str
    bars: tuple[Bar, ...]
    height: int


def chart(title: str, slug: str, counts: list[tuple[str, int]]) -> Chart:
    top = max((c for _, c in counts), default=0) or 1
    bars = tuple(
        Bar(label, count, round(70 * count / top, 2), 10 + 30 * i)
        for i, (label, count) in enumerate(counts)
    )
    return Chart(title, slug, bars, 20 + 30 * len(counts))


AGE_BANDS = [("Under 5", 0, 4), ("5 to 10", 5, 10), ("11 to 15", 11, 15), ("16 and over", 16, 200)]


def upward_counts(
    cases: list[Case], notifications: list[Notification], since: date
) -> list[tuple[str, int]]:
    """The counts an LA reports upwards for the period from ``since`` (the academic year)."""
    received = [n for n in notifications if timezone.localtime(n.submitted_at).date() >= since]
    rows = [("Notifications received", len(received))]
    kinds = Counter(n.get_kind_display() for n in received)
    rows += [(f"— {kind}", count) for kind, count in sorted(kinds.items())]
    real = [c for c in cases if c.outcome != Outcome.MERGED]
    rows += [
        ("CME cases opened", sum(1 for c in real if c.opened_on >= since)),
        ("Children located", sum(1 for c in real if c.located_on and c.located_on >= since)),
        ("Cases closed", sum(1 for c in real if c.closed_on and c.closed_on >= since)),
        ("Open at the end of the period", sum(1 for c in real if c.stage != CaseStage.CLOSED)),
        (
            "Closed as not found (lost pupil)",
            sum(1 for c in real if c.outcome == Outcome.NOT_FOUND and c.closed_on),
        ),
    ]
    return rows


def report_data(
    cases: list[Case], today: date, calendar: SchoolCalendar | None = None
) -> dict[str, Any]:
    open_cases = [c for c in cases if c.stage != CaseStage.CLOSED]
    by_stage = Counter(c.stage for c in open_cases)
    by_priority = Counter(c.priority_label for c in open_cases)
    by_source: Counter[str] = Counter()
    by_age: Counter[str] = Counter()
    for case in open_cases:
        sources = {n.source for n in case.notifications.all()}
        for source in sources or {"none"}:
            by_source[source] += 1
        for link in case.case_children.all():
            age = age_in_years(link.child.date_of_birth, today)
            band = next(label for label, lo, hi in AGE_BANDS if lo <= age <= hi)
            by_age[band] += 1
    located = [c for c in cases if c.located_on is not None]
    calendar = calendar or weekday_calendar(today)
    days = [
        calendar.school_days_between(c.opened_on + timedelta(days=1), c.located_on)
        for c in located
        if c.located_on
    ]
    outcomes: Counter[tuple[str, str]] = Counter()
    for case in cases:
        if case.closed_on and case.outcome and case.outcome != Outcome.MERGED:
            outcomes[(case.closed_on.strftime("%Y-%m"), Outcome(case.outcome).label)] += 1
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        months.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    closed_by_month = Counter(month for (month, _), count in outcomes.items() for _ in range(count))
    source_labels = dict(NotificationSource.choices) | {"none": "Not known"}
    return {
        "open_total": len(open_cases),
        "stage": chart(
            "Open cases by stage",
            "stage",
            [(label, by_stage.get(value, 0)) for value, label in CaseStage.choices[:-1]],
        ),
        "priority": chart(
            "Open cases by priority",
            "priority",
            [(p, by_priority.get(p, 0)) for p in ("Urgent", "High", "Raised", "Routine")],
        ),
        "age": chart(
            "Children in open cases by age",
            "age",
            [(label, by_age.get(label, 0)) for label, _, _ in AGE_BANDS],
        ),
        "source": chart(
            "Open cases by source of notification",
            "source",
            [(source_labels[s], by_source.get(s, 0)) for s in [*NotificationSource.values, "none"]],
        ),
        "located_count": len(days),
        "median_days_to_locate": median(days) if days else None,
        "longest_days_to_locate": max(days) if days else None,
        "outcomes": sorted(outcomes.items(), reverse=True),
        "closed_by_month": chart(
            "Cases closed by month (last 12 months)",
            "closed",
            [(m, closed_by_month.get(m, 0)) for m in reversed(months)],
        ),
    }


@la_staff(*CME_ROLES)
def reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    user = request.user
    cases = cases_for_report(user)
    since = academic_year_start(today)
    data = report_data(cases, today, la_calendar(own_local_authority(user), today))
    notifications = notifications_for_report(user)
    return render(
        request,
        "cases/reports.html",
        {
            **data,
            "today": today,
            "since": since,
            "upward": upward_counts(cases, notifications, since),
        },
    )


EXPORT_HEADER = [
    "Case reference",
    "Stage",
    "Priority",
    "Sources",
    "Children",
    "Opened",
    "Located",
    "Closed",
    "Outcome",
    "Outcome detail",
    "Officer",
]


def export_rows(cases: list[Case]) -> list[list[Any]]:
    """One row per case, no names or addresses (counts and dates for reporting upwards)."""
    rows = []
    for case in cases:
        rows.append(
            [
                case.reference,
                CaseStage(case.stage).label,
                case.priority_label,
                ", ".join(sorted({n.get_source_display() for n in case.notifications.all()})),
                len(case.case_children.all()),
                case.opened_on,
                case.located_on,
                case.closed_on,
                Outcome(case.outcome).label if case.outcome else "",
                case.outcome_school.name
                if case.outcome_school
                else case.outcome_la.name
                if case.outcome_la
                else case.outcome_detail,
                case.assigned_to.get_username() if case.assigned_to else "",
            ]
        )
    return rows


@la_staff(*CME_ROLES)
def export_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every case as CSV (POST: a bulk export is an action, audited, never a link to follow)."""
    if request.method != "POST":
        return redirect("cases:reports")
    cases = cases_for_report(request.user)
    audit_record(actor=request.user, action=AuditAction.CASES_EXPORTED, detail={"format": "csv"})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_HEADER)
    for row in export_rows(cases):
        writer.writerow([safe_cell(v.isoformat() if isinstance(v, date) else v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cme-cases.csv"'
    return response


@la_staff(*CME_ROLES)
def export_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every case and the stage counts as an Excel workbook (POST, like the CSV)."""
    from openpyxl import Workbook

    if request.method != "POST":
        return redirect("cases:reports")
    cases = cases_for_report(request.user)
    audit_record(actor=request.user, action=AuditAction.CASES_EXPORTED, detail={"format": "xlsx"})
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "CME cases"
    sheet.append(EXPORT_HEADER)
    for row in export_rows(cases):
        sheet.append([safe_cell(v) for v in row])
    summary = book.create_sheet("Open by stage")
    data = report_data(cases, timezone.localdate())
    summary.append(["Stage", "Open cases"])
    for bar in data["stage"].bars:
        summary.append([safe_cell(bar.label), bar.count])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="cme-cases.xlsx"'
    return response
