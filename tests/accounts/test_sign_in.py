from __future__ import annotations

import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from onroll.accounts.middleware import SIGNED_IN_AT
from onroll.accounts.roles import Role
from onroll.accounts.services import user_create
from onroll.accounts.views import BAD_CREDENTIALS
from onroll.core.models import AuditEvent
from tests.conftest import PASSWORD, Cast

SIGN_IN = "/sign-in/"


def _post(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(SIGN_IN, {"username": username, "password": password})


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_school_user_without_two_factor_signs_straight_in(cast: Cast) -> None:
    client = Client()
    response = _post(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert client.get("/", follow=True).request["PATH_INFO"] == "/school/"
    assert AuditEvent.objects.filter(action="auth.signed_in", actor=cast.alice).exists()


def test_wrong_password_and_unknown_user_get_the_same_answer(cast: Cast) -> None:
    known = _post(Client(), "alice", "wrong-password-here")
    unknown = _post(Client(), "nobody-by-this-name", "wrong-password-here")
    assert known.status_code == unknown.status_code == 200
    assert BAD_CREDENTIALS in known.content.decode()

    def page(response, username: str) -> str:  # type: ignore[no-untyped-def]
        text = re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode())
        return text.replace(username, "")

    assert page(known, "alice") == page(unknown, "nobody-by-this-name")
    assert 'class="govuk-error-summary"' in known.content.decode()


def test_empty_form_shows_the_error_summary_linked_to_fields(cast: Cast) -> None:
    body = Client().post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert "There is a problem" in body
    assert 'href="#id_username"' in body
    assert "Enter your username" in body
    assert "<title>Error: " in body


@pytest.mark.parametrize("username", ["alice", "nobody-by-this-name"])
def test_the_eleventh_attempt_after_ten_failures_is_locked(cast: Cast, username: str) -> None:
    client = Client()
    for _ in range(9):
        assert _post(client, username, "wrong-password-here").status_code == 200
    tenth = _post(client, username, "wrong-password-here")
    assert tenth.status_code == 429
    locked = _post(client, username, PASSWORD)
    assert locked.status_code == 429
    assert "too many attempts" in locked.content.decode()
    assert not client.session.get("_auth_user_id")


def test_nine_failures_then_the_right_password_still_works(cast: Cast) -> None:
    client = Client()
    for _ in range(9):
        _post(client, "alice", "wrong-password-here")
    assert _post(client, "alice", PASSWORD).status_code == 302


def test_la_user_must_set_up_two_factor_before_anything_else(cast: Cast) -> None:
    client = Client()
    response = _post(client, "charlie", PASSWORD)
    assert response["Location"] == reverse("accounts:two_factor")
    assert client.get("/la/")["Location"] == reverse("accounts:two_factor")
    setup = client.get(reverse("accounts:two_factor")).content.decode()
    assert "Set up two-factor sign-in" in setup
    assert 'autocomplete="one-time-code"' in setup
    device = TOTPDevice.objects.get(user=cast.charlie, confirmed=False)
    wrong = client.post(reverse("accounts:two_factor"), {"token": "000000"})
    assert "not right" in wrong.content.decode()
    time.sleep(1.1)  # django-otp throttles the next try for a second after a wrong code
    ok = client.post(reverse("accounts:two_factor"), {"token": _code(device)})
    assert ok.status_code == 302
    assert client.get("/la/").status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert AuditEvent.objects.filter(action="two_factor.set_up", actor=cast.charlie).exists()


def test_la_user_with_an_authenticator_enters_its_code(cast: Cast) -> None:
    device = TOTPDevice.objects.create(user=cast.charlie, name="phone", confirmed=True)
    client = Client()
    _post(client, "charlie", PASSWORD)
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "Enter your security code" in page
    assert client.get("/la/").status_code == 302
    client.post(
        reverse("accounts:two_factor"), {"token": f" {_code(device)[:3]} {_code(device)[3:]}"}
    )
    assert client.get("/la/").status_code == 200


def test_a_school_can_require_two_factor(cast: Cast) -> None:
    cast.pru.require_two_factor = True
    cast.pru.save()
    client = Client()
    assert _post(client, "alice", PASSWORD)["Location"] == reverse("accounts:two_factor")


@override_settings(ONROLL_SESSION_ABSOLUTE_SECONDS=60)
def test_sessions_end_after_the_absolute_limit(cast: Cast) -> None:
    client = Client()
    _post(client, "alice", PASSWORD)
    assert client.get("/school/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = time.time() - 61
    session.save()
    response = client.get("/school/")
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    assert not client.session.get("_auth_user_id")


def test_idle_timeout_is_thirty_minutes_renewed_on_each_request() -> None:
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_sign_out_ends_the_session(cast: Cast) -> None:
    client = Client()
    _post(client, "alice", PASSWORD)
    assert client.get("/sign-out/").status_code == 405
    client.post("/sign-out/")
    assert client.get("/school/").status_code == 302


def test_open_redirects_are_refused(cast: Cast) -> None:
    client = Client()
    client.post(
        SIGN_IN + "?next=https://evil.example/", {"username": "alice", "password": PASSWORD}
    )
    assert client.get("/").status_code == 302
    assert client.session.get("onroll_next") is None


def test_roles_must_fit_the_organisation(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        user_create(
            username="x", password=PASSWORD, organisation=cast.pru, roles=[Role.CME_OFFICER]
        )


@pytest.mark.parametrize("setting", [True, False])
def test_new_schools_take_the_configured_two_factor_default(cast: Cast, setting: bool) -> None:
    from onroll.schools.models import Phase, School

    with override_settings(ONROLL_TWO_FACTOR_SCHOOL_DEFAULT=setting):
        school = School.objects.create(
            laestab="8884999",
            urn="999999",
            name="New",
            phase=Phase.PRIMARY,
            establishment_type="Test",
            local_authority=cast.lancashire,
            most_junior_year=0,
            most_senior_year=6,
        )
    assert school.require_two_factor is setting
