"""The school pages' shape (issue 11): each form posts to its own URL, which refuses bad input
and changes nothing; every list is a page at a time, says how many there are, and costs a
bounded number of queries however long it is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from onroll.core.la_inbox import InboxKind, InboxSource, la_inbox
from onroll.core.models import AuditEvent
from onroll.registers.factories import RegistrationFactory
from onroll.registers.models import Exclusion, Leaving, Placement
from onroll.registers.returns import la_return_due
from tests.conftest import Cast, sign_in
from tests.registers import records


@pytest.fixture
def calendar(cast: Cast) -> None:
    records.with_calendar(cast)


def _exclusion(cast: Cast) -> tuple[str, int]:
    return "bob", records.exclusion(cast).pk


def _placement(cast: Cast) -> tuple[str, int]:
    return "alice", records.placement(cast).pk


def _registration(cast: Cast) -> tuple[str, int]:
    return "alice", records.pru_registration(cast).pk


def _pending(cast: Cast) -> tuple[str, int]:
    registration = records.pru_registration(cast)
    url = reverse("registers:leaving_start", args=[registration.pk])
    assert sign_in(Client(), cast.alice).post(url, {"reason": "May move"}).status_code == 302
    return "alice", registration.pk


def _state(cast: Cast) -> list[Any]:
    """Everything the actions below could change."""
    return [
        list(Exclusion.objects.values_list("state", "pat_directed_on")),
        list(Placement.objects.values_list("status", "reviews", "outcome")),
        list(Leaving.objects.values_list("status", "destination_school", "reason")),
    ]


ACTIONS = [
    ("registers:exclusion_event", _exclusion, {"event": "irp_upheld"}, "registers:exclusion"),
    ("registers:placement_on_roll", _placement, {}, "registers:placement"),
    ("registers:placement_review", _placement, {"note": "x"}, "registers:placement"),
    ("registers:placement_outcome", _placement, {"outcome": "nonsense"}, "registers:placement"),
    ("registers:leaving_start", _registration, {"reason": ""}, "registers:leaving"),
    ("registers:leaving_destination", _pending, {"school": ""}, "registers:leaving"),
]


@pytest.mark.parametrize(("action", "target", "data", "page"), ACTIONS)
def test_each_action_refuses_bad_input_on_its_page_and_changes_nothing(
    cast: Cast,
    calendar: None,
    client_for: Callable[[str], Client],
    action: str,
    target: Callable[[Cast], tuple[str, int]],
    data: dict[str, str],
    page: str,
) -> None:
    member, pk = target(cast)
    before, audit = _state(cast), AuditEvent.objects.count()
    response = client_for(member).post(reverse(action, args=[pk]), data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert (_state(cast), AuditEvent.objects.count()) == (before, audit)
    assert client_for(member).get(reverse(action, args=[pk]))["Location"] == reverse(
        page, args=[pk]
    )


def test_stopping_leaving_without_a_reason_is_refused(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    _, pk = _pending(cast)
    response = client_for("alice").post(
        reverse("registers:leaving_cancel", args=[pk]), {"cancel_reason": ""}, follow=True
    )
    assert "Enter why the pupil is no longer leaving" in response.content.decode()
    assert Leaving.objects.get(registration_id=pk).status == "pending"


def test_the_placement_actions_are_the_placing_schools_only(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    placement = records.placement(cast)
    response = client_for("bob").post(
        reverse("registers:placement_on_roll", args=[placement.pk]), {}
    )
    assert response.status_code == 404
    placement.refresh_from_db()
    assert placement.status == "awaiting"


def _many_pupils(cast: Cast, n: int) -> None:
    RegistrationFactory.create_batch(n, school=cast.pru)


def _many_returns(cast: Cast, n: int) -> None:
    for registration in RegistrationFactory.create_batch(n, school=cast.pru):
        la_return_due(
            school=cast.pru,
            child=registration.child,
            kind="new_pupil",
            due_on=date(2026, 12, 4),
            registration=registration,
        )


def _many_referrals(cast: Cast, n: int) -> None:
    sent: dict[str, Any] = {
        "local_authority": cast.lancashire,
        "kind": InboxKind.CMOOE_REPORT,
        "source": InboxSource.SCHOOL,
        "details": {},
        "submitted_by": cast.alice,
        "from_organisation": cast.pru,
    }
    for registration in RegistrationFactory.create_batch(n, school=cast.pru):
        la_inbox().submit(child=registration.child, **sent)


LISTS = [
    ("registers:children", _many_pupils, "pupil records"),
    ("registers:la_returns", _many_returns, "returns"),
    ("cases:school_referrals", _many_referrals, "referrals"),
]


@pytest.mark.parametrize(("name", "make", "noun"), LISTS)
def test_each_list_shows_page_two_with_the_count(
    cast: Cast,
    client_for: Callable[[str], Client],
    name: str,
    make: Callable[[Cast, int], None],
    noun: str,
) -> None:
    make(cast, 52)
    page = client_for("alice").get(reverse(name), {"page": 2}).content.decode()
    assert "Showing 51 to " in page
    assert f" {noun}</p>" in page
    assert 'aria-current="page">2<' in page


@pytest.mark.parametrize(("name", "make", "noun"), LISTS)
def test_each_list_costs_the_same_queries_however_long(
    cast: Cast,
    client_for: Callable[[str], Client],
    django_assert_max_num_queries: Any,
    name: str,
    make: Callable[[Cast, int], None],
    noun: str,
) -> None:
    client = client_for("alice")
    client.get(reverse(name))  # warm the session
    make(cast, 3)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse(name))
    make(cast, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(name))
