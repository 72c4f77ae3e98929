"""Twins and siblings, the main hazard: a child on no roll must not be linked to a twin or
sibling who is on one. Same birthday, same home, different forename: review, never a link."""

from __future__ import annotations

import pyarrow as pa
import pytest

from onroll.linkage.assign import LinkResult
from onroll.linkage.pipeline import link_tables
from onroll.linkage.synth import HEADER, generate


def table(rows: list[list[str]]) -> pa.Table:
    return pa.table({name: [r[i] or None for r in rows] for i, name in enumerate(HEADER)})


def child(rid: str, forename: str, surname: str, dob: str, sex: str, home: int) -> list[str]:
    return [rid, forename, surname, dob, sex, f"PR{home} 1AB", f"{home} Twin Street", ""]


@pytest.fixture(scope="module")
def result() -> LinkResult:
    left, right, _ = generate(600, 600, seed=21)
    # family 1: Emily is on the population list, only her twin Olivia is on a roll
    left.append(child("L-EMILY", "Emily", "Taylor", "2016-03-07", "F", 1))
    right.append(child("R-OLIVIA", "Olivia", "Taylor", "2016-03-07", "F", 1))
    # family 2: both twins on both sides (one misspelt): each links to the right twin
    left.append(child("L-JACK", "Jack", "Ahmed", "2015-11-20", "M", 2))
    left.append(child("L-JAKE", "Jake", "Ahmed", "2015-11-20", "M", 2))
    right.append(child("R-JACK", "Jakc", "AHMED", "20/11/2015", "M", 2))
    right.append(child("R-JAKE", "Jake", "Ahmed", "2015-11-20", "", 2))
    # family 3: a population record without a forename; both twins on the roll
    left.append(child("L-NONAME", "", "Kowalski", "2017-06-01", "M", 3))
    right.append(child("R-TOMASZ", "Tomasz", "Kowalski", "2017-06-01", "M", 3))
    right.append(child("R-PIOTR", "Piotr", "Kowalski", "2017-06-01", "M", 3))
    # family 4: an older sister on the roll, her brother on no roll
    left.append(child("L-SAM", "Samuel", "Okafor", "2014-02-02", "M", 4))
    right.append(child("R-GRACE", "Grace", "Okafor", "2011-09-09", "F", 4))
    return link_tables(table(left), table(right), threshold=0.5)


def links(result: LinkResult) -> dict[str, str]:
    return {a: b for a, b, _ in result.links}


def test_twin_on_no_roll_is_sent_to_review_not_linked(result: LinkResult) -> None:
    assert "L-EMILY" not in links(result)
    assert "L-EMILY" in result.unmatched_left
    review = {(a, b) for a, b, _, _ in result.review}
    assert ("L-EMILY", "R-OLIVIA") in review
    why = [e for e in result.explanations("L-EMILY") if e.right_id == "R-OLIVIA"]
    assert why
    assert why[0].decision.startswith("review")
    levels = {f.comparison: f.level for f in why[0].fields}
    assert levels["dob"] == "exact"
    assert levels["household"] == "same home"
    assert levels["forename"] == "different"


def test_twins_on_both_sides_link_to_each_other(result: LinkResult) -> None:
    found = links(result)
    assert found.get("L-JACK") == "R-JACK"
    assert found.get("L-JAKE") == "R-JAKE"


def test_record_without_forename_between_twins_goes_to_review(result: LinkResult) -> None:
    assert "L-NONAME" not in links(result)
    review = {(a, b) for a, b, _, _ in result.review}
    assert ("L-NONAME", "R-TOMASZ") in review or ("L-NONAME", "R-PIOTR") in review


def test_sibling_is_not_linked(result: LinkResult) -> None:
    assert "L-SAM" not in links(result)


def test_every_link_is_explained(result: LinkResult) -> None:
    explained = {(e.left_id, e.right_id): e for e in result.explanations()}
    for a, b, p in result.links:
        e = explained[(a, b)]
        assert e.decision.startswith("linked")
        assert e.match_probability == pytest.approx(p)
        assert {f.comparison for f in e.fields} == {
            "forename",
            "surname",
            "dob",
            "household",
            "sex",
            "upn",
        }
        assert e.agreed()
