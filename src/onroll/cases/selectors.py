"""Reads of notifications, scoped to the user's organisation."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from onroll.accounts.roles import OrganisationKind
from onroll.cases.models import Notification


def notifications_for_user(user: Any) -> QuerySet[Notification]:
    """A school sees what it sent; an LA sees what was sent to it; nobody else sees any."""
    if not user.is_authenticated or user.organisation_id is None:
        return Notification.objects.none()
    if user.organisation.kind == OrganisationKind.LA:
        return Notification.objects.filter(local_authority_id=user.organisation_id)
    return Notification.objects.filter(from_organisation_id=user.organisation_id)
