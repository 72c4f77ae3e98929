"""The public form: accessible GOV.UK page, rate limited, honeypot, no uploads, and a
confirmation that echoes nothing. Survives a corpus of hostile and odd strings."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from onroll.cases.models import Notification
from tests.cases.corpus import CORPUS
from tests.conftest import Cast

URL = "/cme/report/"
TEXT_FIELDS = [
    "child_forename",
    "child_surname",
    "other_names",
    "age",
    "address_line_1",
    "town",
    "postcode",
    "last_school",
    "parent_names",
    "concern",
    "reporter_name",
    "reporter_phone",
    "reporter_email",
]
ALL_FIELDS = [
    *TEXT_FIELDS,
    "local_authority",
    "in_danger",
    "reporter_relationship",
    "date_of_birth_0",
    "date_of_birth_1",
    "date_of_birth_2",
]


@pytest.fixture(autouse=True)
def _fresh_throttle(settings) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    settings.ONROLL_PUBLIC_REPORT_LIMIT = 100_000


def _valid(cast: Cast) -> dict[str, str]:
    return {
        "local_authority": str(cast.lancashire.pk),
        "child_forename": "Leo",
        "child_surname": "Haworth",
        "date_of_birth_0": "17",
        "date_of_birth_1": "5",
        "date_of_birth_2": "2013",
        "postcode": "PR1 1AA",
        "concern": "Not seen at school since September; the family may have moved.",
        "in_danger": "unknown",
    }


def _unescaped(raw: str, body: str) -> bool:
    """Whether markup-significant text came back as it was typed (not escaped)."""
    return bool(re.search(r"[<>\"'&]", raw)) and raw.strip() != "" and raw in body


def test_form_page_is_public_and_accessible(cast: Cast) -> None:
    response = Client().get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tell us about a child who may be missing education" in body
    assert 'enctype="multipart' not in body
    assert 'type="file"' not in body
    for field in TEXT_FIELDS:  # every input has a label
        assert f'for="id_{field}"' in body
    assert "cme@lancashire.gov.uk" in body
    assert "01257 517333" in body
    assert 'aria-hidden="true"' in body
    assert 'name="website"' in body


def test_report_becomes_a_case_and_the_confirmation_echoes_nothing(cast: Cast) -> None:
    client = Client()
    data = _valid(cast) | {"child_forename": "Zebedee", "reporter_name": "Quentin Marker"}
    response = client.post(URL, data)
    assert response.status_code == 302
    notification = Notification.objects.get()
    assert notification.case is not None
    assert notification.source == "public"
    confirmation = client.get(response["Location"]).content.decode()
    assert notification.reference in confirmation
    for value in ("Zebedee", "Haworth", "Quentin", "PR1 1AA", "September", "2013"):
        assert value not in confirmation
    # the reference is shown once: a reload shows no reference
    assert notification.reference not in client.get(response["Location"]).content.decode()


def test_errors_are_listed_and_nothing_is_saved(cast: Cast) -> None:
    response = Client().post(URL, {"child_forename": "<b>x</b>"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter the child&#x27;s last name" in body
    assert "<b>x</b>" not in body
    assert not Notification.objects.exists()


def test_honeypot_gets_the_same_confirmation_and_stores_nothing(cast: Cast) -> None:
    client = Client()
    response = client.post(URL, _valid(cast) | {"website": "http://spam.example"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Report received" in page
    assert not Notification.objects.exists()


def test_rate_limited_per_address(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ONROLL_PUBLIC_REPORT_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.9")
    codes = [client.post(URL, _valid(cast)).status_code for _ in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert Notification.objects.count() == 3
    other = Client(REMOTE_ADDR="203.0.113.10").post(URL, _valid(cast))
    assert other.status_code == 302  # another address is not held back
    assert "01257 517333" in client.post(URL, _valid(cast)).content.decode()


def test_csrf_is_required(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, _valid(cast)).status_code == 403


@pytest.mark.slow
def test_hostile_corpus_in_every_field_no_error_no_echo(cast: Cast) -> None:
    """Each corpus string in every field at once (so every field's cleaning runs on it)."""
    client = Client()
    assert len(CORPUS) >= 300
    for raw in CORPUS:
        data = dict.fromkeys(ALL_FIELDS, raw)
        response = client.post(URL, data)
        assert response.status_code in {200, 302}, repr(raw[:40])
        if response.status_code == 200:
            body = response.content.decode()
            assert not _unescaped(raw, body), repr(raw[:40])
            assert "There is a problem" in body


@pytest.mark.slow
def test_hostile_corpus_accepted_in_free_text_is_stored_safely_and_never_echoed(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    """Valid required answers, each corpus string in every optional free-text field: the
    report is accepted or refused with an error, never a server error; the confirmation
    shows none of it; the officer's triage page shows it escaped."""
    client = Client()
    charlie = client_for("charlie")
    optional = [f for f in TEXT_FIELDS if f not in {"child_forename", "child_surname", "concern"}]
    for i, raw in enumerate(CORPUS):
        marked = f"ZQX{i}{raw}"
        data = _valid(cast) | dict.fromkeys(optional, marked) | {"concern": f"Q{marked}"}
        response = client.post(URL, data)
        assert response.status_code in {200, 302}, repr(raw[:40])
        if response.status_code == 302:
            page = client.get(response["Location"]).content.decode()
            assert "ZQX" not in page, repr(raw[:40])
            if i % 6 == 0:
                notification = Notification.objects.latest("submitted_at")
                triage = charlie.get(reverse("cases:notification", args=[notification.pk]))
                assert triage.status_code == 200
                assert not _unescaped(marked, triage.content.decode()), repr(raw[:40])
        else:
            assert not _unescaped(marked, response.content.decode())


def test_stored_text_has_no_control_characters(cast: Cast) -> None:
    Client().post(URL, _valid(cast) | {"town": "Pres\x00ton\x07", "concern": "a\x1bb\r\nc"})
    details = Notification.objects.get().details
    assert details["town"] == "Preston"
    assert Notification.objects.get().narrative == "ab\nc"
    assert html.escape("<") == "&lt;"
