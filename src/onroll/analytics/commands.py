"""``onroll attendance-metrics MARKS --out OUT``: per-pupil attendance measures from marks.

MARKS is CSV or Parquet in long form ``pupil_id,date,session,code`` (rows in any order); OUT
(CSV or Parquet by its extension) has one row per pupil, ordered by ``pupil_id``: the
``pupil_id``, every ``AttendanceSummary`` field in order, with exactly the values
``onroll.rules.summarise_attendance`` gives for that pupil's sessions in date order, then
``unauthorised_sessions_10_weeks`` and ``sickness_days``. Bad input is reported on stderr
naming the row (1-based, not counting the header) or the pupil, and the field; the exit code
is then 2 and no output file is written.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

OUTPUT_SUFFIXES = (".csv", ".parquet", ".pq")


def register(subparsers: Any) -> None:
    """Add the ``attendance-metrics`` subcommand (heavy imports wait until it runs)."""
    parser = subparsers.add_parser(
        "attendance-metrics",
        help="per-pupil attendance measures from long-form marks (CSV or Parquet)",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    parser.add_argument("marks", metavar="MARKS", help="pupil_id,date,session,code (.csv/.parquet)")
    parser.add_argument("--out", required=True, metavar="OUT", help="output .csv or .parquet")
    parser.set_defaults(func=attendance_metrics)


def attendance_metrics(args: argparse.Namespace) -> int:
    """Run the engine; write OUT atomically only when every row was good."""
    from onroll.analytics import MarksError, compute

    out = Path(args.out)
    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        print(f"onroll attendance-metrics: error: --out {out}: must end in .csv or .parquet",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        metrics = compute(Path(args.marks))
    except MarksError as exc:
        print(f"onroll attendance-metrics: error: {args.marks}: {exc}", file=sys.stderr)
        return 2
    write_table(metrics.to_arrow(), out)
    return 0


def write_table(table: Any, out: Path) -> None:
    """Write ``table`` to ``out`` (CSV or Parquet by suffix) through a temporary file."""
    import polars as pl
    import pyarrow.parquet as pq

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        if out.suffix.lower() == ".csv":
            frame = pl.from_arrow(table)
            assert isinstance(frame, pl.DataFrame)
            frame.write_csv(tmp)
        else:
            pq.write_table(table, tmp)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
