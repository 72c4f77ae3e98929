"""The one function every service calls to write the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from onroll.core import request_context
from onroll.core.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from onroll.accounts.models import User


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from (the proxy sets REMOTE_ADDR in production)."""
    if request is None:
        return None
    return request_context.RequestMeta.of(request).ip_address


def audit_record(
    *,
    action: AuditAction,
    actor: User | None = None,
    obj: models.Model | None = None,
    child_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` to ``obj`` now.

    ``actor`` is the signed-in user who acted, or ``None`` for the system or a member of the
    public. The client address and user agent come from the request being served
    (``onroll.core.request_context``), not from a parameter. Call it inside the same
    ``transaction.atomic`` block as the change it records, so the change and its audit row are
    saved together or not at all.
    """
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}: add it to AuditAction")
    is_user = actor is not None and actor.is_authenticated
    organisation = actor.organisation if actor is not None and is_user else None
    if child_id is None and obj is not None and obj._meta.label == "people.Child":
        child_id = obj.pk
    meta = request_context.current() or request_context.RequestMeta()
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if is_user else None,
        actor_username=actor.get_username() if actor is not None and is_user else "",
        organisation_name=str(organisation) if organisation is not None else "",
        action=AuditAction(action),
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        child_id=child_id,
        ip_address=meta.ip_address,
        user_agent=meta.user_agent,
        detail=detail or {},
    )
