"""Services for returns to the LA: record one as due, and send it (which notifies the LA)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from onroll.accounts.models import User
from onroll.core.la_inbox import InboxKind, InboxSource, Submitted, la_inbox
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.people.models import Child
from onroll.registers.models import LaReturn, Registration, ReturnKind, ReturnStatus
from onroll.schools.models import School

_NOTIFICATION_KIND = {
    ReturnKind.NEW_PUPIL: InboxKind.NEW_PUPIL_RETURN,
    ReturnKind.DELETION: InboxKind.DELETION_RETURN,
    ReturnKind.TEN_DAY_ABSENCE: InboxKind.TEN_DAY_ABSENCE,
    ReturnKind.SICKNESS: InboxKind.SICKNESS_RETURN,
}


def la_return_due(
    *,
    school: School,
    child: Child,
    kind: str,
    due_on: date,
    reason: str = "",
    registration: Registration | None = None,
    acting_user: User | None = None,
) -> LaReturn:
    """Record that ``school`` owes its LA a return of ``kind`` by ``due_on``.

    Idempotent: an unsent return of the same kind for the same child and school is reused.
    """
    with transaction.atomic():
        existing = LaReturn.objects.filter(
            school=school, child=child, kind=kind, status=ReturnStatus.DUE
        ).first()
        if existing is not None:
            return existing
        la_return = LaReturn.objects.create(
            school=school,
            child=child,
            registration=registration,
            kind=kind,
            due_on=due_on,
            reason=reason,
        )
        audit_record(
            action=AuditAction.LA_RETURN_DUE,
            actor=acting_user,
            obj=la_return,
            child_id=child.pk,
            detail={"kind": kind, "due_on": due_on.isoformat()},
        )
    return la_return


def la_return_send(
    *,
    la_return: LaReturn,
    details: dict[str, Any],
    acting_user: User | None = None,
) -> Submitted:
    """Send a due return to the school's LA: it arrives there as a notification."""
    with transaction.atomic():
        locked = LaReturn.objects.select_for_update().get(pk=la_return.pk)
        if locked.status == ReturnStatus.SENT and locked.notification is not None:
            return locked.notification
        school = locked.school
        notification = la_inbox().submit(
            local_authority=school.local_authority,
            kind=_NOTIFICATION_KIND[ReturnKind(locked.kind)],
            source=InboxSource.SCHOOL,
            details=details,
            submitted_by=acting_user,
            from_organisation=school,
            child=locked.child,
        )
        locked.status = ReturnStatus.SENT
        locked.sent_at = timezone.now()
        locked.notification_id = notification.pk
        locked.save(update_fields=["status", "sent_at", "notification"])
        audit_record(
            action=AuditAction.LA_RETURN_SENT,
            actor=acting_user,
            obj=locked,
            child_id=locked.child_id,
            detail={"kind": locked.kind, "notification": notification.reference},
        )
    return notification
