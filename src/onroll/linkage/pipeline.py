"""Link a population file to roll files: clean, score, resolve. The engine's one entry point."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from onroll.linkage.assign import LinkResult, resolve
from onroll.linkage.cleaning import standardise
from onroll.linkage.defaults import DEFAULT_THRESHOLD
from onroll.linkage.io import read_input
from onroll.linkage.scoring import CANDIDATE_FLOOR, score
from onroll.linkage.spec import Engine, level_labels


def link_tables(
    left: pa.Table,
    right: pa.Table,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    engine: Engine = "duckdb",
    seed: int = 42,
    model: dict[str, Any] | str | Path | None = None,
    threads: int | None = None,
    memory_limit: str = "1500MB",
) -> LinkResult:
    """Link raw tables with the input columns (``id`` and any of the optional columns)."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit = '{memory_limit}'")
        if threads:
            con.execute(f"SET threads = {threads}")
        clean_left = standardise(left, con)
        clean_right = standardise(right, con)
    finally:
        con.close()
    scored = score(
        clean_left,
        clean_right,
        engine=engine,
        seed=seed,
        model=model,
        threads=threads,
        memory_limit=memory_limit,
        floor=min(CANDIDATE_FLOOR, threshold),
    )
    left_ids = [str(x) for x in left["id"].to_pylist()]
    return resolve(
        scored.pairs, threshold, level_labels(scored.model), left_ids=left_ids, model=scored.model
    )


def link_files(left: str | Path, right: str | Path, **options: Any) -> LinkResult:
    """Read, validate and link two CSV files (raises onroll.linkage.io.InputError). Each file
    is held as Python strings only while it is read."""
    return link_tables(
        read_input(left, "left").to_arrow(), read_input(right, "right").to_arrow(), **options
    )
