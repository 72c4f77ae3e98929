"""Removing a pupil from roll is a deliberate act: the form, then "check your answers" (the
ground in words with its regulation, the date, the destination, who will be told), then a
warning-styled confirmation. Only the check page's signed answers remove the pupil, validated
again; the deletion return is sent to the LA with the deletion, the same day."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from onroll.cases.models import Notification
from onroll.core.models import AuditEvent
from onroll.registers.models import LaReturn, Registration
from tests.clock import TODAY
from tests.conftest import Cast
from tests.forms import date_fields as _date
from tests.registers import records


def check_page(client: Client, registration: Registration, answers: dict[str, Any]) -> str:
    """Post the deletion form; return the check page (or the refused form)."""
    response = client.post(reverse("registers:delete", args=[registration.pk]), answers)
    assert response.status_code == 200
    return response.content.decode()


def token_of(page: str) -> str:
    found = re.search(r'name="answers" value="([^"]+)"', page)
    assert found, "the check page carries the signed answers"
    return found.group(1)


def confirm_deletion(
    client: Client, registration: Registration, answers: dict[str, Any]
) -> HttpResponse:
    """The honest path: the form, the check page, the confirmation (one extra step)."""
    page = check_page(client, registration, answers)
    url = reverse("registers:delete", args=[registration.pk])
    return client.post(url, {"answers": token_of(page), "confirmed": "1"})  # type: ignore[return-value]


@pytest.fixture
def calendar(cast: Cast) -> None:
    records.with_calendar(cast)


GROUND_G = {
    "ground": "G",
    "ceased_to_attend": "on",
    "lives_beyond_reasonable_distance": "on",
    **_date("deletion_date", TODAY),
}


def _unchanged(registration: Registration) -> None:
    registration.refresh_from_db()
    assert registration.deleted_on is None
    assert not AuditEvent.objects.filter(action="registration.deleted").exists()
    assert not LaReturn.objects.filter(kind="deletion").exists()
    assert not Notification.objects.exists()


def test_the_check_page_states_ground_destination_and_who_is_told_and_changes_nothing(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    registration = records.pru_single_child(cast)
    page = check_page(client_for("alice"), registration, GROUND_G)
    assert "Check your answers before removing the pupil from the register" in page
    assert "Ground G: Moved away" in page
    assert "Regulation 9(1)(g)" in page
    assert "30 November 2026" in page
    assert "Not known." in page
    assert "Children Missing Education Team" in page
    assert "the deletion return (regulation 13), sent today" in page
    assert "a CME referral, because the destination is not known" in page
    assert "govuk-button--warning" in page
    assert "Remove from the admission register" in page
    assert page.count(">Change<") == 4
    _unchanged(registration)


def test_confirming_removes_the_pupil_and_sends_the_deletion_return_the_same_day(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    registration = records.pru_single_child(cast)
    response = confirm_deletion(client_for("alice"), registration, GROUND_G)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.deleted_on, registration.deletion_ground) == (TODAY, "G")
    deletion_return = LaReturn.objects.get(kind="deletion", child=registration.child)
    assert deletion_return.status == "sent"
    assert deletion_return.sent_at is not None
    assert deletion_return.sent_at.date() == TODAY
    assert deletion_return.notification is not None
    assert deletion_return.notification.details["g_ground"] == "G"
    assert Notification.objects.filter(kind="deletion_unknown_destination").count() == 1


@pytest.mark.parametrize(
    "posted",
    [
        {**GROUND_G, "confirmed": "1"},  # straight to the final step, no check page
        {**GROUND_G, "confirmed": "1", "answers": "forged"},
    ],
    ids=["no-check", "forged-answers"],
)
def test_a_confirmation_that_did_not_come_from_the_check_page_is_refused(
    cast: Cast, calendar: None, client_for: Callable[[str], Client], posted: dict[str, str]
) -> None:
    registration = records.pru_single_child(cast)
    response = client_for("alice").post(reverse("registers:delete", args=[registration.pk]), posted)
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Check your answers before removing the pupil from the register" in body
    _unchanged(registration)


def test_answers_checked_for_one_pupil_cannot_remove_another(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    client = client_for("alice")
    registration = records.pru_single_child(cast)
    other = records.pru_registration(cast)
    token = token_of(check_page(client, registration, GROUND_G))
    response = client.post(
        reverse("registers:delete", args=[other.pk]), {"answers": token, "confirmed": "1"}
    )
    assert "Check your answers before removing" in response.content.decode()
    other.refresh_from_db()
    assert other.deleted_on is None
    _unchanged(registration)


def test_the_change_link_brings_the_answers_back_to_the_form(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    client = client_for("alice")
    registration = records.pru_single_child(cast)
    token = token_of(check_page(client, registration, GROUND_G))
    form = client.get(
        reverse("registers:delete", args=[registration.pk]), {"answers": token}
    ).content.decode()
    assert '<option value="G" selected>' in form
    assert "govuk-error-summary" not in form
    _unchanged(registration)


def test_a_refused_deletion_never_reaches_the_check_page(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    registration = records.pru_single_child(cast)
    page = check_page(client_for("alice"), registration, {**GROUND_G, "ceased_to_attend": ""})
    assert "govuk-error-summary" in page
    assert 'name="confirmed"' not in page
    _unchanged(registration)


def test_the_leaving_page_offers_removal_as_a_secondary_button(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    registration = records.pru_single_child(cast)
    client = client_for("alice")
    client.post(reverse("registers:leaving_start", args=[registration.pk]), {"reason": "Moving"})
    body = client.get(reverse("registers:leaving", args=[registration.pk])).content.decode()
    link = re.search(r'<a class="([^"]*)" href="[^"]*/delete/">', body)
    assert link is not None
    assert "govuk-button--secondary" in link.group(1)
