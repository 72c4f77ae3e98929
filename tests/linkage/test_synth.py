"""``onroll synth``: seeded, realistic, and its truth file is consistent."""

from __future__ import annotations

import collections

from onroll.linkage.cleaning import standardise_records
from onroll.linkage.synth import HEADER, generate


def test_same_seed_same_files_other_seed_other_files() -> None:
    a = generate(300, 300, seed=5)
    b = generate(300, 300, seed=5)
    c = generate(300, 300, seed=6)
    assert a == b
    assert a != c


def test_sizes_and_truth_are_consistent() -> None:
    left, right, truth = generate(1000, 900, seed=3)
    assert len(left) == 1000
    assert len(right) == 900
    assert all(len(r) == len(HEADER) for r in left + right)
    left_ids = {r[0] for r in left}
    right_ids = {r[0] for r in right}
    assert len(left_ids) == 1000
    assert len(right_ids) == 900
    assert {t[0] for t in truth} == left_ids
    linked = [t for t in truth if t[1]]
    assert {t[1] for t in linked} <= right_ids
    # children on no roll exist, and are a small share
    on_no_roll = len(truth) - len(linked)
    assert 0.02 * len(truth) < on_no_roll < 0.10 * len(truth)
    # a few children are listed twice on the population side (same roll record)
    per_right = collections.Counter(t[1] for t in linked)
    assert max(per_right.values()) == 2


def test_records_carry_realistic_mistakes() -> None:
    left, right, truth = generate(3000, 3000, seed=8)
    rows = {r[0]: r for r in left + right}
    pairs = [(rows[a], rows[b]) for a, b in truth if b]
    dob_formats = sum("/" in r[3] for r in left)
    missing_postcode = sum(not r[5] for r in left)
    assert 0.1 * len(left) < dob_formats < 0.35 * len(left)
    assert 0.05 * len(left) < missing_postcode < 0.2 * len(left)
    clean = {
        r["unique_id"]: r
        for r in standardise_records([dict(zip(HEADER, r, strict=True)) for r in left + right])
    }
    nick = sum(
        clean[a[0]]["forename"] != clean[b[0]]["forename"]
        and clean[a[0]]["forename_canon"] == clean[b[0]]["forename_canon"]
        for a, b in pairs
    )
    swapped = sum(clean[a[0]]["dob"] == clean[b[0]]["dob_swapped"] for a, b in pairs)
    moved = sum(
        bool(clean[a[0]]["postcode"] and clean[b[0]]["postcode"])
        and clean[a[0]]["postcode"] != clean[b[0]]["postcode"]
        for a, b in pairs
    )
    assert nick > 0.005 * len(pairs)
    assert swapped > 0.005 * len(pairs)
    assert moved > 0.03 * len(pairs)
    # twins: two children with one date of birth and one address, different forenames
    homes = collections.defaultdict(set)
    for r in right:
        c = clean[r[0]]
        if c["dob"] and c["postcode"] and c["address_number"]:
            homes[(c["dob"], c["postcode"], c["address_number"])].add(c["forename_canon"])
    assert any(len(names) >= 2 for names in homes.values())
