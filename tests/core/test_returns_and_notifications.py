from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from onroll.cases.models import NotificationKind, NotificationSource
from onroll.cases.selectors import notifications_for_user
from onroll.cases.services import notification_submit
from onroll.core.models import AuditEvent
from onroll.registers.models import ReturnKind, ReturnStatus
from onroll.registers.returns import la_return_due, la_return_send
from tests.conftest import Cast


def test_a_due_return_is_recorded_once_and_sending_notifies_the_la(cast: Cast) -> None:
    first = la_return_due(
        school=cast.hawthorn,
        child=cast.hawthorn_child,
        kind=ReturnKind.NEW_PUPIL,
        due_on=date(2026, 12, 4),
        acting_user=cast.bob,
    )
    again = la_return_due(
        school=cast.hawthorn,
        child=cast.hawthorn_child,
        kind=ReturnKind.NEW_PUPIL,
        due_on=date(2026, 12, 9),
    )
    assert again.pk == first.pk
    notification = la_return_send(la_return=first, details={"name": "Leo"}, acting_user=cast.bob)
    first.refresh_from_db()
    assert first.status == ReturnStatus.SENT
    assert first.sent_at is not None
    assert notification.kind == NotificationKind.NEW_PUPIL_RETURN
    assert notification.local_authority == cast.lancashire
    assert notification.from_organisation.pk == cast.hawthorn.pk
    assert la_return_send(la_return=first, details={}).pk == notification.pk  # idempotent
    assert AuditEvent.objects.filter(action="la_return.sent").count() == 1


def test_notifications_are_seen_by_sender_and_receiving_la_only(cast: Cast) -> None:
    n = notification_submit(
        local_authority=cast.lancashire,
        kind=NotificationKind.CME_REFERRAL,
        source=NotificationSource.SCHOOL,
        details={},
        submitted_by=cast.alice,
        from_organisation=cast.pru,
    )
    assert n.reference.startswith("CME-")
    assert len(n.reference) == 13
    assert list(notifications_for_user(cast.alice)) == [n]
    assert list(notifications_for_user(cast.charlie)) == [n]
    for outsider in (cast.bob, cast.diana, cast.eve):
        assert not notifications_for_user(outsider).exists()


@pytest.mark.parametrize(
    ("kind", "source", "org"),
    [
        ("nonsense", "school", True),
        ("cme_referral", "nonsense", True),
        ("cme_referral", "school", False),
    ],
)
def test_bad_notifications_are_refused(cast: Cast, kind: str, source: str, org: bool) -> None:
    with pytest.raises(ValidationError):
        notification_submit(
            local_authority=cast.lancashire,
            kind=kind,
            source=source,
            details={},
            from_organisation=cast.pru if org else None,
        )
