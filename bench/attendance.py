"""Benchmark: attendance metrics from long-form unsorted Parquet, engine against baseline.

Run as ``.venv/bin/python -m bench.attendance [--sizes 10000,200000,2000000]``. For each size it
generates (once, seeded, cached under ``bench/data/``) a long-form Parquet file
``pupil_id,date,session,code`` of ``pupils x 380`` sessions whose rows are not sorted, then
times in the same run, each in its own subprocess so that peak RSS is that step's alone:

- ``baseline``: read the file, group each pupil's sessions in date order, and call
  ``onroll.rules.summarise_attendance`` per pupil in a plain Python loop — the issue's baseline;
- ``read``: just read the Parquet file's four columns into memory (pyarrow);
- ``engine``: :func:`onroll.analytics.metrics_from_file`, Parquet to per-pupil results.

The table goes to the ``attendance`` section of ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
SESSIONS = 380
DAYS = SESSIONS // 2
SEED = 20240902
#: Rows per generated row group (and per shuffled block of days in the generator).
DAYS_PER_BLOCK = 19
#: Pupils above which the baseline is timed on a sample and extrapolated (labelled so).
BASELINE_FULL_LIMIT = 200_000
BASELINE_SAMPLE = 200_000


def school_days(n: int = DAYS) -> list[date]:
    """``n`` weekdays from 2 September 2024, skipping three holiday weeks."""
    holidays = {date(2024, 10, 28), date(2024, 12, 23), date(2024, 12, 30), date(2025, 2, 17)}
    days: list[date] = []
    d = date(2024, 9, 2)
    while len(days) < n:
        monday = d - timedelta(days=d.weekday())
        if d.weekday() < 5 and monday not in holidays:
            days.append(d)
        d += timedelta(days=1)
    return days


def data_path(pupils: int) -> Path:
    return DATA / f"attendance_{pupils}x{SESSIONS}.parquet"


def generate(pupils: int, path: Path) -> None:
    """Write a seeded long-form Parquet file of ``pupils x 380`` sessions, rows not sorted.

    Marks are drawn per pupil-day from a mix that looks like a real LA: most pupils attend
    about 95% of sessions, a tail is persistently or severely absent (runs of G/N/O), some
    sessions are I (illness), C, M, E, B, K, L, whole-school closures (#), X days, dual
    registration D days; 5% of pupils join late and 3% leave early, so pupils have different
    date ranges. Rows are written in blocks of 19 school days; inside each block every row is
    shuffled, so a pupil's marks are scattered across the whole file.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(SEED + pupils)
    codes = np.array(
        ["/", "\\", "L", "I", "M", "C", "E", "R", "G", "N", "O", "U", "B", "K", "V", "P",
         "W", "D", "X", "#", "Y1", "Z", "J1", "C1", "S", "C2", "T", "Q", "Y7"],
        dtype=object,
    )  # fmt: skip
    idx = {c: i for i, c in enumerate(codes)}
    days = school_days()
    closures = set(rng.choice(DAYS, size=3, replace=False).tolist())
    pupil_ids = np.sort(rng.choice(np.arange(10_000_000, 10_000_000 + 5 * pupils), pupils, False))
    # Absence propensity per pupil: most low, a persistent tail, a severe tail.
    kind = rng.random(pupils)
    p_absent = np.where(kind < 0.80, 0.04, np.where(kind < 0.96, 0.15, 0.6))
    p_unauth = np.where(kind < 0.80, 0.25, np.where(kind < 0.96, 0.5, 0.85))
    first_day = np.where(rng.random(pupils) < 0.05, rng.integers(0, DAYS, pupils), 0)
    last_day = np.where(rng.random(pupils) < 0.03, rng.integers(0, DAYS, pupils), DAYS - 1)
    last_day = np.maximum(last_day, first_day)
    dual = rng.random(pupils) < 0.02

    auth = np.array([idx[c] for c in ["I", "I", "I", "M", "C", "E", "R", "J1", "C1", "S", "T"]])
    unauth = np.array([idx[c] for c in ["O", "O", "G", "N", "U"]])
    approved = np.array([idx[c] for c in ["B", "K", "V", "P", "W"]])
    notposs = np.array([idx[c] for c in ["X", "Y1", "Z", "C2", "Q", "Y7"]])
    code_type = pa.dictionary(pa.int8(), pa.string())
    schema = pa.schema(
        [("pupil_id", pa.int64()), ("date", pa.date32()), ("session", code_type),
         ("code", code_type)]
    )  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    epoch = date(1970, 1, 1)
    with pq.ParquetWriter(tmp, schema, compression="snappy") as writer:
        for start in range(0, DAYS, DAYS_PER_BLOCK):
            block = np.arange(start, min(DAYS, start + DAYS_PER_BLOCK))
            nd = len(block)
            r = rng.random((pupils, nd))
            day_code = np.full((pupils, nd), idx["/"], dtype=np.int8)
            absent = r < p_absent[:, None]
            is_un = rng.random((pupils, nd)) < p_unauth[:, None]
            day_code[absent & is_un] = unauth[rng.integers(0, len(unauth), (pupils, nd))][
                absent & is_un
            ]
            day_code[absent & ~is_un] = auth[rng.integers(0, len(auth), (pupils, nd))][
                absent & ~is_un
            ]
            r2 = rng.random((pupils, nd))
            day_code[(r2 < 0.01) & ~absent] = approved[rng.integers(0, 5, (pupils, nd))][
                (r2 < 0.01) & ~absent
            ]
            day_code[(r2 > 0.995)] = notposs[rng.integers(0, len(notposs), (pupils, nd))][
                r2 > 0.995
            ]
            day_code[dual[:, None] & (rng.random((pupils, nd)) < 0.4)] = idx["D"]
            for j, d in enumerate(block):
                if int(d) in closures:
                    day_code[:, j] = idx["#"]
            am = day_code.copy()
            pm = day_code.copy()
            pm[day_code == idx["/"]] = idx["\\"]
            late = rng.random((pupils, nd)) < 0.03
            am[late & (day_code == idx["/"])] = idx["L"]
            split = rng.random((pupils, nd)) < 0.02  # a present morning, an absent afternoon
            pm[split & (day_code == idx["/"])] = idx["O"]
            keep = (block[None, :] >= first_day[:, None]) & (block[None, :] <= last_day[:, None])
            p_idx, d_idx = np.nonzero(keep)
            n = len(p_idx)
            pid = np.repeat(pupil_ids[p_idx], 2)
            dnum = np.array([(days[int(d)] - epoch).days for d in block], dtype=np.int32)
            dd = np.repeat(dnum[d_idx], 2)
            sess = np.tile(np.array([0, 1], dtype=np.int8), n)
            cc = np.empty(2 * n, dtype=np.int8)
            cc[0::2] = am[p_idx, d_idx]
            cc[1::2] = pm[p_idx, d_idx]
            order = rng.permutation(2 * n)
            table = pa.table(
                {
                    "pupil_id": pa.array(pid[order]),
                    "date": pa.array(dd[order], type=pa.int32()).cast(pa.date32()),
                    "session": pa.DictionaryArray.from_arrays(
                        pa.array(sess[order]), pa.array(["AM", "PM"])
                    ),
                    "code": pa.DictionaryArray.from_arrays(
                        pa.array(cc[order]), pa.array(codes.tolist())
                    ),
                },
                schema=schema,
            )
            writer.write_table(table, row_group_size=1 << 20)
    tmp.rename(path)


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _step_read(path: Path) -> dict[str, Any]:
    import pyarrow.parquet as pq

    t = time.perf_counter()
    table = pq.read_table(path, columns=["pupil_id", "date", "session", "code"])
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "rows": table.num_rows}


