"""The LA's CME journeys in a real browser against the demo server.

The demo server is shared with other journeys, so each journey uses its own records: the
public report is about Niamh Brennan, the school referral about Kacper Nowicki (both only
in the cases demo), the hand-over takes demo case CASE-DEMO-A001, and the overdue queue
reads cases no other journey touches.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from tests.browser.test_smoke import sign_in
from tests.clock import TODAY

pytestmark = pytest.mark.browser


def sign_in_as(page: Any, username: str) -> None:
    """Sign out whoever is signed in, then sign in as ``username`` (two-factor included)."""
    if page.get_by_role("button", name="Sign out").count():
        page.get_by_role("button", name="Sign out").click()
    sign_in(page, username)
    page.wait_for_load_state()


def _demo_today() -> date:
    return TODAY


def test_la_public_report_becomes_a_case_matched_to_an_existing_child(page: Any) -> None:
    dob = date(_demo_today().year - 11, 3, 9)  # Niamh Brennan in the cases demo
    page.goto("/cme/report/")
    page.get_by_label("Which council area does the child live in?").select_option(
        label="Lancashire County Council"
    )
    page.get_by_label("Child's first name").fill("Niamh")
    page.get_by_label("Child's last name").fill("Brenan")  # misspelt, as people do
    page.get_by_label("Day").fill(str(dob.day))
    page.get_by_label("Month").fill(str(dob.month))
    page.get_by_label("Year").fill(str(dob.year))
    page.get_by_label("Postcode (optional)").fill("pr1 4xy")
    page.get_by_label("Why do you think the child is not in school?").fill(
        "She has not been at school since half term and the curtains are always closed."
    )
    page.get_by_label("I do not know").check()
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url("**/cme/report/received/")
    reference = page.get_by_test_id("reference").inner_text()
    assert re.fullmatch(r"CME-[A-Z2-9]{4}-[A-Z2-9]{4}", reference)
    assert "Brenan" not in page.content()
    assert "curtains" not in page.content()

    sign_in_as(page, "cme.officer")
    page.goto("/cme/inbox/")
    page.get_by_role("link", name=reference).click()
    matches = page.get_by_test_id("matches")
    row = matches.get_by_role("row").filter(has_text="Niamh Brennan")
    assert "Likely the same child" in row.inner_text()
    assert "date of birth" in row.inner_text()
    assert "surname (similar spelling)" in row.inner_text()
    row.get_by_role("button", name="Same child").click()
    page.wait_for_url(re.compile(r".*/cme/cases/\d+/$"))
    card = page.get_by_test_id("case-child").filter(has_text="Niamh Brennan")
    assert "Agreed:" in card.get_by_test_id("match-explanation").inner_text()
    # the rules engine's classification, with its reasons: she is on a roll, so not CME
    assert "On a school roll" in card.get_by_test_id("classification").inner_text()
    assert page.get_by_test_id("stage").inner_text() == "New"


def test_la_school_referral_traced_through_the_checklist_to_on_roll_elsewhere(
    page: Any,
) -> None:
    sign_in_as(page, "hawthorn.admissions")
    page.goto("/cme/refer/")
    page.get_by_label("A pupil who may be missing education").check()
    page.get_by_label("Pupil (for a pupil on your roll)").select_option(label="Nowicki, Kacper")
    page.get_by_label("Situation").select_option(value="may_have_moved_away")
    page.get_by_label("What has happened and what have you done so far?").fill(
        "Absent 12 days; home visit found the house empty."
    )
    page.get_by_role("button", name="Send to the local authority").click()
    page.wait_for_url("**/cme/referrals/")
    row = page.get_by_test_id("referrals").get_by_role("row").filter(has_text="Kacper Nowicki")
    assert "Received by the CME team" in row.inner_text()

    sign_in_as(page, "cme.officer")
    page.goto("/cme/cases/")
    page.get_by_test_id("cases").get_by_role("row").filter(has_text="Kacper Nowicki").get_by_role(
        "link"
    ).click()
    classification = page.get_by_test_id("classification").inner_text()
    assert "Whereabouts unknown" in classification
    assert "joint reasonable enquiries" in classification
    page.get_by_role("button", name="Start triage").click()
    page.get_by_role("button", name="Start tracing").click()
    assert page.get_by_test_id("stage").inner_text() == "Tracing"
    today = _demo_today()
    for step, method, result in (
        ("Called every contact number, including emergency contacts", "Phone", "No answer."),
        (
            "Checked brothers' and sisters' schools",
            "Phone",
            "Mother says he started at Stepping Stones this week.",
        ),
    ):
        page.get_by_test_id("checklist").get_by_role("link", name=step).click()
        page.get_by_label("Day").fill(str(today.day))
        page.get_by_label("Month").fill(str(today.month))
        page.get_by_label("Year").fill(str(today.year))
        page.get_by_label("How").select_option(label=method)
        page.get_by_label("What it found").fill(result)
        page.get_by_role("button", name="Save enquiry").click()
    enquiries = page.get_by_test_id("enquiries").inner_text()
    assert "No answer." in enquiries
    assert "Joanne Whittle" in enquiries
    page.get_by_role("button", name="Child located").click()
    page.get_by_role("link", name="Close with an outcome").click()
    page.get_by_label("On roll at a named school (confirmed)").check()
    page.get_by_label("School (on roll)").select_option(label="Stepping Stones Short Stay School")
    page.get_by_label("Evidence for the outcome").fill(
        "Stepping Stones admissions confirmed by phone that he is on roll from today."
    )
    page.get_by_role("button", name="Close case").click()
    assert "Stepping Stones Short Stay School" in page.get_by_test_id("outcome").inner_text()

    sign_in_as(page, "hawthorn.admissions")
    page.goto("/cme/referrals/")
    row = page.get_by_test_id("referrals").get_by_role("row").filter(has_text="Kacper Nowicki")
    assert "Closed" in row.inner_text()
    assert "On roll at a named school (confirmed): Stepping Stones Short Stay School" in (
        row.inner_text()
    )


def test_la_family_moved_to_another_la_is_handed_over(page: Any) -> None:
    sign_in_as(page, "cme.officer")
    page.goto("/cme/cases/?stage=tracing")
    page.get_by_role("link", name="CASE-DEMO-A001").click()
    names = [card.locator("h3").inner_text() for card in page.get_by_test_id("case-child").all()]
    assert len(names) >= 2  # brothers and sisters in one family case
    page.get_by_role("link", name="Close with an outcome").click()
    page.get_by_label("Moved to another local authority").check()
    page.get_by_label("Local authority moved to").select_option(label="Blackpool Council (demo)")
    page.get_by_label("Evidence for the outcome").fill(
        "Mother phoned on arrival: the family now lives in Blackpool."
    )
    page.get_by_role("button", name="Close case").click()
    handed = page.get_by_test_id("handed-over").inner_text()
    assert "Blackpool Council (demo)" in handed

    sign_in_as(page, "blackpool.cme")
    page.goto("/cme/cases/")
    row = page.get_by_test_id("cases").get_by_role("row").filter(has_text=names[0])
    assert all(name in row.inner_text() for name in names)
    row.get_by_role("link").first.click()
    assert "From Lancashire County Council" in page.content()
    # and Lancashire's own cases stay out of Blackpool's list
    page.goto("/cme/cases/")
    assert "CASE-DEMO-A003" not in page.content()


def test_la_officers_overdue_cases_come_first_on_their_home(page: Any) -> None:
    sign_in_as(page, "cme.officer")
    page.goto("/la/")
    rows = page.get_by_test_id("work-queue").locator("tbody tr").all()
    texts = [r.inner_text() for r in rows]
    overdue = [i for i, t in enumerate(texts) if "Overdue by" in t]
    assert len(overdue) >= 3
    assert overdue == list(range(len(overdue)))  # every overdue item before the rest
    assert any("CASE-DEMO-A003" in texts[i] for i in overdue)
    page.get_by_test_id("work-queue").get_by_role("link", name=re.compile("CASE-DEMO-A003")).click()
    assert page.get_by_test_id("stage").inner_text() == "Tracing"
    assert "Overdue" in page.get_by_test_id("case-summary").inner_text()


def test_la_public_form_errors_are_summarised_focused_and_linked(page: Any) -> None:
    page.goto("/cme/report/")
    page.get_by_label("Child's first name").fill("<script>window.pwned=1</script>")
    page.keyboard.press("Enter")  # submit from the keyboard
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    # Playwright's own assertion, not a page-side predicate: the CSP (rightly) forbids eval.
    from playwright.sync_api import expect

    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert "Enter the child's last name" in summary.inner_text()
    assert page.evaluate("window.pwned === undefined")
    summary.get_by_role("link", name="Enter the child's last name").click()
    assert page.evaluate("document.activeElement.id") == "id_child_surname"
