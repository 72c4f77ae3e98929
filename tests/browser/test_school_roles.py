"""Roles inside a school, in Chromium as the demo users (issue 12, bypass 7): the attendance
officer is refused the admit, exclude and delete pages, and sees no button to them; the
admissions officer still opens them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.test_smoke import sign_in

pytestmark = pytest.mark.browser

REFUSED = "You cannot do this with your role"


def _a_current_pupils_registration(page: Any) -> str:
    """As the admissions officer: the registration id behind a current pupil's "Delete"."""
    page.goto("/school/children/")
    links = page.get_by_test_id("records").get_by_role("link")
    for i in range(min(links.count(), 10)):
        page.goto("/school/children/")
        page.get_by_test_id("records").get_by_role("link").nth(i).click()
        delete = page.get_by_role("link", name="Delete from the register")
        if delete.count():
            href = delete.first.get_attribute("href")
            found = re.search(r"/registrations/(\d+)/delete/", href or "")
            assert found, href
            return found.group(1)
    raise AssertionError("no current pupil with a Delete button in the first ten records")


def test_attendance_officer_is_refused_admit_exclude_and_delete(page: Any) -> None:
    sign_in(page, "pru.admissions")
    page.wait_for_url("**/school/")
    registration = _a_current_pupils_registration(page)
    record = page.url
    actions = {
        "admit": "/school/children/admit/",
        "exclude": f"/school/registrations/{registration}/exclude/",
        "delete": f"/school/registrations/{registration}/delete/",
    }
    for name in ("admit", "delete"):
        response = page.goto(actions[name])
        assert response.status == 200, name
        assert REFUSED not in page.content(), name
    assert page.goto(actions["exclude"]).status != 403
    page.context.clear_cookies()

    sign_in(page, "pru.attendance")
    page.wait_for_url("**/school/")
    page.goto(record)
    for button in ("Leaving", "Delete from the register", "Record a permanent exclusion"):
        assert page.get_by_role("link", name=button, exact=True).count() == 0, button
    page.goto("/school/children/")
    assert page.get_by_role("link", name="Admit a pupil").count() == 0
    for name, url in actions.items():
        response = page.goto(url)
        assert response.status == 403, name
        assert page.get_by_role("heading", name=REFUSED).is_visible(), name
