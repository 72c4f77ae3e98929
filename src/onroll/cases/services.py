"""Writes for the CME team's intake. Every write is audited in the same transaction."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from onroll.accounts.models import LocalAuthority, Organisation
from onroll.cases.models import Notification, NotificationKind, NotificationSource
from onroll.core.services import audit_record
from onroll.people.models import Child

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _new_reference() -> str:
    """A reference a person can read out on the phone: CME-XXXX-XXXX, unguessable."""
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"CME-{body[:4]}-{body[4:]}"


def notification_submit(
    *,
    local_authority: LocalAuthority,
    kind: str,
    source: str,
    details: dict[str, Any],
    submitted_by: Any = None,
    from_organisation: Organisation | None = None,
    child: Child | None = None,
    reason: str = "",
    narrative: str = "",
    request: HttpRequest | None = None,
) -> Notification:
    """Record a notification to ``local_authority``'s CME team and audit it."""
    if kind not in NotificationKind.values:
        raise ValidationError({"kind": f"Unknown notification kind {kind!r}"})
    if source not in NotificationSource.values:
        raise ValidationError({"source": f"Unknown notification source {source!r}"})
    if source == NotificationSource.SCHOOL and from_organisation is None:
        raise ValidationError({"from_organisation": "A school notification needs its school"})
    with transaction.atomic():
        reference = _new_reference()
        while Notification.objects.filter(reference=reference).exists():
            reference = _new_reference()  # pragma: no cover - 32^8 references
        notification = Notification.objects.create(
            reference=reference,
            local_authority=local_authority,
            source=source,
            kind=kind,
            from_organisation=from_organisation,
            submitted_by=submitted_by
            if submitted_by is not None and submitted_by.is_authenticated
            else None,
            submitted_at=timezone.now(),
            child=child,
            details=details,
            reason=reason,
            narrative=narrative,
        )
        audit_record(
            action="notification.submitted",
            actor=submitted_by,
            obj=notification,
            child_id=child.pk if child else None,
            request=request,
            detail={"kind": kind, "source": source, "reference": reference},
        )
    return notification
