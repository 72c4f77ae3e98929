"""The one function every service calls to write the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from onroll.core.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from (the proxy sets REMOTE_ADDR in production)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor: Any = None,
    obj: models.Model | None = None,
    child_id: int | None = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` to ``obj`` now, from ``request``'s address.

    Call it inside the same ``transaction.atomic`` block as the change it records, so the
    change and its audit row are saved together or not at all.
    """
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    organisation = getattr(actor, "organisation", None) if is_user else None
    if child_id is None and obj is not None and obj._meta.label == "people.Child":
        child_id = obj.pk
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if is_user else None,
        actor_username=actor.get_username() if is_user else "",
        organisation_name=str(organisation) if organisation is not None else "",
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        child_id=child_id,
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
        detail=detail or {},
    )
