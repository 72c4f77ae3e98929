"""What attendance puts in the service navigation and in the school's and LA's work queues."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from onroll.accounts.roles import Role
from onroll.attendance import selectors
from onroll.attendance.models import AttendanceAlert
from onroll.core.registry import NavItem, QueueItem
from onroll.rules.deadlines import school_days_left, work_by
from onroll.rules.school_calendar import SchoolCalendar
from onroll.schools.models import School
from onroll.schools.selectors import school_calendar


def attendance_navigation(user: Any) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    if user.is_school_user:
        return [
            NavItem("Attendance", reverse("attendance:school"), order=20),
            *(
                [NavItem("Take register", reverse("attendance:register"), order=21)]
                if user.can("take_register")
                else []
            ),
        ]
    if user.is_la_user and user.has_role(Role.CME_OFFICER, Role.CME_MANAGER):
        return [NavItem("Attendance", reverse("attendance:la"), order=30)]
    return []


def _item(alert: AttendanceAlert, calendar: SchoolCalendar, today: date, where: str) -> QueueItem:
    due = None if alert.due_on is None else work_by(calendar, alert.due_on, today=today)
    return QueueItem(
        title=f"{alert.child.full_name}{where}: {alert.get_rule_id_display()}",
        href=reverse("attendance:pupil", args=[alert.child_id])
        + (f"?school={alert.school_id}" if where else ""),
        due=due,
        kind="attendance",
        school_days_left=school_days_left(calendar, today, due),
        detail=alert.reason,
    )


def attendance_queue(user: Any, today: date) -> list[QueueItem]:
    """Open attendance alerts: the school's own; for the LA, the serious ones in its area."""
    if not user.is_authenticated:
        return []
    if user.is_school_user:
        alerts = list(selectors.open_alerts_for_school(user.organisation_id))
        if not alerts:
            return []
        calendar = school_calendar(School.objects.get(pk=user.organisation_id))
        return [_item(a, calendar, today, "") for a in alerts]
    if user.is_la_user and user.has_role(Role.CME_OFFICER, Role.CME_MANAGER):
        alerts = list(selectors.open_alerts_for_la(user.organisation_id, selectors.LA_QUEUE_RULES))
        calendars: dict[int, SchoolCalendar] = {}
        items = []
        for a in alerts:
            if a.school_id not in calendars:
                calendars[a.school_id] = school_calendar(a.school)
            items.append(_item(a, calendars[a.school_id], today, f" at {a.school.name}"))
        return items
    return []
