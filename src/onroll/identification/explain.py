"""The linkage engine's explanation of a match, field by field, in words for the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onroll.identification.models import MatchDecision

FIELD_LABELS = {
    "forename": "Forename",
    "surname": "Surname",
    "dob": "Date of birth",
    "household": "Address and postcode",
    "sex": "Sex",
    "upn": "UPN",
}


def _level_words(level: str) -> str:
    if "is NULL" in level or level in {"missing", "no address to compare"}:
        return "not on both records"
    if level.startswith("Exact match"):
        return "exact"
    if level == "All other comparisons":
        return "different"
    return level


def explanation_rows(decision: MatchDecision) -> list[dict[str, Any]]:
    """One row per field compared: the field, how it compared and how far it moved the
    match ("for", "against" or "neutral")."""
    rows = []
    for item in decision.explanation:
        weight = float(item.get("weight", 0.0))
        rows.append(
            {
                "field": FIELD_LABELS.get(str(item.get("field")), str(item.get("field"))),
                "level": _level_words(str(item.get("level", ""))),
                "weight": weight,
                "effect": "for" if weight > 0.05 else "against" if weight < -0.05 else "neutral",
            }
        )
    return rows
