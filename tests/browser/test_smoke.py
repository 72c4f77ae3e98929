"""Sign in as every demo role, completing two-factor where needed, and see that role's home."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django_otp.oath import TOTP

from onroll.demo.loader import DEMO_PASSWORD, DEMO_USERS, demo_totp_key

pytestmark = pytest.mark.browser

HOMES = {
    "pru.admissions": ("/school/", "Your work"),
    "pru.attendance": ("/school/", "Your work"),
    "pru.dsl": ("/school/", "Your work"),
    "pru.head": ("/school/", "Your work"),
    "pru.teacher": ("/school/", "Your work"),
    "pru.readonly": ("/school/", "Your work"),
    "hawthorn.admissions": ("/school/", "Your work"),
    "cme.officer": ("/la/", "Children missing education"),
    "cme.manager": ("/la/", "Children missing education"),
    "pat.officer": ("/la/pat/", "Permanent exclusions"),
    "sysadmin": ("/administration/", "Administration"),
    "blackpool.cme": ("/la/", "Children missing education"),
}


def sign_in(page: Any, username: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # django-otp refuses a code already used (another test may have signed the same user in
    # within this 30-second step), so on refusal wait for the next step and use its code.
    for _ in range(3):
        if "/two-factor/" not in page.url:
            return
        code = f"{TOTP(bytes.fromhex(demo_totp_key(username))).token():06d}"
        page.get_by_label("Security code").fill(code)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        if "/two-factor/" in page.url:
            time.sleep(30 - time.time() % 30 + 1)


def test_every_demo_role_has_a_home() -> None:
    assert set(HOMES) == {u.username for u in DEMO_USERS}


@pytest.mark.parametrize("username", sorted(HOMES))
def test_demo_user_signs_in_and_sees_their_home(page: Any, username: str) -> None:
    sign_in(page, username)
    path, heading = HOMES[username]
    page.wait_for_url(f"**{path}")
    assert page.locator("h1").first.inner_text() == heading
    assert "govuk-frontend-supported" in (page.locator("body").get_attribute("class") or "")


def test_failed_sign_in_focuses_the_error_summary(page: Any) -> None:
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter your username" in summary.inner_text()
    # Playwright's own assertion, not a page-side predicate: the CSP (rightly) forbids eval.
    from playwright.sync_api import expect

    expect(page.locator(".govuk-error-summary")).to_be_focused()
