"""Issue 12, in Chromium as the demo users: once ground O is met (the demo's ended review, the
Pupil Access Team's direction recorded) the honest deletion takes no extra step.

Bypasses 1 and 6 (ground C refused while the review is open; a review step dated before its
deadline refused) are tried in ``test_school_journeys.test_mainstream_ground_o_refused_then_
allowed``: they need the demo's *open* review, which that journey then ends, so they run in the
same test rather than depend on the order tests run in."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.test_school_journeys import queue_link
from tests.browser.test_smoke import sign_in

pytestmark = pytest.mark.browser

SUBMIT_DELETION = re.compile("^(Continue|Delete from the register)$")


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
