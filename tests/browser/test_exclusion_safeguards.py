"""Issue 12, bypasses 1 and 6, in Chromium as the demo users: while Hawthorn's permanent
exclusion review is open its admissions officer cannot take the pupil off roll under ground C
(the refusal says why and what is awaited), and a review step dated before its deadline is
refused with the deadline named."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.test_school_journeys import fill_date, queue_link
from tests.browser.test_smoke import sign_in
from tests.clock import TODAY

pytestmark = pytest.mark.browser

SUBMIT_DELETION = re.compile("^(Continue|Delete from the register)$")


def _open_exclusion(page: Any) -> str:
    sign_in(page, "hawthorn.admissions")
    page.wait_for_url("**/school/")
    queue_link(page, r"^Exclusion review for").click()
    return str(page.url)


def test_ground_c_refused_while_the_exclusion_review_is_open(page: Any) -> None:
    _open_exclusion(page)
    page.get_by_role("link", name=re.compile("^Back to")).click()
    page.get_by_role("link", name="Delete from the register").first.click()
    page.get_by_label("Ground for deletion (reg 9(1))").select_option("C")
    page.get_by_role("button", name=SUBMIT_DELETION).click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "exclusion process is still open" in summary
    assert "ground C cannot take the pupil off this school's roll until ground O is met" in summary
    # the demo's review is in the parent's IRP window, which ends on Wed 16 Dec 2026
    assert (
        "Awaited: the parent's 15 school days to apply for an independent review, which end "
        "on Wednesday 16 December 2026" in summary
    )
    assert page.get_by_test_id("deleted").count() == 0


def test_review_step_dated_before_its_deadline_is_refused_naming_it(page: Any) -> None:
    exclusion_url = _open_exclusion(page)
    assert "The parent may apply" in page.get_by_test_id("review-state").inner_text()
    page.get_by_label("The 15 school days to apply to an IRP passed").check()
    fill_date(page, "occurred_on", TODAY)
    page.get_by_role("button", name="Record the step").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert (
        "The 15 school days to apply for an independent review end on Wednesday 16 "
        "December 2026: this step cannot be dated on or before then." in summary
    )
    page.goto(exclusion_url)
    assert "The parent may apply" in page.get_by_test_id("review-state").inner_text()
    assert "Not yet" in page.get_by_test_id("review").inner_text()


def test_honest_path_ground_o_once_met_takes_no_extra_step(page: Any) -> None:
    # the demo's ended review: the PAT has directed removal, so ground O is met
    sign_in(page, "hawthorn.admissions")
    page.wait_for_url("**/school/")
    queue_link(page, r"^Remove .* from roll under ground O").click()
    page.get_by_label("Ground for deletion (reg 9(1))").select_option("O")
    page.get_by_role("button", name=SUBMIT_DELETION).click()
    assert page.locator(".govuk-error-summary").count() == 0
    confirm = page.get_by_role("button", name="Remove from the admission register")
    if confirm.count():  # the check-your-answers step, the one deliberate act
        confirm.click()
    assert "Deleted under ground O" in page.get_by_test_id("deleted").inner_text()
