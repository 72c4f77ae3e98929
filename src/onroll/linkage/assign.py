"""From scored pairs to links: review of sibling-like pairs, one-to-one assignment, and the
explanation of every decision.

1. **Review.** A pair with the same date of birth (or its day/month swap), a different
   forename, and the same household or surname is how twins and siblings look. However high
   it scores it is never linked; it goes to clerical review, and the population record stays
   on the "on no roll" list until a person decides. A forename only *like* the other
   (Jaro-Winkler >= 0.80) is a misspelling, not a twin, when the sexes agree and no twin is in
   sight on either list (misspelt_forename).
2. **Not this child.** A pair from one household whose own details (forename, date of birth)
   do not agree is a brother or sister, never linked — unless the forename is exactly the
   same (brothers and sisters do not share one).
3. **Ambiguity.** A population record whose best two roll records fit about equally well
   with different forenames, or two population records with different forenames that fit
   one roll record without a forename about equally well: review.
4. **One-to-one.** The remaining pairs at or above the threshold are taken greedily in order
   of match weight (ties broken by the ids, so the result is deterministic): a pair is linked
   when neither its population record nor its roll record is linked yet. Greedy by weight
   gives the best pair its partner first; on these data the optimal (Hungarian) assignment
   differs from it only where two candidates tie, which the review rules already catch.
5. **Duplicates on the population side.** A population list often holds one child twice
   (health and housing both list them). After the one-to-one pass, a population record whose
   best roll candidate is already taken may still link to it when the pair is not
   sibling-like and the forename agrees (exact, nickname, swapped, a letter or two out, or
   missing): a sibling has another forename. From another address (household "different")
   the pair must score at least DUPLICATE_ELSEWHERE (0.99): below it, a record with the same
   name and birthday somewhere else is as often another child — a namesake born the same day
   whose own record took the roll child — and that is the commonest way an absent child was
   linked wrongly. Such a pair goes to review instead.
6. **The only candidate.** A record left over whose pair is below the threshold on its own
   may still be the likeliest explanation once every child is on at most one roll: its
   exclusive probability (exclusive_probability) counts the pair's rivals on both sides and
   the share of the population the first pass left on no roll. Pairs that reach the
   threshold that way link, best first, and the output carries that probability.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from onroll.linkage.spec import COMPARISONS, Label

# The levels (see onroll.linkage.spec.comparisons()) the decision rules look at.
_DOB_SAME = (Label.EXACT, Label.DAY_MONTH_SWAPPED)
_HOUSEHOLD_SAME = (Label.SAME_HOME, Label.SAME_POSTCODE)
_SURNAME_SAME = (Label.EXACT, Label.DOUBLE_BARRELLED_PART)
_SURNAME_SWAPPED = (Label.SWAPPED_WITH_FORENAME, Label.SWAPPED_WITH_FORENAME_OTHER_CHANGED)
_FORENAME_DIFFERENT = (Label.DIFFERENT,)
_FORENAME_LIKE = (Label.LIKE,)
_FORENAME_CLOSE = (Label.ONE_LETTER_OUT, Label.SIMILAR)
_SEX_DIFFERENT = (Label.DIFFERENT,)
_UPN_SAME = (Label.SAME,)
_HOUSEHOLD_DIFFERENT = (Label.DIFFERENT,)

#: Two roll records whose weights for one population record are closer than this (in bits)
#: and whose forenames differ are both "possible": the pair goes to review.
AMBIGUITY_MARGIN = 2.0


def _gammas(
    labels: dict[str, dict[int, str]], comparison: str, names: tuple[str, ...]
) -> tuple[int, ...]:
    return tuple(g for g, label in labels.get(comparison, {}).items() if label in names)


@dataclass(frozen=True)
class FieldEvidence:
    """How one comparison came out for a pair, and its match weight (log2 Bayes factor)."""

    comparison: str
    level: str
    match_weight: float


@dataclass(frozen=True)
class Explanation:
    left_id: str
    right_id: str
    match_probability: float
    match_weight: float
    decision: str  # "linked", "linked (duplicate population record)" or "review: ..."
    fields: tuple[FieldEvidence, ...]

    def agreed(self) -> list[str]:
        """The comparisons that counted for the match (positive weight)."""
        return [f.comparison for f in self.fields if f.match_weight > 0]


@dataclass(frozen=True)
class LinkResult:
    """Links (at most one roll record per population record), pairs for review, and why."""

    links: list[tuple[str, str, float]]
    review: list[tuple[str, str, float, str]]
    decisions: pa.Table  # every linked or review pair: ids, probability, decision, gamma_*, mw_*
    labels: dict[str, dict[int, str]]
    unmatched_left: list[str]
    model: dict[str, Any] = field(default_factory=dict)

    def explanations(self, left_id: str | None = None) -> list[Explanation]:
        """Why each pair was linked or sent to review (optionally for one population id)."""
        table = self.decisions
        if left_id is not None:
            table = table.filter(pc.equal(table["left_id"], left_id))
        rows = table.to_pylist()
        out: list[Explanation] = []
        for row in rows:
            fields = tuple(
                FieldEvidence(
                    comp,
                    self.labels.get(comp, {}).get(
                        -1 if row[f"gamma_{comp}"] is None else int(row[f"gamma_{comp}"]), "?"
                    ),
                    float(row[f"mw_{comp}"] or 0.0),
                )
                for comp in COMPARISONS
                if f"gamma_{comp}" in row
            )
            out.append(
                Explanation(
                    str(row["left_id"]),
                    str(row["right_id"]),
                    float(row["match_probability"]),
                    float(row["match_weight"]),
                    str(row["decision"]),
                    fields,
                )
            )
        return out

    def explanation_columns(self) -> tuple[list[str], list[list[object]]]:
        """The decisions as CSV columns: ids, probability, weight, decision, then for each
        comparison its level and its match weight."""
        t = self.decisions
        header = ["left_id", "right_id", "match_probability", "match_weight", "decision"]
        cols: list[list[object]] = [t[c].to_pylist() for c in header]
        for comp in COMPARISONS:
            g = f"gamma_{comp}"
            if g not in t.column_names:
                continue
            lab = self.labels.get(comp, {})
            header += [comp, f"{comp}_weight"]
            cols.append([lab.get(-1 if v is None else v, "?") for v in t[g].to_pylist()])
            cols.append([round(v or 0.0, 3) for v in t[f"mw_{comp}"].to_pylist()])
        return header, cols


_FORENAME_AGREES = (
    Label.EXACT,
    Label.NICKNAME,
    Label.SWAPPED_WITH_SURNAME,
    Label.SWAPPED_WITH_SURNAME_OTHER_CHANGED,
    Label.ONE_LETTER_OUT,
    Label.START_OF_THE_OTHER,
    Label.SIMILAR,
)
_FORENAME_SAME = (Label.EXACT,)
_DOB_AGREES = (Label.EXACT, Label.DAY_MONTH_SWAPPED, Label.ONE_CHARACTER_DIFFERENT)


def _isin(
    pairs: pa.Table, labels: dict[str, dict[int, str]], comp: str, names: tuple[str, ...]
) -> np.ndarray:
    col = f"gamma_{comp}"
    if col not in pairs.column_names:
        return np.zeros(pairs.num_rows, dtype=bool)
    arr = pc.fill_null(pairs[col], -9).to_numpy(zero_copy_only=False)
    return np.isin(arr, _gammas(labels, comp, names))


def _twin_visible(pairs: pa.Table, twin_like: np.ndarray) -> np.ndarray:
    """For each pair: does either record have a second candidate of the twin-like shape (same
    date of birth, same family) with another record? Then a twin is on one of the lists."""
    lid = np.asarray(pairs["left_id"].to_numpy(zero_copy_only=False))
    rid = np.asarray(pairs["right_id"].to_numpy(zero_copy_only=False))
    visible = np.zeros(pairs.num_rows, dtype=bool)
    idx = np.flatnonzero(twin_like)
    if idx.size == 0:
        return visible
    for ids in (lid, rid):
        _, inverse, counts = np.unique(ids[idx], return_inverse=True, return_counts=True)
        visible[idx] |= counts[inverse] > 1
    return visible


def _twin_shape(pairs: pa.Table, labels: dict[str, dict[int, str]]) -> np.ndarray:
    """Same date of birth (or its day/month swap), same family (household or surname), names
    not swapped, no shared UPN: how twins look, whatever the forenames say."""

    def isin(comp: str, names: tuple[str, ...]) -> np.ndarray:
        return _isin(pairs, labels, comp, names)

    same_dob = isin("dob", _DOB_SAME)
    family = isin("household", _HOUSEHOLD_SAME) | isin("surname", _SURNAME_SAME)
    not_swapped = ~isin("surname", _SURNAME_SWAPPED)
    same_upn = isin("upn", _UPN_SAME)  # one child: a UPN is never shared
    shape: np.ndarray = same_dob & family & not_swapped & ~same_upn
    return shape


def misspelt_forename(pairs: pa.Table, labels: dict[str, dict[int, str]]) -> np.ndarray:
    """Boolean mask of pairs whose forenames are only *like* each other (Jaro-Winkler >= 0.80:
    "Kaul"/"Kglu", "Georgee"/"Ggeorge") and that are one child with a misspelt forename, not
    twins: the sexes do not differ and no twin is in sight — neither record has another
    same-birthday candidate in the family on the other list. A twin on a roll is on the
    population list too, and would then be in sight."""

    def isin(comp: str, names: tuple[str, ...]) -> np.ndarray:
        return _isin(pairs, labels, comp, names)

    like = isin("forename", _FORENAME_LIKE) & ~isin("sex", _SEX_DIFFERENT)
    shape = _twin_shape(pairs, labels)
    candidates = shape & (isin("forename", _FORENAME_DIFFERENT + _FORENAME_LIKE + _FORENAME_CLOSE))
    mask: np.ndarray = like & ~_twin_visible(pairs, candidates)
    return mask


def sibling_like(
    pairs: pa.Table, labels: dict[str, dict[int, str]], misspelt: np.ndarray | None = None
) -> np.ndarray:
    """Boolean mask of pairs that look like twins rather than one child: the same date of
    birth (or its day/month swap), a different forename, and the same household or surname.
    These go to review, except a forename only misspelt with no twin in sight
    (misspelt_forename)."""

    def isin(comp: str, names: tuple[str, ...]) -> np.ndarray:
        return _isin(pairs, labels, comp, names)

    # a slip of a letter or two is the same child unless the sexes differ too ("Leo" and
    # "Lea", "Oliver" and "Olivia")
    close = isin("forename", _FORENAME_CLOSE) & isin("sex", _SEX_DIFFERENT)
    other = isin("forename", _FORENAME_DIFFERENT + _FORENAME_LIKE) | close
    if misspelt is None:
        misspelt = misspelt_forename(pairs, labels)
    mask: np.ndarray = _twin_shape(pairs, labels) & other & ~misspelt
    return mask


def other_child_in_family(
    pairs: pa.Table, labels: dict[str, dict[int, str]], misspelt: np.ndarray | None = None
) -> np.ndarray:
    """Boolean mask of pairs from one household (same home or postcode) where the
    child's own details do not agree: the forename and the date of birth must each agree or
    be missing (not both missing). A shared home and surname say "family", not "child";
    together they outweigh a different date of birth and would link a sibling.

    Two exceptions: the same forename, written exactly the same, in one household is one child
    whatever the date of birth says (brothers and sisters do not share a forename, though they
    may share a formal name — Millie and Amelia, Muhammad and Mohammed —; a date of birth with
    two mistakes in it does happen); and a misspelt forename with the same date of birth and
    no twin in sight (misspelt_forename)."""

    def isin(comp: str, names: tuple[str, ...]) -> np.ndarray:
        return _isin(pairs, labels, comp, names)

    family = isin("household", _HOUSEHOLD_SAME)
    fore_null = isin("forename", (labels.get("forename", {}).get(-1, ""),))
    dob_null = isin("dob", (labels.get("dob", {}).get(-1, ""),))
    fore_ok = isin("forename", _FORENAME_AGREES) | fore_null
    fore_ok &= ~(isin("forename", _FORENAME_CLOSE) & isin("sex", _SEX_DIFFERENT))
    dob_ok = isin("dob", _DOB_AGREES) | dob_null
    same_upn = isin("upn", _UPN_SAME)
    same_name = isin("forename", _FORENAME_SAME) & ~isin("sex", _SEX_DIFFERENT)
    own = (fore_ok & dob_ok & ~(fore_null & dob_null)) | same_name
    if misspelt is None:
        misspelt = misspelt_forename(pairs, labels)
    own |= misspelt & isin("dob", _DOB_SAME)
    mask: np.ndarray = family & ~own & ~same_upn
    return mask


#: A population record that claims a roll record another population record has already
#: taken, from another address, needs at least this probability.
DUPLICATE_ELSEWHERE = 0.99

#: The smallest share of population records taken to be on no roll, whatever the first pass
#: found: the "nobody" hypothesis never gets less room than this (see exclusive_probability).
MIN_OFF_ROLL_SHARE = 0.02


def exclusive_probability(odds: float, rivals: float, off_roll_share: float) -> float:
    """The probability that a pair is a match given that each child is on at most one roll.

    Splink scores a pair on its own: odds o = prior odds x Bayes factor, probability
    o / (1 + o), where the "1" is every other record in the file. Once one-to-one matching has
    run, a population record has only so many explanations: it is this roll record (odds o),
    another candidate (their odds, ``rivals``, with the other claimants of this roll record),
    or it is on no roll at all, which the data say of about ``off_roll_share`` of the
    population (Sadinle 2017, "Bayesian estimation of bipartite matchings"). So
    p = o / (off_roll_share + o + rivals). With nothing else in sight that is about
    1 / off_roll_share times the pairwise odds: a lone "Oliver Smith, born 3 May 2015" who
    moved house is far more likely to be the one on the roll than the pairwise score says;
    with a rival in sight it is not."""
    return odds / (off_roll_share + odds + rivals)


def exclusive_links(
    prob: np.ndarray,
    lid: list[str],
    rid: list[str],
    eligible: np.ndarray,
    unlinked: set[str],
    taken: set[str],
    n_left: int,
    threshold: float,
) -> list[int]:
    """Pairs of records left over by the first pass whose exclusive probability reaches the
    threshold, best first. ``prob`` is updated in place for those pairs."""
    odds = prob / np.clip(1.0 - prob, 1e-12, None)
    by_left: dict[str, float] = {}
    by_right: dict[str, float] = {}
    for i, o in enumerate(odds.tolist()):
        by_left[lid[i]] = by_left.get(lid[i], 0.0) + o
        by_right[rid[i]] = by_right.get(rid[i], 0.0) + o
    linked_share = 1.0 - len(unlinked) / max(1, n_left)
    off_roll = max(MIN_OFF_ROLL_SHARE, 1.0 - linked_share)
    found: list[tuple[float, int]] = []
    for i in np.flatnonzero(eligible & (prob < threshold)).tolist():
        if lid[i] not in unlinked or rid[i] in taken:
            continue
        o = float(odds[i])
        rivals = (by_left[lid[i]] - o) + (by_right[rid[i]] - o)
        p = exclusive_probability(o, rivals, off_roll)
        if p >= threshold:
            prob[i] = p
            found.append((-p, i))
    return [i for _, i in sorted(found)]


def resolve(
    pairs: pa.Table,
    threshold: float,
    labels: dict[str, dict[int, str]],
    left_ids: list[str] | None = None,
    model: dict[str, Any] | None = None,
) -> LinkResult:
    """Decide links and review pairs from scored candidate pairs."""
    n = pairs.num_rows
    prob = pc.fill_null(pairs["match_probability"], 0.0).to_numpy(zero_copy_only=False)
    weight = pc.fill_null(pairs["match_weight"], -99.0).to_numpy(zero_copy_only=False)
    lid: list[str] = pairs["left_id"].to_pylist()
    rid: list[str] = pairs["right_id"].to_pylist()
    rname: list[str | None] = (
        pairs["right_forename"].to_pylist()
        if "right_forename" in pairs.column_names
        else [None] * n
    )
    lname: list[str | None] = (
        pairs["left_forename"].to_pylist() if "left_forename" in pairs.column_names else [None] * n
    )
    reason: dict[int, str] = {}
    misspelt = misspelt_forename(pairs, labels) if n else np.zeros(0, dtype=bool)
    review_mask = sibling_like(pairs, labels, misspelt) if n else np.zeros(0, dtype=bool)
    for i in np.flatnonzero(review_mask & (prob >= threshold)).tolist():
        reason[i] = "review: same date of birth and family, different forename (twin or sibling?)"
    sibling_mask = other_child_in_family(pairs, labels, misspelt) if n else np.zeros(0, dtype=bool)
    eligible = np.flatnonzero((prob >= threshold) & ~review_mask & ~sibling_mask)
    # order: weight descending, then ids ascending (deterministic)
    order = sorted(eligible.tolist(), key=lambda i: (-weight[i], lid[i], rid[i]))

    # ambiguity: the best two roll records for one population record are about equally
    # likely and are different children (their forenames differ)
    best: dict[str, int] = {}
    ambiguous: set[str] = set()
    for i in order:
        first = best.setdefault(lid[i], i)
        if first == i or lid[i] in ambiguous:
            continue
        if weight[first] - weight[i] < AMBIGUITY_MARGIN and (
            rname[first] is None or rname[i] is None or rname[first] != rname[i]
        ):
            ambiguous.add(lid[i])
    for i in order:
        if lid[i] in ambiguous and weight[best[lid[i]]] - weight[i] < AMBIGUITY_MARGIN:
            reason[i] = "review: two roll records fit about equally well (twins?)"
    # and the other way: a roll record without a forename that two population records with
    # different forenames fit about equally well, as their best (twins)
    claimant: dict[str, int] = {}
    for i in order:
        if best[lid[i]] != i or lid[i] in ambiguous:
            continue
        first = claimant.setdefault(rid[i], i)
        if first == i or weight[first] - weight[i] >= AMBIGUITY_MARGIN:
            continue
        if (
            rname[i] is None
            and lname[first] is not None
            and lname[i] is not None
            and (lname[first] != lname[i])
        ):
            for k in (first, i):
                ambiguous.add(lid[k])
                reason[k] = "review: two population records fit this roll record about equally"

    linked_left: dict[str, int] = {}
    taken_right: set[str] = set()
    decision: dict[int, str] = {}
    for i in order:
        if lid[i] in ambiguous or lid[i] in linked_left or rid[i] in taken_right:
            continue
        linked_left[lid[i]] = i
        taken_right.add(rid[i])
        decision[i] = "linked"
    forename_ok = (
        np.isin(
            pc.fill_null(pairs["gamma_forename"], -9).to_numpy(zero_copy_only=False),
            _gammas(labels, "forename", _FORENAME_DIFFERENT),
            invert=True,
        )
        if n and "gamma_forename" in pairs.column_names
        else np.zeros(n, dtype=bool)
    )
    # a second claim on a roll record from somewhere else needs a confident score: a child
    # with the same name and birthday at another address is as often another child
    moved = _isin(pairs, labels, "household", _HOUSEHOLD_DIFFERENT) & (prob < DUPLICATE_ELSEWHERE)
    elsewhere: set[str] = set()
    for i in order:  # duplicates on the population side
        if lid[i] in ambiguous or lid[i] in linked_left or not forename_ok[i]:
            continue
        if moved[i]:
            if rid[i] in taken_right and lid[i] not in elsewhere:
                elsewhere.add(lid[i])
                reason[i] = (
                    "review: another population record at another address already matches "
                    "this roll record (the same child listed twice, or another child?)"
                )
            continue
        linked_left[lid[i]] = i
        decision[i] = "linked (duplicate population record)"

    # the only candidate on either side: the probability given that a child is on at most
    # one roll (see exclusive_probability)
    prob = prob.copy()
    unlinked = set(lid) - set(linked_left)
    if unlinked:
        n_left = len(left_ids) if left_ids is not None else len(set(lid))
        for i in exclusive_links(
            prob, lid, rid, ~review_mask & ~sibling_mask, unlinked, taken_right, n_left, threshold
        ):
            if lid[i] in ambiguous or lid[i] in linked_left or rid[i] in taken_right:
                continue
            linked_left[lid[i]] = i
            taken_right.add(rid[i])
            decision[i] = "linked (the only candidate for either record)"

    review: list[tuple[str, str, float, str]] = []
    for i, why in reason.items():
        if lid[i] in linked_left:
            continue
        decision[i] = why
        review.append((lid[i], rid[i], float(prob[i]), why))
    review.sort(key=lambda r: (r[0], -r[2], r[1]))

    idx = np.array(sorted(decision), dtype=np.int64)
    decisions = pairs.take(pa.array(idx, pa.int64())) if n else pairs
    if n:
        decisions = decisions.set_column(
            decisions.column_names.index("match_probability"),
            "match_probability",
            pa.array(prob[idx], pa.float64()),
        )
    decisions = decisions.append_column(
        "decision", pa.array([decision[i] for i in idx.tolist()], pa.string())
    )
    links = sorted(
        ((lid[i], rid[i], float(prob[i])) for i in linked_left.values()), key=lambda t: t[0]
    )
    all_left = left_ids if left_ids is not None else sorted(set(lid))
    unmatched = [x for x in all_left if x not in linked_left]
    return LinkResult(links, review, decisions, labels, unmatched, model or {})
