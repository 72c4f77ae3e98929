"""Attendance journeys in Chromium as the demo users: take a register from the keyboard, see
an alert reach the school's work queue after an MIS import, open a pupil's calendar."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.test_smoke import sign_in

pytestmark = pytest.mark.browser


def test_take_a_register_from_the_keyboard(page: Any) -> None:
    sign_in(page, "pru.attendance")
    page.wait_for_url("**/school/")
    page.get_by_role("link", name="Take register").click()
    # The demo leaves the latest afternoon register for the user to take.
    page.get_by_label("Session").select_option("PM")
    page.get_by_role("button", name="Show register").click()
    heading = page.get_by_test_id("register-heading").inner_text()
    assert "afternoon" in heading
    boxes = page.get_by_test_id("register-table").locator("input")
    count = boxes.count()
    assert count > 3
    values = [boxes.nth(i).input_value() for i in range(count)]
    assert set(values) <= {"\\", "D"}  # present, or D where the other school expects them
    # A wrong code is named and nothing is saved.
    boxes.first.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("H")
    page.get_by_role("button", name="Save register").click()
    summary = page.locator(".govuk-error-summary")
    # GOV.UK Frontend focuses the summary once its module script has run; wait for that, or
    # it can take the focus back from the register in the middle of the typing below.
    from playwright.sync_api import expect

    expect(summary).to_be_focused()
    assert "is not a 2024 attendance code" in summary.inner_text()
    # Tab from pupil to pupil, typing a code where the pupil is expected here.
    boxes = page.get_by_test_id("register-table").locator("input")
    boxes.first.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(values[0])
    for i in range(1, count):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.name")
        assert focused.startswith("code_"), f"Tab left the register at pupil {i}"
        if values[i] != "D":
            page.keyboard.press("Control+A")
            page.keyboard.type("L")
            values[i] = "L"
    page.get_by_role("button", name="Save register").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "Register saved" in banner
    assert f"{count} new" in banner
    saved = page.get_by_test_id("register-table").locator("input")
    assert [saved.nth(i).input_value() for i in range(count)] == values


def test_an_alert_appears_on_the_school_queue_after_an_import(page: Any, tmp_path: Any) -> None:
    sign_in(page, "pru.attendance")
    page.wait_for_url("**/school/")
    page.get_by_role("link", name="Take register").click()
    rows = page.get_by_test_id("register-table").locator("tbody tr")
    candidates = [
        (rows.nth(i).get_attribute("data-upn"), rows.nth(i).get_attribute("data-child-id"))
        for i in range(rows.count())
    ]
    # The last pupil (by surname) with at least 8 days this school expects them.
    for upn, child_id in reversed(candidates):  # noqa: B007 - upn is used after the loop
        page.goto(f"/attendance/children/{child_id}/")
        marked = page.get_by_test_id("marks-table").locator("tbody tr")
        days = [
            marked.nth(i).get_attribute("data-date")
            for i in range(marked.count())
            if marked.nth(i).get_attribute("data-am") not in ("D", "N", "")
        ]
        if len(days) >= 8:
            break
    else:
        pytest.fail("no demo pupil at the Short Stay School has 8 days of marks")
    name = page.locator("h1").inner_text().removeprefix("Attendance: ")
    day = days[-8]  # a session this school expects the pupil, at least 7 school days ago
    page.goto("/school/")
    alert_title = f"{name}: Code N not replaced within 5 school days"
    assert alert_title not in page.get_by_test_id("work-queue").inner_text()

    marks = tmp_path / "sims-export.csv"
    marks.write_text(f"pupil_id,date,session,code\n{upn},{day},AM,N\n")
    page.goto("/attendance/import/")
    page.get_by_label("Marks file (CSV or Parquet)").set_input_files(str(marks))
    page.get_by_role("button", name="Check the file").click()
    assert page.get_by_test_id("changed").inner_text() == "1"
    page.get_by_role("button", name="Import these marks").click()
    assert "1 changed" in page.locator(".govuk-notification-banner").inner_text()

    page.get_by_role("link", name="Home").click()
    queue = page.get_by_test_id("work-queue")
    assert alert_title in queue.inner_text()
    queue.get_by_role("link", name=alert_title).click()
    assert (
        "Code N not replaced within 5 school days"
        in page.get_by_test_id("attendance-alerts").inner_text()
    )


def test_open_a_pupils_attendance_calendar_from_the_la(page: Any) -> None:
    sign_in(page, "cme.officer")
    page.wait_for_url("**/la/")
    page.get_by_role("link", name="Attendance").click()
    assert page.locator("h1").inner_text() == "Attendance across the area"
    assert page.get_by_test_id("la-schools-table").locator("tbody tr").count() >= 5
    alerts = page.get_by_test_id("attendance-alerts")
    assert "10 school days of unauthorised absence" in alerts.inner_text()
    alerts.locator("tbody tr").first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/attendance/children/\d+/"))
    calendar = page.get_by_test_id("attendance-calendar")
    assert calendar.locator("table").count() >= 3  # September to November at least
    assert calendar.locator(".onroll-att--unauthorised-absence").count() > 0
    key = page.get_by_test_id("calendar-key").inner_text()
    assert "Unauthorised absence" in key
    assert "Present" in key
    summary = page.get_by_test_id("attendance-summary").inner_text()
    assert "Attendance this school year" in summary
