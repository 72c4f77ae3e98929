"""What identification adds to the navigation and to the CME officer's work queue."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from onroll.core.registry import NavItem, QueueItem
from onroll.identification.models import DecisionStatus, LinkageRun, RunStatus
from onroll.identification.selectors import is_cme_staff, uploads_for_user


def navigation(user: Any) -> list[NavItem]:
    if not is_cme_staff(user):
        return []
    return [NavItem("Find children on no roll", reverse("identification:index"), order=40)]


def work_queue(user: Any, today: date) -> list[QueueItem]:
    """Each finished run with matches still waiting for an officer's decision."""
    if not is_cme_staff(user):
        return []
    runs = (
        LinkageRun.objects.filter(upload__in=uploads_for_user(user), status=RunStatus.SUCCEEDED)
        .annotate(
            waiting=Count("decisions", filter=Q(decisions__status=DecisionStatus.NEEDS_REVIEW))
        )
        .filter(waiting__gt=0)
        .select_related("upload")
    )
    return [
        QueueItem(
            title=f"Review {run.waiting} uncertain match{'es' if run.waiting != 1 else ''}",
            href=reverse("identification:run_detail", args=[run.pk]),
            due=None,
            kind="Identification",
            detail=f"{run.upload.file_name} ({run.upload.source_label})",
        )
        for run in runs
    ]
