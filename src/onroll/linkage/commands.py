"""``onroll link`` and ``onroll synth``.

Heavy imports (Splink, DuckDB, PyArrow) happen inside the commands so ``onroll --help`` stays
fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

#: The contract's output columns (docs/architecture.md): keep exactly.
OUTPUT_HEADER = ("left_id", "right_id", "match_probability")


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {text}")
    return value


def register(subparsers: Any) -> None:
    """Add ``link`` and ``synth`` to the ``onroll`` command."""
    from onroll.linkage.defaults import DEFAULT_THRESHOLD

    link = subparsers.add_parser(
        "link",
        help="link a population file (LEFT) to school rolls (RIGHT) with Splink",
        description=(
            "Link children in LEFT (a health, housing or other population list) to RIGHT "
            "(school rolls). Both are CSV with an 'id' column and any of forename, surname, "
            "dob (YYYY-MM-DD), sex, postcode, address, upn. Writes "
            "left_id,right_id,match_probability: at most one (the best) right_id per left_id, "
            "only pairs at or above the threshold. A pair below it on its own links when "
            "nothing else fits either record: its probability given that a child is on at most "
            "one roll is written then. Twin- and sibling-like pairs are never linked; --review "
            "lists them, with second records of a roll child from another address."
        ),
    )
    link.add_argument("left", metavar="LEFT.csv")
    link.add_argument("right", metavar="RIGHT.csv")
    link.add_argument("--out", required=True, metavar="OUT.csv")
    link.add_argument(
        "--threshold",
        type=_probability,
        default=DEFAULT_THRESHOLD,
        metavar="P",
        help=f"lowest match probability to link (default {DEFAULT_THRESHOLD})",
    )
    link.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    link.add_argument(
        "--review", metavar="REVIEW.csv", help="write pairs for clerical review (twins, ties)"
    )
    link.add_argument(
        "--explain",
        metavar="EXPLAIN.csv",
        help="write every linked and review pair with each comparison's level and weight",
    )
    link.add_argument(
        "--unmatched",
        metavar="NO_ROLL.csv",
        help="write the ids of LEFT records linked to no roll record",
    )
    link.add_argument("--model", metavar="MODEL.json", help="use a stored model (no training)")
    link.add_argument("--save-model", metavar="MODEL.json", help="store the trained model")
    link.add_argument("--seed", type=_positive, default=42, help="training seed (default 42)")
    link.add_argument("--threads", type=_positive, default=0, help="threads (default: all)")
    link.add_argument(
        "--memory-limit", default="1200MB", help="DuckDB memory limit (default 1200MB)"
    )
    link.set_defaults(func=run_link)

    synth = subparsers.add_parser(
        "synth",
        help="generate population and roll CSV files with known truth (seeded)",
        description=(
            "Write OUT_DIR/population.csv, OUT_DIR/roll.csv and OUT_DIR/truth.csv "
            "(left_id,right_id; right_id blank for a child on no roll). Records carry "
            "typos, nicknames, swapped day and month, changed surnames, moved addresses, "
            "missing postcodes, twins and siblings, and children on no roll."
        ),
    )
    synth.add_argument("out_dir", metavar="OUT_DIR")
    synth.add_argument("--left", type=_positive, default=1000, help="population rows")
    synth.add_argument("--right", type=_positive, default=1000, help="roll rows")
    synth.add_argument("--seed", type=_positive, default=1)
    synth.set_defaults(func=run_synth)


def _fail(command: str, message: str) -> int:
    print(f"onroll {command}: error: {message}", file=sys.stderr)
    return 2


def _check_engine(engine: str) -> str | None:
    if engine != "spark":
        return None
    import importlib.util
    import shutil

    if importlib.util.find_spec("pyspark") is None:
        return "--engine spark needs pyspark: pip install 'onroll[spark]'"
    if shutil.which("java") is None and not _java_home():
        return (
            "--engine spark needs Java 17 or later "
            "(Debian: apt-get install openjdk-17-jre-headless)"
        )
    return None


def _java_home() -> bool:
    import os

    home = os.environ.get("JAVA_HOME")
    return home is not None and Path(home, "bin", "java").exists()


def run_link(args: argparse.Namespace) -> int:
    from onroll.linkage.io import InputError, read_input, write_csv_atomic

    problem = _check_engine(args.engine)
    if problem:
        return _fail("link", problem)
    outputs: list[str] = [
        p for p in (args.out, args.review, args.explain, args.unmatched) if p is not None
    ]
    for path in outputs:
        if Path(path).is_dir():
            return _fail("link", f"{path} is a directory, not a file")
    if args.model is not None and not Path(args.model).is_file():
        return _fail("link", f"model file {args.model} does not exist")
    try:
        # each file's cells as Python strings only while it is read and checked: as Arrow
        # they take a tenth of the memory (about 1 GB saved at a million rows a side)
        left = read_input(args.left, "LEFT").to_arrow()
        right = read_input(args.right, "RIGHT").to_arrow()
    except InputError as exc:
        return _fail("link", str(exc))

    from onroll.linkage.pipeline import link_tables

    result = link_tables(
        left,
        right,
        threshold=args.threshold,
        engine=args.engine,
        seed=args.seed,
        model=args.model,
        threads=args.threads or None,
        memory_limit=args.memory_limit,
    )
    write_csv_atomic(args.out, OUTPUT_HEADER, ((a, b, repr(p)) for a, b, p in result.links))
    if args.review:
        write_csv_atomic(
            args.review,
            ("left_id", "right_id", "match_probability", "reason"),
            ((a, b, repr(p), why) for a, b, p, why in result.review),
        )
    if args.explain:
        header, cols = result.explanation_columns()
        write_csv_atomic(args.explain, header, zip(*cols, strict=True))
    if args.unmatched:
        write_csv_atomic(args.unmatched, ("left_id",), ((x,) for x in result.unmatched_left))
    if args.save_model:
        import json

        Path(args.save_model).write_text(json.dumps(result.model, indent=1))
    print(
        f"onroll link: {len(result.links)} of {left.num_rows} LEFT records linked, "
        f"{len(result.review)} pairs for review, {len(result.unmatched_left)} on no roll",
        file=sys.stderr,
    )
    return 0


def run_synth(args: argparse.Namespace) -> int:
    from onroll.linkage.synth import write

    if args.left < 1 or args.right < 1:
        return _fail("synth", "--left and --right must be at least 1")
    paths = write(args.out_dir, args.left, args.right, seed=args.seed)
    print(f"onroll synth: wrote {', '.join(str(p) for p in paths)}", file=sys.stderr)
    return 0
