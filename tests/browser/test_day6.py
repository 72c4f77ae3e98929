"""Day 6 in Chromium: the Short Stay School cannot put an excluded pupil on roll after day 6
without saying why (issue 12, bypass 5)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests.browser.test_school_journeys import fill_date, queue_link
from tests.browser.test_smoke import sign_in
from tests.clock import TODAY

pytestmark = pytest.mark.browser


def test_start_after_day_6_is_refused_without_a_reason(page: Any) -> None:
    sign_in(page, "pru.admissions")
    page.wait_for_url("**/school/")
    queue_link(page, r"^Put .* on roll by day 6").click()
    fill_date(page, "starting_day", TODAY + timedelta(days=21))
    page.get_by_role("button", name="Put on roll").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "after day 6 of the exclusion" in summary
    assert re.search(r"\((Monday|Tuesday|Wednesday|Thursday|Friday) \d+ \w+ \d{4}\)", summary)
    assert "Waiting to be put on roll" in page.get_by_test_id("placement-status").inner_text()
