"""Quality figures for a linkage against known truth: pairs and the on-no-roll list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_positives: int
    predicted: int
    actual: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "true_positives": self.true_positives,
            "predicted": self.predicted,
            "actual": self.actual,
        }


def prf(predicted: set[object], actual: set[object]) -> Scores:
    tp = len(predicted & actual)
    p = tp / len(predicted) if predicted else (1.0 if not actual else 0.0)
    r = tp / len(actual) if actual else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(p, r, f, tp, len(predicted), len(actual))


def evaluate(
    links: Iterable[tuple[str, str]],
    truth_pairs: Iterable[tuple[str, str]],
    left_ids: Iterable[str],
) -> dict[str, Scores]:
    """Pair precision/recall/F1, and the same for the list of left records left unlinked
    ("on no roll") against the left records with no true partner."""
    predicted = {(str(a), str(b)) for a, b in links}
    actual = {(str(a), str(b)) for a, b in truth_pairs}
    left = {str(x) for x in left_ids}
    linked_left = {a for a, _ in predicted}
    true_left = {a for a, _ in actual}
    return {
        "pairs": prf(set(predicted), set(actual)),
        "no_roll": prf(set(left - linked_left), set(left - true_left)),
    }


def split_by_cluster(
    rows: Iterable[dict[str, str | None]],
    *,
    id_col: str = "unique_id",
    cluster_col: str = "cluster",
    columns: dict[str, str] | None = None,
    no_roll_every: int = 10,
) -> tuple[list[dict[str, str | None]], list[dict[str, str | None]], list[tuple[str, str]]]:
    """Split a file of records with a true ``cluster`` into a population side and a roll side.

    For each cluster (in order of first appearance): every ``no_roll_every``-th cluster goes
    to the population side only (children on no roll); otherwise its first record is the roll
    record and the others are population records linked to it. ``columns`` maps the file's
    column names to the ``onroll link`` ones (for fake_1000: first_name -> forename,
    city -> address). Returns left rows, right rows and the true (left_id, right_id) pairs.
    """
    mapping = columns or {}
    by_cluster: dict[str, list[dict[str, str | None]]] = {}
    for row in rows:
        by_cluster.setdefault(str(row[cluster_col]), []).append(row)

    def convert(row: dict[str, str | None]) -> dict[str, str | None]:
        out: dict[str, str | None] = {"id": str(row[id_col])}
        for src, dst in mapping.items():
            out[dst] = row.get(src)
        return out

    left: list[dict[str, str | None]] = []
    right: list[dict[str, str | None]] = []
    truth: list[tuple[str, str]] = []
    for i, members in enumerate(by_cluster.values()):
        if no_roll_every and i % no_roll_every == no_roll_every - 1:
            left.extend(convert(r) for r in members)
            continue
        head = convert(members[0])
        right.append(head)
        for r in members[1:]:
            left.append(convert(r))
            truth.append((str(r[id_col]), str(head["id"])))
    return left, right, truth


FAKE_1000_COLUMNS = {
    "first_name": "forename",
    "surname": "surname",
    "dob": "dob",
    "city": "address",
}