def _step_engine(path: Path) -> dict[str, Any]:
    from onroll.analytics import metrics_from_file

    t = time.perf_counter()
    result = metrics_from_file(path)
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "rows": result.marks, "pupils": result.pupils}


def _step_baseline(path: Path, sample: int) -> dict[str, Any]:
    """Plain Python: group each pupil's sessions in date order, then one call per pupil.

    Reading and grouping use Polars (a sort by pupil, date, session); the per-pupil loop is
    timed separately so the report can say where the time goes. With ``sample`` > 0 only the
    first ``sample`` pupils (by id) are summarised and the loop time is extrapolated.
    """
    import polars as pl

    from onroll.rules import summarise_attendance

    t0 = time.perf_counter()
    df = pl.read_parquet(path, columns=["pupil_id", "date", "session", "code"])
    if sample:
        keep = df.select(pl.col("pupil_id").unique().sort().head(sample)).to_series()
        total_pupils = df.select(pl.col("pupil_id").n_unique()).item()
        df = df.filter(pl.col("pupil_id").is_in(keep.implode()))
    df = df.with_columns(pl.col("session").cast(pl.String), pl.col("code").cast(pl.String))
    grouped = (
        df.sort(["pupil_id", "date", "session"])
        .group_by("pupil_id", maintain_order=True)
        .agg(pl.col("code"))
    )
    t1 = time.perf_counter()
    n = 0
    for _pid, codes in grouped.iter_rows():
        summarise_attendance(codes)
        n += 1
    t2 = time.perf_counter()
    out: dict[str, Any] = {"prepare": t1 - t0, "loop": t2 - t1, "pupils": n, "rows": df.height}
    if sample:
        scale = total_pupils / n
        out["extrapolated_from"] = n
        out["seconds"] = (t2 - t0) * scale
        out["pupils"] = total_pupils
    else:
        out["seconds"] = t2 - t0
    return out


