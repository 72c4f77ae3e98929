"""Triage matching: which known children a notification may be about, and why, in words.

A notification gives what the notifier knew (UPN, names, date of birth, address), often
misspelt or partial. Each candidate child is scored field by field; the explanation says
which fields agreed, nearly agreed or differed, so the officer decides, not the score.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any

STRONG = 55  # shown as "likely the same child" (e.g. names and date of birth agree)
POSSIBLE = 35  # shown at all


def normalise_name(value: str) -> str:
    """Case, accents, apostrophes, hyphens and spaces removed: "Ó Súilleabháin" ->
    "osuilleabhain", "Nguyễn" -> "nguyen"."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", letters.casefold().replace("ß", "ss").replace("đ", "d"))


def normalise_postcode(value: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", (value or "").upper())


def similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


@dataclass(frozen=True)
class Given:
    """What a notification says about the child (blank when not given)."""

    upn: str = ""
    forename: str = ""
    surname: str = ""
    date_of_birth: date | None = None
    postcode: str = ""
    address_line_1: str = ""

    @classmethod
    def from_details(cls, details: dict[str, Any]) -> Given:
        dob = details.get("date_of_birth") or ""
        try:
            parsed = date.fromisoformat(str(dob)) if dob else None
        except ValueError:
            parsed = None
        return cls(
            upn=str(details.get("upn") or "").strip().upper(),
            forename=str(details.get("forename") or ""),
            surname=str(details.get("surname") or ""),
            date_of_birth=parsed,
            postcode=str(details.get("postcode") or ""),
            address_line_1=str(details.get("address_line_1") or ""),
        )


@dataclass(frozen=True)
class Known:
    """A child on record, with every name and address they are known by."""

    child_id: int
    upn: str
    forenames: tuple[str, ...]
    surnames: tuple[str, ...]
    date_of_birth: date
    postcodes: tuple[str, ...]
    address_lines: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    child_id: int
    score: int
    agreed: tuple[str, ...]
    nearly: tuple[str, ...]
    differed: tuple[str, ...]

    @property
    def strength(self) -> str:
        return "Likely the same child" if self.score >= STRONG else "Possibly the same child"

    @property
    def explanation(self) -> str:
        parts = []
        if self.agreed:
            parts.append("Agreed: " + ", ".join(self.agreed) + ".")
        if self.nearly:
            parts.append("Nearly agreed: " + ", ".join(self.nearly) + ".")
        if self.differed:
            parts.append("Differed: " + ", ".join(self.differed) + ".")
        return " ".join(parts) or "Nothing to compare."


def _best(given: str, known: tuple[str, ...]) -> float:
    g = normalise_name(given)
    return max((similarity(g, normalise_name(k)) for k in known if k), default=0.0)


def _dob_relation(given: date, known: date) -> str:
    if given == known:
        return "same"
    if (given.day, given.month) == (known.month, known.day) and given.year == known.year:
        return "day and month swapped"
    same = [given.day == known.day, given.month == known.month, given.year == known.year]
    return "one part differs" if sum(same) == 2 else "different"


def score(given: Given, known: Known) -> Match:
    """Score one candidate out of 100 and say which fields agreed."""
    points = 0
    agreed: list[str] = []
    nearly: list[str] = []
    differed: list[str] = []
    if given.upn and known.upn:
        if given.upn == known.upn:
            points += 50
            agreed.append("UPN")
        else:
            differed.append("UPN")
    for label, value, names, weight in (
        ("surname", given.surname, known.surnames, 20),
        ("forename", given.forename, known.forenames, 15),
    ):
        if not value:
            continue
        ratio = _best(value, names)
        if ratio >= 0.999:
            points += weight
            agreed.append(label)
        elif ratio >= 0.8:
            points += weight * 2 // 3
            nearly.append(f"{label} (similar spelling)")
        else:
            differed.append(label)
    if given.date_of_birth is not None:
        relation = _dob_relation(given.date_of_birth, known.date_of_birth)
        if relation == "same":
            points += 25
            agreed.append("date of birth")
        elif relation != "different":
            points += 12
            nearly.append(f"date of birth ({relation})")
        else:
            differed.append("date of birth")
    postcode = normalise_postcode(given.postcode)
    if postcode:
        known_codes = {normalise_postcode(p) for p in known.postcodes if p}
        if postcode in known_codes:
            points += 10
            agreed.append("postcode")
        elif any(k[:-3] == postcode[:-3] for k in known_codes if len(k) > 3 and len(postcode) > 3):
            points += 4
            nearly.append("postcode (same district)")
        elif known_codes:
            differed.append("postcode")
    if given.address_line_1 and known.address_lines:
        ratio = max(
            similarity(normalise_name(given.address_line_1), normalise_name(a))
            for a in known.address_lines
        )
        if ratio >= 0.9:
            points += 5
            agreed.append("first line of address")
        elif ratio >= 0.7:
            points += 2
            nearly.append("first line of address")
    return Match(known.child_id, min(points, 100), tuple(agreed), tuple(nearly), tuple(differed))


def rank(given: Given, candidates: list[Known], *, limit: int = 5) -> list[Match]:
    """The candidates worth showing, best first."""
    matches = [score(given, k) for k in candidates]
    kept = [m for m in matches if m.score >= POSSIBLE]
    return sorted(kept, key=lambda m: (-m.score, m.child_id))[:limit]
