"""Identification in Chromium as Lancashire's CME officer: a malformed file is refused with
its rows named; a good one is previewed, confirmed and linked against the demo rolls; an
uncertain (twin-like) match is reviewed side by side and rejected; two children on no roll
become CME cases.

The upload is built from the demo server's own rolls (read from its SQLite file: the demo's
dates of birth move with the day it was loaded) plus invented children.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

import pytest

from tests.browser.test_smoke import sign_in
from tests.clock import TODAY

pytestmark = pytest.mark.browser

HEADER = "id,forename,surname,dob,sex,postcode,address\n"


def _age(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _roll_children(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """Children on a current roll in the demo, with their current address."""
    databases = sorted(tmp_path_factory.getbasetemp().glob("server*/demo.sqlite3"))
    assert databases, "the demo server's database was not found"
    with sqlite3.connect(f"file:{databases[0]}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT c.id, c.legal_forename, c.legal_surname, c.date_of_birth, c.sex, "
            "a.postcode, a.line_1 FROM people_child c "
            "JOIN registers_registration r ON r.child_id = c.id AND r.deleted_on IS NULL "
            "JOIN people_childaddress ca ON ca.child_id = c.id AND ca.to_date IS NULL "
            "JOIN people_address a ON a.id = ca.address_id "
            "GROUP BY c.id ORDER BY c.id"
        ).fetchall()
    keys = ("id", "forename", "surname", "dob", "sex", "postcode", "line_1")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _population(children: list[dict[str, Any]], today: date) -> tuple[str, dict[str, str]]:
    """Three roll children, a made-up twin of a fourth, two invented children of school age
    and an invented toddler."""
    surname_dob = [(c["surname"], c["dob"]) for c in children]
    usable = [
        c
        for c in children
        if 6 <= _age(date.fromisoformat(c["dob"]), today) <= 14
        and surname_dob.count((c["surname"], c["dob"])) == 1
        and c["postcode"]
    ]
    distinct: dict[str, dict[str, Any]] = {}
    for child in usable:
        distinct.setdefault(child["surname"], child)
    picked = list(distinct.values())
    assert len(picked) >= 4, "the demo has too few children on roll"
    one, two, three, sibling = picked[:4]
    d2 = date.fromisoformat(two["dob"])
    lines = [
        f"P1,{one['forename']},{one['surname']},{one['dob']},{one['sex']},"
        f"{one['postcode']},{one['line_1']}",
        # a date as DD/MM/YYYY and no address: still the same child
        f"P2,{two['forename']},{two['surname']},{d2:%d/%m/%Y},,{two['postcode']},",
        # the forename in capitals, and no postcode
        f"P3,{three['forename'].upper()},{three['surname']},{three['dob']},{three['sex']},,",
        # same birthday, surname and home as a pupil, another forename: a twin?
        f"P4,Zebedee,{sibling['surname']},{sibling['dob']},{sibling['sex']},"
        f"{sibling['postcode']},{sibling['line_1']}",
        f"P5,Poppy,Quillfeather,{today.year - 9}-04-12,F,LA1 2AB,3 Quay Street",
        f"P6,Kacper,Wojcikowski,{today.year - 12}-10-01,M,,",
        f"P7,Ada,Quillfeather,{today.year - 1}-01-01,F,LA1 2AB,3 Quay Street",
    ]
    names = {
        "twin": f"Zebedee {sibling['surname']}",
        "sibling": f"{sibling['forename']} {sibling['surname']}",
    }
    return HEADER + "\n".join(lines) + "\n", names


def test_upload_review_and_open_cases(
    page: Any, demo_server: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    today = TODAY
    csv_text, names = _population(_roll_children(tmp_path_factory), today)
    sign_in(page, "cme.officer")
    page.goto("/identification/")
    assert page.locator("h1").inner_text() == "Find children on no roll"
    page.get_by_role("link", name="Upload a population file").click()

    # a malformed file: every bad row named, nothing kept
    page.get_by_label("Health (GP or health visitor registrations)").check()
    bad = HEADER + "B1,,,2013-05-17,F,,\nB2,Leo,Haworth,31/02/2014,Q,,\n"
    page.get_by_label("Population file (CSV)").set_input_files(
        {"name": "bad.csv", "mimeType": "text/csv", "buffer": bad.encode()}
    )
    page.get_by_role("button", name="Check the file").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "The file has 3 problems: nothing was saved" in summary.inner_text()
    problems = page.get_by_test_id("upload-problems").inner_text()
    assert "Enter a forename or a surname" in problems
    assert "Enter a real date" in problems
    assert "Enter M, F or U" in problems

    # the good file: preview and counts, then confirm
    page.get_by_label("Health (GP or health visitor registrations)").check()
    page.get_by_label("Population file (CSV)").set_input_files(
        {"name": "gp-register.csv", "mimeType": "text/csv", "buffer": csv_text.encode()}
    )
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/identification/uploads/*/")
    assert page.locator("h1").inner_text() == "Check the file before you run identification"
    counts = page.get_by_test_id("upload-counts").inner_text()
    assert "Rows\t7" in counts
    assert "Of compulsory school age today\t6" in counts
    assert "Poppy Quillfeather" in page.get_by_test_id("upload-preview").inner_text()
    page.get_by_role("button", name="Confirm and run identification").click()
    page.wait_for_url("**/identification/runs/*/", timeout=90_000)
    assert page.get_by_test_id("count-matched").inner_text() == "3"
    assert page.get_by_test_id("count-uncertain").inner_text() == "1"
    assert page.get_by_test_id("count-unmatched").inner_text().startswith("3 ")
    why = page.get_by_test_id("matched").locator("details").first
    why.locator("summary").click()
    explanation = why.inner_text()
    assert "Date of birth" in explanation
    assert "agreed" in explanation

    # the twin-like pair, side by side: not the same child
    page.get_by_role("link", name=f"Review {names['twin']} and {names['sibling']}").click()
    side_by_side = page.get_by_test_id("side-by-side").inner_text()
    assert "Zebedee" in side_by_side
    assert names["sibling"].split()[0] in side_by_side
    page.get_by_label("No, a different child").check()
    page.get_by_role("button", name="Save decision").click()
    page.wait_for_url("**/identification/runs/*/")
    assert "match rejected" in page.locator(".govuk-notification-banner").inner_text()
    assert page.get_by_test_id("count-uncertain").inner_text() == "0"
    assert page.get_by_test_id("count-unmatched").inner_text().startswith("4 ")

    # children on no roll become CME cases: choose, confirm
    page.get_by_role("link", name="Open CME cases for children on no roll").click()
    form = page.locator("form").last.inner_text()
    assert "Ada Quillfeather" not in form  # a toddler: not of compulsory school age
    page.get_by_label(names["twin"], exact=False).uncheck()
    page.get_by_role("button", name="Continue").click()
    chosen = page.get_by_test_id("chosen").inner_text()
    assert "Poppy Quillfeather" in chosen
    assert "Kacper Wojcikowski" in chosen
    assert "Zebedee" not in chosen
    page.get_by_role("button", name="Open 2 cases").click()
    page.wait_for_url("**/identification/runs/*/")
    assert "2 CME cases opened" in page.locator(".govuk-notification-banner").first.inner_text()
    unmatched = page.get_by_test_id("unmatched").inner_text()
    assert unmatched.count("CME-") == 2
    assert unmatched.count("CASE-") == 2
