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
