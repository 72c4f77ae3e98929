"""The school side's journeys, end to end in Chromium, as the demo users.

Each journey uses its own demo child (see ``onroll.registers.demo``) and finds it the way a
person would: from the work queue or the pupil records.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from tests.browser.test_la_journeys import sign_in_as
from tests.browser.test_smoke import sign_in
from tests.clock import TODAY

pytestmark = pytest.mark.browser


def fill_date(page: Any, name: str, day: date) -> None:
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def queue_link(page: Any, text: str) -> Any:
    return page.get_by_test_id("work-queue").get_by_role("link", name=re.compile(text)).first


def test_permanently_excluded_pupil_on_roll_by_day_6_and_dual_registered(page: Any) -> None:
    sign_in(page, "pru.admissions")
    page.wait_for_url("**/school/")
    queue_link(page, r"^Put .* on roll by day 6").click()
    assert "Day 6" in page.get_by_test_id("placement").inner_text()
    assert "Must be on roll by day 6" in page.get_by_test_id("day6").inner_text()
    # Issue 12, bypass 5: a start after day 6 is refused without a reason, naming day 6.
    placement_url = page.url
    fill_date(page, "starting_day", TODAY + timedelta(days=21))
    page.get_by_role("button", name="Put on roll").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "after day 6 of the exclusion" in summary
    assert re.search(r"\((Monday|Tuesday|Wednesday|Thursday|Friday) \d+ \w+ \d{4}\)", summary)
    assert "Waiting to be put on roll" in page.get_by_test_id("placement-status").inner_text()
    # The honest path: on roll by day 6, no reason needed.
    page.goto(placement_url)
    page.get_by_role("button", name="Put on roll").click()
    status = page.get_by_test_id("placement-status").inner_text()
    assert "On roll" in status
    assert "Dual registration (subsidiary)" in status
    assert "On roll by day 6" in page.get_by_test_id("day6").inner_text()
    page.get_by_role("link", name=re.compile("^Back to")).click()
    registrations = page.get_by_test_id("registrations").inner_text()
    assert "Hawthorn Lane High School — Dual registration (main)" in registrations
    assert "Stepping Stones Short Stay School — Dual registration (subsidiary)" in registrations


def test_mainstream_ground_o_refused_then_allowed(page: Any) -> None:
    """One journey on the demo's open review, since it ends the review: the early IRP step and
    ground C are refused with their reasons (issue 12, bypasses 6 and 1), ground O is refused
    until the review ends and the Pupil Access Team directs, then allowed."""
    today = TODAY
    sign_in(page, "hawthorn.admissions")
    page.wait_for_url("**/school/")
    queue_link(page, r"^Exclusion review for").click()
    exclusion_url = page.url
    assert "may delete" not in page.get_by_test_id("ground-o").inner_text()
    # Bypass 6 (issue 12): a step that says the IRP window passed cannot be dated inside it.
    assert "The parent may apply" in page.get_by_test_id("review-state").inner_text()
    page.get_by_label("The 15 school days to apply to an IRP passed").check()
    fill_date(page, "occurred_on", today)
    page.get_by_role("button", name="Record the step").click()
    assert (
        "The 15 school days to apply for an independent review end on Wednesday 16 "
        "December 2026: this step cannot be dated on or before then."
        in page.locator(".govuk-error-summary").inner_text()
    )
    page.goto(exclusion_url)
    assert "The parent may apply" in page.get_by_test_id("review-state").inner_text()
    assert "Not yet" in page.get_by_test_id("review").inner_text()
    page.get_by_role("link", name=re.compile("^Back to")).click()
    page.get_by_role("link", name="Delete from the register").first.click()
    # Bypass 1 (issue 12): no other route off the roll while the review is open.
    page.get_by_label("Ground for deletion (reg 9(1))").select_option("C")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "exclusion process is still open" in summary
    assert "ground C cannot take the pupil off this school's roll until ground O is met" in summary
    assert (
        "Awaited: the parent's 15 school days to apply for an independent review, which end "
        "on Wednesday 16 December 2026" in summary
    )
    page.get_by_label("Ground for deletion (reg 9(1))").select_option("O")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "The exclusion review process has not ended" in summary
    assert "Pupil Access Team has not directed removal" in summary
    page.goto(exclusion_url)
    page.get_by_label("The parent said in writing they will not apply to an IRP").check()
    fill_date(page, "occurred_on", today)
    page.get_by_role("button", name="Record the step").click()
    assert "Process ended" in page.get_by_test_id("review-state").inner_text()
    # The school cannot record the Pupil Access Team's direction: no form, and no URL.
    assert "Awaited" in page.get_by_test_id("pat").inner_text()
    assert page.get_by_role("button", name="Record the direction").count() == 0
    assert page.goto(exclusion_url + "pat/").status == 404
    # The LA's Pupil Access Team officer records it on the LA's own page.
    sign_in_as(page, "pat.officer")
    page.wait_for_url("**/la/pat/")
    queue_link(page, r"^Direct removal or not: ").click()
    fill_date(page, "directed_on", today)
    page.get_by_label("Note for the school (optional)").fill("Stays at Stepping Stones")
    page.get_by_role("button", name="Record the direction").click()
    assert "Directed removal on" in page.get_by_test_id("pat").inner_text()
    # The school sees the direction, and ground O is open.
    sign_in_as(page, "hawthorn.admissions")
    page.goto(exclusion_url)
    shown = page.get_by_test_id("pat").inner_text()
    assert "recorded by Rachel Hughes" in shown
    assert "Stays at Stepping Stones" in shown
    assert "may delete the pupil under ground O" in page.get_by_test_id("ground-o").inner_text()
    page.get_by_role("link", name=re.compile("^Back to")).click()
    page.get_by_role("link", name="Delete from the register").first.click()
    page.get_by_label("Ground for deletion (reg 9(1))").select_option("O")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Remove from the admission register").click()
    assert "Deleted under ground O" in page.get_by_test_id("deleted").inner_text()


def test_leaver_with_a_confirmed_destination(page: Any) -> None:
    today = TODAY
    sign_in(page, "pru.admissions")
    page.goto("/school/children/")
    page.get_by_role("link", name="Marsden, Sophie").click()
    page.get_by_role("link", name="Leaving").first.click()
    assert "No destination is confirmed" in page.get_by_test_id("destination-check").inner_text()
    page.get_by_label("Who at the destination school confirmed").fill("Mrs Lord, admissions")
    page.get_by_label("How they confirmed it").fill("Phone call")
    fill_date(page, "confirmed_on", today)
    page.get_by_role("button", name="Save the destination").click()
    check = page.get_by_test_id("destination-check").inner_text()
    assert "Destination confirmed on roll: Cotton Mill Academy" in check
    page.get_by_role("link", name="Delete from the register").click()
    page.get_by_label("Ground for deletion (reg 9(1))").select_option("A")
    page.get_by_role("button", name="Continue").click()
    # One extra step: check your answers, then a warning-styled confirmation.
    assert (
        "Ground A: Registered at another school" in page.get_by_test_id("check-ground").inner_text()
    )
    assert "Cotton Mill Academy" in page.get_by_test_id("check-destination").inner_text()
    assert "the deletion return" in page.get_by_test_id("check-told").inner_text()
    confirm = page.get_by_role("button", name="Remove from the admission register")
    assert "govuk-button--warning" in (confirm.get_attribute("class") or "")
    confirm.click()
    assert "Deleted under ground A" in page.get_by_test_id("deleted").inner_text()
    assert "CTF to the next school to 8884102" in page.get_by_test_id("ctf").inner_text()
    page.goto("/school/returns/")
    page.get_by_test_id("returns").get_by_role("link", name="Deletion return").first.click()
    fields = page.get_by_test_id("return-fields").inner_text()
    assert "Sophie Marsden" in fields
    assert "Cotton Mill Academy" in fields
    assert "Sent" in page.get_by_test_id("return-status").inner_text()  # with the deletion


def test_leaver_with_no_known_destination_becomes_a_cme_referral(page: Any) -> None:
    sign_in(page, "pru.admissions")
    page.goto("/school/children/")
    page.get_by_role("link", name="Cowell, Mason").click()
    page.get_by_role("link", name="Leaving").first.click()
    assert "Pending leaver" in page.get_by_test_id("pending").inner_text()
    page.get_by_role("link", name="Refer to the LA CME team").click()
    assert "Mason Cowell" in page.get_by_test_id("prefilled").inner_text()
    situation = page.get_by_label(re.compile("^Moved \\(or about to move\\) out of the area"))
    assert not situation.is_checked(), "nothing is chosen for the school"
    page.get_by_label("What you know").fill("")
    page.get_by_role("button", name="Send the referral").click()  # empty: refused
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Select the situation the child is in" in summary.inner_text()
    assert "Enter what you know" in summary.inner_text()
    page.get_by_label(re.compile("^Moved \\(or about to move\\) out of the area")).check()
    page.get_by_label("What you know").fill("Mother said they are leaving Preston; no school named")
    page.get_by_role("button", name="Send the referral").click()
    row = page.get_by_test_id("referrals").locator("tr", has_text="Mason Cowell")
    assert "Child missing education referral" in row.inner_text()
    assert row.get_by_test_id("status").inner_text().strip(), "the LA's status is shown"


def test_moving_family_followed_up(page: Any) -> None:
    sign_in(page, "pru.admissions")
    page.wait_for_url("**/school/")
    queue_link(page, r"^Follow up .* move").click()
    assert "North Yorkshire Council" in page.get_by_test_id("move").inner_text()
    page.get_by_label("The pupil is registered at the intended school").check()
    page.get_by_label("Note").fill("Whitby Community College confirmed by phone")
    page.get_by_role("button", name="Record the follow-up").click()
    assert "registered at the intended school" in page.get_by_test_id("follow-up").inner_text()


def test_cmooe_report(page: Any) -> None:
    sign_in(page, "pru.admissions")
    page.wait_for_url("**/school/")
    queue_link(page, r"^Review .* placement").click()
    page.get_by_role("link", name=re.compile("^Back to")).click()
    name = page.locator("h1").inner_text()
    page.get_by_role("link", name="Report to CMOOE").click()
    page.get_by_label("Why the pupil is not accessing their education").fill(
        "Reduced timetable while anxiety support starts"
    )
    page.get_by_label("Hours of education offered each week").fill("10")
    page.get_by_label("Plan to return to full-time education").fill("Add a morning each fortnight")
    fill_date(page, "review_on", date(TODAY.year + 1, 1, 20))
    page.get_by_role("button", name="Send the report").click()
    row = page.get_by_test_id("referrals").locator("tr", has_text=name)
    assert "On roll but missing out on education" in row.inner_text()
    assert row.get_by_test_id("status").inner_text().strip(), "the LA's status is shown"


def test_admitting_with_a_wrong_check_letter_shows_the_error_summary(page: Any) -> None:
    sign_in(page, "pru.admissions")
    page.goto("/school/children/admit/")
    page.get_by_label("Legal first name").fill("Nova")
    page.get_by_label("Legal last name").fill("Quayle")
    fill_date(page, "date_of_birth", date(2013, 4, 4))
    page.get_by_label("Female").check()
    page.get_by_label("Unique pupil number (UPN)").fill("A801200005001")
    page.get_by_label("Single registration").check()
    fill_date(page, "starting_day", TODAY)
    page.get_by_role("button", name="Admit").click()
    summary = page.locator(".govuk-error-summary")
    assert "the check letter is wrong (expected B, found A)" in summary.inner_text()
    # Playwright's own assertion, not a page-side predicate: the CSP (rightly) forbids eval.
    from playwright.sync_api import expect

    expect(page.locator(".govuk-error-summary")).to_be_focused()
    page.goto("/school/children/")
    assert "Quayle" not in page.get_by_test_id("records").inner_text()