def _child(step: str, path: str, sample: int) -> None:
    if step == "read":
        out = _step_read(Path(path))
    elif step == "engine":
        out = _step_engine(Path(path))
    else:
        out = _step_baseline(Path(path), sample)
    out["rss_mib"] = _rss_mib()
    print(json.dumps(out))


def run_step(step: str, path: Path, sample: int = 0) -> dict[str, Any]:
    """Run one step in a fresh interpreter, so its peak RSS is its own."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.attendance", "--child", step, str(path), str(sample)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{step} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,200000,2000000")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print, do not update the doc")
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    for n in sizes:
        path = data_path(n)
        if not path.exists():
            t = time.perf_counter()
            generate(n, path)
            print(f"generated {path} in {time.perf_counter() - t:.1f} s", flush=True)
    if args.generate_only:
        return 0
    rows = []
    for n in sizes:
        path = data_path(n)
        sample = BASELINE_SAMPLE if n > BASELINE_FULL_LIMIT else 0
        load = os.getloadavg()[0]
        res = {s: run_step(s, path, sample if s == "baseline" else 0) for s in
               ("read", "engine", "baseline")}  # fmt: skip
        res["load"] = {"seconds": load}
        print(n, json.dumps(res), flush=True)
        rows.append((n, res))
    body = _table(rows)
    print(body)
    if not args.no_write:
        from bench._report import write_section

        write_section("attendance", "Attendance metrics", body)
    return 0


def _table(rows: list[tuple[int, dict[str, Any]]]) -> str:
    lines = [
        "| pupils | marks | step | seconds | marks/s | speed-up over baseline "
        "| ÷ read time | peak RSS |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for n, res in rows:
        marks = res["read"]["rows"]
        base = res["baseline"]["seconds"]
        read = res["read"]["seconds"]
        for step in ("baseline", "read", "engine"):
            r = res[step]
            label = step
            if step == "baseline" and "extrapolated_from" in r:
                label = f"baseline (**extrapolated** from {r['extrapolated_from']:,} pupils)"
            lines.append(
                f"| {n:,} | {marks:,} | {label} | {r['seconds']:.2f} | "
                f"{marks / r['seconds'] / 1e6:,.1f} M | {base / r['seconds']:,.1f}x | "
                f"{r['seconds'] / read:.2f} | {r['rss_mib']:,.0f} MiB |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
