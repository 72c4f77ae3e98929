"""Estimating the model's parameters, deterministically, or loading stored ones.

Training: the prior from exact agreement (put into the settings before the linker is built),
u by seeded random sampling, m by expectation maximisation on two blocking passes with
hash-based (seeded) pair sampling, then two corrections Splink cannot make itself: a u for the
levels sampling never saw, and a forename/surname swap counted once.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any

from onroll.linkage.spec import SWAPPED_LABELS
from onroll.linkage.splink_internals import live_comparisons, u_unobserved

if TYPE_CHECKING:
    from splink import Linker

    from onroll.linkage.backends import Backend

log = logging.getLogger(__name__)


def prior(n_left: int, n_right: int, exact_pairs: int) -> float:
    """The chance two random records match: exact agreement scaled for its recall, bounded
    by one match per record on the smaller side."""
    total = max(1, n_left * n_right)
    expected = max(exact_pairs / 0.6, 1.0)
    expected = min(expected, float(min(n_left, n_right)) or 1.0)
    return max(min(expected / total, 0.5), 1.0 / total)


def count_exact(be: Backend, sdf_l: Any, sdf_r: Any) -> int:
    """Pairs of registered records with the same canonical forename, surname and birth date."""
    sql = (
        f"SELECT count(*) AS n FROM {sdf_l.physical_name} l JOIN {sdf_r.physical_name} r "  # noqa: S608
        "ON l.forename_canon = r.forename_canon AND l.surname = r.surname AND l.dob = r.dob"
    )
    return be.count(sql)


def train(linker: Linker, seed: int, n_left: int, n_right: int) -> None:
    """Estimate the model's m and u (deterministic for a given input and seed). The prior is
    the settings' own: :func:`prior`, put there before the linker is built."""
    from splink import block_on

    max_u = float(min(1e6, max(1e5, n_left * n_right / 10)))
    linker.training.estimate_u_using_random_sampling(
        max_pairs=max_u, seed=seed, min_count_per_level=None, num_chunks=1
    )
    _fill_unobserved_u(linker, 1.0 / math.sqrt(max(1, n_left * n_right)))
    em_pairs = 1.5e6
    for rule in (block_on("dob"), block_on("forename_canon", "surname")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=em_pairs
            )
        except Exception as exc:  # too few pairs to learn from on a tiny file
            log.warning("EM pass on %s skipped: %s", rule, exc)
    _count_swap_once(linker)


def _count_swap_once(linker: Linker) -> None:
    """Forename and surname written the other way round is one fact, seen by both the
    forename and the surname comparison. Counted on both, it weighs twice (about 28 bits, more
    than a UPN) and links "George Green" to any "Green George" whatever the date of birth says.
    It is counted once, on the forename: the surname's swapped levels get a Bayes factor of 1
    (u = m)."""
    for comparison in live_comparisons(linker):
        if comparison.output_column_name != "surname":
            continue
        for level in comparison.comparison_levels:
            if level.label_for_charts in SWAPPED_LABELS and not level.is_null_level:
                m = level.m_probability
                if isinstance(m, float) and m > 0:
                    level.u_probability = m


def _fill_unobserved_u(linker: Linker, u: float) -> None:
    """Give levels that random sampling never saw a u instead of Splink's default: swapped
    names the u of an exact name match (two children share a name as often either way round),
    anything else (a shared UPN) about one in the number of records."""
    for comparison in live_comparisons(linker):
        levels = [lv for lv in comparison.comparison_levels if not lv.is_null_level]
        exact_u = levels[0].u_probability if levels else None
        for level in levels:
            if u_unobserved(level):
                swapped = level.label_for_charts in SWAPPED_LABELS
                # a swapped name is as common as the name itself, not as rare as a UPN
                level.u_probability = exact_u if swapped and exact_u else u


def apply_parameters(creator: Any, stored: dict[str, Any]) -> None:
    """Put a stored model's trained parameters (prior, m and u of every level) into freshly
    built settings. The model's structure always comes from ``onroll.linkage.spec``, so a model
    trained on DuckDB scores the same on Spark (SQL in a stored file is dialect-specific)."""
    by_name = {c.get("output_column_name"): c for c in stored.get("comparisons", [])}
    creator.probability_two_random_records_match = float(
        stored.get("probability_two_random_records_match", 1e-4)
    )
    for comparison in creator.comparisons:
        name = comparison.create_output_column_name()
        levels_json = by_name.get(name, {}).get("comparison_levels", [])
        levels = comparison.create_comparison_levels()
        if len(levels_json) != len(levels):
            raise ValueError(f"stored model does not fit comparison {name!r}")
        for level, level_json in zip(levels, levels_json, strict=True):
            params = {
                k: level_json[k]
                for k in ("m_probability", "u_probability")
                if isinstance(level_json.get(k), (int, float))
            }
            if params:
                level.configure(**params)
