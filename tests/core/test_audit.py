from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from onroll.core import request_context
from onroll.core.models import AuditAction, AuditEvent
from onroll.core.services import audit_record
from tests.conftest import Cast


def test_audit_record_says_who_what_which_when_and_where(cast: Cast) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="pytest")
    with request_context.using(request_context.RequestMeta.of(request)):
        event = audit_record(action=AuditAction.CHILD_VIEWED, actor=cast.alice, obj=cast.pru_child)
    event.refresh_from_db()
    assert event.actor == cast.alice
    assert event.actor_username == "alice"
    assert event.organisation_name == "Stepping Stones"
    assert event.action == "child.viewed"
    assert event.object_type == "people.Child"
    assert event.object_id == str(cast.pru_child.pk)
    assert event.child_id == cast.pru_child.pk
    assert event.ip_address == "10.1.2.3"
    assert event.user_agent == "pytest"
    assert event.occurred_at is not None


def test_audit_events_cannot_be_changed_or_deleted_through_the_model(cast: Cast) -> None:
    event = audit_record(action=AuditAction.CHILD_VIEWED, actor=cast.bob)
    event.action = AuditAction.CHILD_UPDATED
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.parametrize(
    "sql", ["UPDATE core_auditevent SET action = 'x'", "DELETE FROM core_auditevent"]
)
def test_the_database_refuses_to_change_audit_rows(cast: Cast, sql: str) -> None:
    audit_record(action=AuditAction.CHILD_VIEWED, actor=cast.bob)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.filter(action=AuditAction.CHILD_VIEWED).count() == 1


def test_an_action_not_in_the_enumeration_is_refused(cast: Cast) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match=r"Unknown audit action 'case\.note_added'"):
        audit_record(action="case.note_added", actor=cast.bob)  # type: ignore[arg-type]
    assert AuditEvent.objects.count() == before


def test_outside_a_request_the_audit_row_has_no_address(cast: Cast) -> None:
    event = audit_record(action=AuditAction.CHILD_VIEWED, actor=cast.bob)
    assert event.ip_address is None
    assert event.user_agent == ""


def test_the_middleware_gives_each_request_its_own_address(  # type: ignore[no-untyped-def]
    cast: Cast, client_for
) -> None:
    client = client_for("alice")
    client.get(f"/children/{cast.pru_child.pk}/", REMOTE_ADDR="10.9.8.7", HTTP_USER_AGENT="A")
    event = AuditEvent.objects.get(action=AuditAction.CHILD_VIEWED)
    assert (event.ip_address, event.user_agent) == ("10.9.8.7", "A")
    assert request_context.current() is None  # reset once the response is made


def test_viewing_a_child_is_audited(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    before = AuditEvent.objects.filter(action="child.viewed").count()
    client_for("alice").get(f"/children/{cast.pru_child.pk}/")
    events = AuditEvent.objects.filter(action="child.viewed")
    assert events.count() == before + 1
    assert events.first().child_id == cast.pru_child.pk  # type: ignore[union-attr]
