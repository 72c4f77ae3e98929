"""The bridge to the linkage engine: population records and known children in, decisions out.

The engine (``onroll.linkage.pipeline.link_tables``) links at one threshold. To see near
misses too it is run at the review floor: a link at or above the threshold is automatic; a
link below it, and every pair the engine itself sends to review (twins and siblings), waits
for an officer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from onroll.identification.models import DecisionStatus, PopulationRecord
from onroll.identification.selectors import KnownChild


def _left_table(records: list[PopulationRecord]) -> Any:
    import pyarrow as pa

    def col(values: list[str]) -> Any:
        return pa.array([v or None for v in values], pa.string())

    return pa.table(
        {
            "id": col([str(r.pk) for r in records]),
            "forename": col([r.forename for r in records]),
            "surname": col([r.surname for r in records]),
            "dob": col([r.date_of_birth.isoformat() for r in records]),
            "sex": col([r.sex if r.sex in ("M", "F") else "" for r in records]),
            "postcode": col([r.postcode for r in records]),
            "address": col([r.address for r in records]),
            "upn": col([r.upn for r in records]),
        }
    )


def _right_table(known: list[KnownChild]) -> Any:
    import pyarrow as pa

    def col(values: list[str]) -> Any:
        return pa.array([v or None for v in values], pa.string())

    children = [k.child for k in known]
    return pa.table(
        {
            "id": col([str(c.pk) for c in children]),
            "forename": col([c.legal_forename for c in children]),
            "surname": col([c.legal_surname for c in children]),
            "dob": col([c.date_of_birth.isoformat() for c in children]),
            "sex": col([c.sex if c.sex in ("M", "F") else "" for c in children]),
            "postcode": col([k.postcode for k in known]),
            "address": col([k.address for k in known]),
            "upn": col([c.upn for c in children]),
        }
    )


@dataclass(frozen=True)
class Pair:
    record_id: int
    child_id: int
    probability: float
    weight: float
    engine_decision: str
    explanation: list[dict[str, object]]
    status: str


def link_records(
    records: list[PopulationRecord],
    known: list[KnownChild],
    *,
    threshold: float,
    review_floor: float,
    seed: int,
) -> list[Pair]:
    """Run the engine and turn its result into decisions (see the module's docstring)."""
    if not records or not known:
        return []
    from onroll.linkage.pipeline import link_tables

    left, right = _left_table(records), _right_table(known)
    result = link_tables(left, right, threshold=review_floor, seed=seed)
    why: dict[tuple[str, str], Any] = {(e.left_id, e.right_id): e for e in result.explanations()}

    def explain(lid: str, rid: str) -> tuple[float, str, list[dict[str, object]]]:
        e = why.get((lid, rid))
        if e is None:
            return 0.0, "", []
        fields = [
            {"field": f.comparison, "level": f.level, "weight": round(f.match_weight, 3)}
            for f in e.fields
        ]
        return e.match_weight, e.decision, fields

    pairs: list[Pair] = []
    for left_id, right_id, probability in result.links:
        weight, decision, fields = explain(left_id, right_id)
        status = DecisionStatus.AUTO if probability >= threshold else DecisionStatus.NEEDS_REVIEW
        if status == DecisionStatus.NEEDS_REVIEW:
            decision = (
                f"linked: probability below the {threshold:.0%} needed to match without review"
            )
        pairs.append(
            Pair(
                int(left_id),
                int(right_id),
                probability,
                weight,
                decision or "linked",
                fields,
                status,
            )
        )
    for left_id, right_id, probability, reason in result.review:
        weight, decision, fields = explain(left_id, right_id)
        pairs.append(
            Pair(
                int(left_id),
                int(right_id),
                probability,
                weight,
                decision or reason,
                fields,
                DecisionStatus.NEEDS_REVIEW,
            )
        )
    return pairs
