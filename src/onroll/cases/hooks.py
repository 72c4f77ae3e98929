"""What the cases app adds to every page: navigation links and the officer's work queue."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from onroll.accounts.models import User
from onroll.cases.selectors import (
    inbox_waiting,
    is_cme_staff,
    own_local_authority,
    queue_cases,
)
from onroll.cases.workflow import CaseStage
from onroll.core.registry import NavItem, QueueItem
from onroll.rules.deadlines import school_days_left, work_by
from onroll.rules.school_calendar import SchoolCalendar
from onroll.schools.selectors import la_calendar


def navigation(user: Any) -> list[NavItem]:
    if is_cme_staff(user):
        return [
            NavItem("CME inbox", reverse("cases:inbox"), order=20),
            NavItem("Cases", reverse("cases:case_list"), order=21),
            NavItem("Reports", reverse("cases:reports"), order=60),
            NavItem("Contacts", reverse("cases:contacts"), order=70),
            NavItem("Schools", reverse("la:schools"), order=80),
        ]
    if user.is_authenticated and user.is_school_user:
        return [NavItem("CME referrals", reverse("cases:school_referrals"), order=40)]
    return []


def work_queue(user: Any, today: date) -> list[QueueItem]:
    """An officer's open cases (theirs and unassigned ones; a manager's: all), each due by
    its stage's school-day timer on the LA's calendar."""
    if not isinstance(user, User) or not is_cme_staff(user):
        return []
    cases = queue_cases(user)
    calendar = la_calendar(own_local_authority(user), today)
    items = _inbox_item(user, today, calendar)
    for case in cases:
        names = ", ".join(link.child.full_name for link in case.case_children.all())
        stage = CaseStage(case.stage).label
        due = None if case.due_on is None else work_by(calendar, case.due_on, today=today)
        items.append(
            QueueItem(
                title=f"{case.reference}: {stage.lower()}" + (f" — {names}" if names else ""),
                href=reverse("cases:case_detail", args=[case.pk]),
                due=due,
                kind="cme_case",
                school_days_left=school_days_left(calendar, today, due),
                detail=f"{case.priority_label} priority"
                + ("" if case.assigned_to_id else " · not assigned"),
            )
        )
    return items


def _inbox_item(user: User, today: date, calendar: SchoolCalendar) -> list[QueueItem]:
    """One item for the notifications waiting in the inbox outside any case (returns, CMOOE
    reports): read each by the next school day after it arrived."""
    count, first_arrived = inbox_waiting(user)
    if not count or first_arrived is None:
        return []
    oldest = timezone.localtime(first_arrived).date()
    due = calendar.add_school_days(oldest, 1) if oldest >= calendar.first_day else today
    return [
        QueueItem(
            title=f"{count} notification{'s' if count != 1 else ''} in the CME inbox to read",
            href=reverse("cases:inbox"),
            due=due,
            kind="cme_inbox",
            school_days_left=school_days_left(calendar, today, due),
            detail="Returns and reports not yet in a case",
        )
    ]
