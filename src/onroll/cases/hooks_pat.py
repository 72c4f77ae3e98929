"""What the cases app adds for the LA Pupil Access Team: its navigation link and, on its
home, the exclusions whose review has ended and which wait for the team's direction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from onroll.accounts.models import User
from onroll.cases.selectors_pat import pat_awaiting_direction
from onroll.core.registry import NavItem, QueueItem


def _is_pat(user: Any) -> bool:
    return isinstance(user, User) and user.is_pupil_access_team


def navigation(user: Any) -> list[NavItem]:
    if not _is_pat(user):
        return []
    return [NavItem("Permanent exclusions", reverse("la:pat_home"), order=25)]


def work_queue(user: Any, today: date) -> list[QueueItem]:
    if not _is_pat(user):
        return []
    return [
        QueueItem(
            title=f"Direct removal or not: {item.child.full_name}, {item.school.name}",
            href=reverse("la:pat_exclusion", args=[item.pk]),
            due=None,
            kind="pat_direction",
            detail=f"Review ended on {ended:%-d %B %Y}; the school waits for the team's direction",
        )
        for item, ended in pat_awaiting_direction(user, today=today)
    ]
