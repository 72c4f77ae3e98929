"""Quality floors: a small synthetic set and the messy fake_1000 file (split by cluster).

The floors sit a little under what the engine measured when they were written (see
docs/performance.md); the plain-Splink baseline on fake_1000 is about 0.71 pair F1.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa

from onroll.linkage.evaluate import FAKE_1000_COLUMNS, evaluate, split_by_cluster
from onroll.linkage.pipeline import link_tables
from onroll.linkage.synth import HEADER, generate


def test_small_synthetic_set() -> None:
    left, right, truth = generate(2000, 2000, seed=4)

    def tab(rows: list[list[str]]) -> pa.Table:
        return pa.table({n: [r[i] or None for r in rows] for i, n in enumerate(HEADER)})

    result = link_tables(tab(left), tab(right))
    scores = evaluate(
        [(a, b) for a, b, _ in result.links],
        [t for t in truth if t[1]],
        [t[0] for t in truth],
    )
    assert scores["pairs"].precision >= 0.99
    assert scores["pairs"].f1 >= 0.985
    assert scores["no_roll"].recall >= 0.97
    assert scores["no_roll"].precision >= 0.7


def test_fake_1000_split_by_cluster(fake_1000: Path) -> None:
    with fake_1000.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    left, right, truth = split_by_cluster(rows, columns=FAKE_1000_COLUMNS)

    def tab(rs: list[dict[str, str | None]]) -> pa.Table:
        cols = ("id", *FAKE_1000_COLUMNS.values())
        return pa.table({c: [r.get(c) or None for r in rs] for c in cols})

    result = link_tables(tab(left), tab(right))
    scores = evaluate([(a, b) for a, b, _ in result.links], truth, [r["id"] or "" for r in left])
    assert scores["pairs"].f1 >= 0.71  # the plain-Splink baseline
    assert scores["pairs"].precision >= 0.95
    assert scores["no_roll"].recall >= 0.95
