"""Scoring: train (or load) the model and score the blocked pairs of two cleaned tables.

The result is one row per candidate pair at or above the floor, with the ids turned round so
the population record is always on the left, and one gamma (level) and one match weight column
per comparison, term frequency adjustments folded into the weight.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from onroll.linkage.backends import backend
from onroll.linkage.spec import COMPARISONS, FULL_COMPARISON_PAIRS, MODEL_COLUMNS, Engine, settings
from onroll.linkage.training import apply_parameters, count_exact, prior, train

#: Above this many records on a side, prediction is chunked (see score()).
PREDICT_CHUNK_ROWS = 400_000

#: Pairs scored below this probability are not kept for assignment or review.
CANDIDATE_FLOOR = 0.01


@dataclass(frozen=True)
class Scored:
    """Candidate pairs and the model that scored them."""

    pairs: pa.Table  # left_id, right_id, match_probability, match_weight, gamma_*, mw_*
    model: dict[str, Any]


def score(
    left: pa.Table,
    right: pa.Table,
    *,
    engine: Engine = "duckdb",
    seed: int = 42,
    model: dict[str, Any] | str | Path | None = None,
    threads: int | None = None,
    memory_limit: str = "1500MB",
    floor: float = CANDIDATE_FLOOR,
) -> Scored:
    """Train (unless ``model`` is given) and score the blocked pairs of two cleaned tables."""
    from splink import Linker

    left = left.select(list(MODEL_COLUMNS))
    right = right.select(list(MODEL_COLUMNS))
    with backend(engine, threads, memory_limit) as be:
        sdf_l = be.db_api.register(left, table_name="onroll_left")
        sdf_r = be.db_api.register(right, table_name="onroll_right")
        full = left.num_rows * right.num_rows <= FULL_COMPARISON_PAIRS
        the_settings = settings(full=full, engine=engine)
        if model is not None:
            stored = model if isinstance(model, dict) else json.loads(Path(model).read_text())
            apply_parameters(the_settings, stored)
        else:
            exact = count_exact(be, sdf_l, sdf_r)
            the_settings.probability_two_random_records_match = prior(
                left.num_rows, right.num_rows, exact
            )
        logging.getLogger("splink").setLevel(logging.ERROR)
        linker = Linker([sdf_l, sdf_r], the_settings, log_level=None)
        if model is None:
            train(linker, seed, left.num_rows, right.num_rows)
        # large runs: score in chunks of about PREDICT_CHUNK_ROWS records a side, so the
        # blocked pairs of one chunk at a time are held in memory
        chunks_l = max(1, math.ceil(left.num_rows / PREDICT_CHUNK_ROWS))
        chunks_r = max(1, math.ceil(right.num_rows / PREDICT_CHUNK_ROWS))
        predictions = linker.inference.predict(
            threshold_match_probability=floor,
            warning_mode="never",
            num_chunks_left=chunks_l,
            num_chunks_right=chunks_r,
        )
        names = [c.unquote().name for c in predictions.columns]
        # When no pair reaches the floor Splink returns a table without the retained
        # columns; the result is then simply "no pairs", not an error.
        forenames = (
            [
                "CASE WHEN source_dataset_l = 'onroll_left' THEN forename_canon_l "
                "ELSE forename_canon_r END AS left_forename",
                "CASE WHEN source_dataset_l = 'onroll_left' THEN forename_canon_r "
                "ELSE forename_canon_l END AS right_forename",
            ]
            if "forename_canon_r" in names
            else [
                "CAST(NULL AS STRING) AS left_forename",
                "CAST(NULL AS STRING) AS right_forename",
            ]
        )
        columns = [
            "CASE WHEN source_dataset_l = 'onroll_left' THEN unique_id_l ELSE unique_id_r END "
            "AS left_id",
            "CASE WHEN source_dataset_l = 'onroll_left' THEN unique_id_r ELSE unique_id_l END "
            "AS right_id",
            *forenames,
            "match_probability",
            "match_weight",
        ]
        columns += [n for n in names if n.startswith(("gamma_", "mw_"))]
        pairs = be.fetch(predictions, columns, "TRUE")
        trained = linker.misc.save_model_to_json()
    return Scored(_with_weights(pairs), trained)


def _with_weights(pairs: pa.Table) -> pa.Table:
    """One gamma (level) and one match weight column per comparison, term frequency
    adjustments folded into the weight."""
    import pyarrow.compute as pc

    out = pairs.select(
        [
            "left_id",
            "right_id",
            "left_forename",
            "right_forename",
            "match_probability",
            "match_weight",
        ]
    )
    out = out.set_column(0, "left_id", pc.cast(out["left_id"], pa.string()))
    out = out.set_column(1, "right_id", pc.cast(out["right_id"], pa.string()))
    for comp in COMPARISONS:
        gamma = f"gamma_{comp}"
        if gamma not in pairs.column_names:
            continue
        out = out.append_column(gamma, pairs[gamma].cast(pa.int8()))
        mw = pairs[f"mw_{comp}"].cast(pa.float64())
        tf = f"mw_tf_adj_{comp}"
        if tf in pairs.column_names:
            mw = pc.add(mw, pc.fill_null(pairs[tf].cast(pa.float64()), 0.0))
        out = out.append_column(f"mw_{comp}", mw)
    return out


def probability_from_weight(weight: float) -> float:
    return 1.0 / (1.0 + math.pow(2.0, -weight))
