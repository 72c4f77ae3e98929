"""Reads for attendance, scoped to the user's organisation, and the data behind the charts."""

from __future__ import annotations

import calendar as month_calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from onroll.attendance.dual import DualContext
from onroll.attendance.models import (
    AlertRule,
    AlertStatus,
    AttendanceAlert,
    DualPattern,
    ImportStatus,
    Mark,
    MarkChange,
    MarkImport,
    PupilAttendance,
)
from onroll.people.models import Child
from onroll.registers.models import Registration
from onroll.rules.age import academic_year_start
from onroll.rules.attendance import (
    ATTENDANCE_CODES,
    AttendanceCategory,
)
from onroll.rules.school_calendar import SchoolCalendar
from onroll.schools.models import School
from onroll.schools.selectors import school_calendar

if TYPE_CHECKING:
    from onroll.accounts.models import User

#: Alerts that reach the LA's own queue (the rest show on the LA attendance page).
LA_QUEUE_RULES = (
    AlertRule.PENALTY_NOTICE,
    AlertRule.RUN_10,
    AlertRule.RUN_20,
    AlertRule.E_BEYOND_DAY_5,
    AlertRule.SEVERE,
    AlertRule.STOPPED,
)

#: The sessions of a week, in the order of a dual registration pattern's ten characters.
SLOT_LABELS = tuple(
    f"{day} {session}" for day in ("Mon", "Tue", "Wed", "Thu", "Fri") for session in ("AM", "PM")
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


def register_pupils(school: School, day: date, group: str) -> QuerySet[Child]:
    """Pupils on the roll on ``day`` in ``group``, by surname."""
    regs = Registration.objects.filter(school=school, starting_day__lte=day).filter(
        Q(deleted_on__isnull=True) | Q(deleted_on__gte=day)
    )
    if group.startswith("year-") and group[5:].isdigit():
        regs = regs.filter(national_curriculum_year=int(group[5:]))
    return Child.objects.filter(pk__in=regs.values("child_id")).order_by(
        "legal_surname", "legal_forename", "pk"
    )


def register_marks(school: School, day: date, session: str, child_ids: list[int]) -> dict[int, str]:
    """The codes already recorded for these pupils in one session, by child id."""
    return dict(
        Mark.objects.filter(
            school=school, date=day, session=session, child_id__in=child_ids
        ).values_list("child_id", "code")
    )


def mark_code(child: Child, school: School, day: date, session: str) -> str | None:
    """The code recorded for one of the pupil's sessions at the school, if any."""
    return (
        Mark.objects.filter(child=child, school=school, date=day, session=session)
        .values_list("code", flat=True)
        .first()
    )


# --------------------------------------------------------------------------- one pupil


def is_registered(school: School, child: Child, *, on_roll: bool = False) -> bool:
    """Whether the child has a registration at the school (a current one if ``on_roll``)."""
    regs = Registration.objects.filter(school=school, child=child)
    if on_roll:
        regs = regs.filter(deleted_on__isnull=True)
    return regs.exists()


def is_dual_here(school: School, child: Child, today: date) -> bool:
    """Whether the child is dual registered at this school and another today."""
    return DualContext.build(school, [child.pk], today, today).is_dual(child.pk)


def pupil_state(school: School, child: Child, today: date) -> PupilAttendance | None:
    return school_states(school, today).filter(child=child).first()


def dual_pattern(child: Child, school: School) -> DualPattern | None:
    return DualPattern.objects.filter(child=child, school=school).first()


def pupil_corrections(child: Child, school: School) -> QuerySet[MarkChange]:
    """Every change to the pupil's marks at the school, newest first."""
    return (
        MarkChange.objects.filter(mark__child=child, mark__school=school)
        .select_related("mark", "changed_by")
        .order_by("-changed_at", "-id")
    )


# --------------------------------------------------------------------------- imports


def imports_for_school(school: School) -> QuerySet[MarkImport]:
    """The school's imports, newest first, without the files themselves."""
    return (
        MarkImport.objects.filter(school=school)
        .defer("content", "mapping_content")
        .order_by("-uploaded_at", "-id")
    )


def import_for_school_or_404(
    school: School, import_id: int, *, waiting: bool = False
) -> MarkImport:
    """One of the school's imports (only one still waiting to be applied if ``waiting``)."""
    imports = MarkImport.objects.filter(school=school)
    if waiting:
        imports = imports.filter(status=ImportStatus.PREVIEWED)
    record = imports.filter(pk=import_id).first()
    if record is None:
        raise Http404("No such import")
    return record


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


def pupil_schools(user: User, child: Child) -> list[School]:
    """The schools whose registers this user may read for the child."""
    schools = School.objects.filter(registrations__child=child).distinct().order_by("name")
    if user.is_school_user:
        return list(schools.filter(pk=user.organisation_id or 0))
    if user.is_la_user:
        return list(schools.filter(local_authority_id=user.organisation_id or 0))
    return []


def school_states(school: School, today: date) -> QuerySet[PupilAttendance]:
    return PupilAttendance.objects.filter(
        school=school, year_start=academic_year_start(today)
    ).select_related("child")


def absent_pupils(school: School, today: date) -> QuerySet[PupilAttendance]:
    """Pupils persistently or severely absent this school year: severe first, by name."""
    return (
        school_states(school, today)
        .filter(Q(persistent_absence=True) | Q(severe_absence=True))
        .order_by("-severe_absence", "child__legal_surname", "child__legal_forename", "pk")
    )


def code_key() -> list[dict[str, str]]:
    """The colour key of the pupil calendar: each category, its class and its codes."""
    return [
        {
            "label": label,
            "css": f"onroll-att--{category.value.replace('_', '-')}",
            "codes": " ".join(c for c, e in ATTENDANCE_CODES.items() if e.category is category),
        }
        for category, label in CATEGORY_LABELS.items()
    ]


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class PupilPage:
    """A pupil's attendance at one of the schools whose registers the user may read."""

    child: Child
    school: School
    schools: list[School]
    months: list[CalendarMonth]
    marked: list[CalendarCell]
    state: PupilAttendance | None
    alerts: list[AttendanceAlert]
    corrections: QuerySet[MarkChange]
    can_correct: bool
    is_dual: bool
    #: (slot label, expected here) for each session of the week, when a pattern is set
    pattern: list[tuple[str, bool]] | None


def pupil_page(user: User, child: Child, school_id: str, today: date) -> PupilPage:
    """The page for ``child`` at the school ``school_id`` names (the first school the user may
    read when it names none of them); 404 when the user may read no register of the child."""
    schools = pupil_schools(user, child)
    if not schools:
        raise Http404("No register to show")
    school = next((s for s in schools if str(s.pk) == school_id), schools[0])
    months, marked = pupil_calendar(child, school, school_calendar(school), today)
    pattern = dual_pattern(child, school)
    return PupilPage(
        child=child,
        school=school,
        schools=schools,
        months=months,
        marked=marked,
        state=pupil_state(school, child, today),
        alerts=list(open_alerts_for_school(school.pk).filter(child=child)),
        corrections=pupil_corrections(child, school),
        can_correct=user.can("manage_marks") and school.pk == user.organisation_id,
        is_dual=is_dual_here(school, child, today),
        pattern=[(label, pattern.expected[i] == "1") for i, label in enumerate(SLOT_LABELS)]
        if pattern
        else None,
    )


@dataclass(frozen=True)
class RegisterSheet:
    """What the register shows for a page of pupils in one session."""

    #: child id -> the code already recorded
    existing: dict[int, str]
    #: child id -> the code the box starts with: the recorded one, else the expected one
    defaults: dict[int, str]
    dual_ids: set[int]


def register_sheet(school: School, day: date, session: str, pupils: list[Child]) -> RegisterSheet:
    ids = [c.pk for c in pupils]
    existing = register_marks(school, day, session, ids)
    dual = DualContext.build(school, ids, day, day)
    return RegisterSheet(
        existing=existing,
        defaults={c: existing.get(c) or dual.default_code(c, day, session) for c in ids},
        dual_ids={c for c in ids if dual.is_dual(c)},
    )
