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
BASELINE_SAMPLE = 50_000


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


def _cpu_seconds() -> float:
    """User + system CPU time of this process so far, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _step_read(path: Path) -> dict[str, Any]:
    """Decode every row group of the four columns (pyarrow, threads on), keeping none.

    Streaming, like the engine, so that 2,000,000 pupils (730 million marks, about 10 GB as
    Arrow arrays) do not have to be held at once just to time the read.
    """
    import pyarrow.parquet as pq

    t = time.perf_counter()
    pf = pq.ParquetFile(path)
    rows = 0
    for g in range(pf.num_row_groups):
        rows += pf.read_row_group(g, columns=["pupil_id", "date", "session", "code"]).num_rows
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "rows": rows}


def _step_engine(path: Path) -> dict[str, Any]:
    from onroll.analytics import metrics_from_file

    t = time.perf_counter()
    result = metrics_from_file(path)
    table = result.to_arrow()
    seconds = time.perf_counter() - t
    return {
        "seconds": seconds,
        "rows": result.marks,
        "pupils": table.num_rows,
        "stages": {k: round(v, 2) for k, v in result.timings.items()},
    }


def _step_baseline(path: Path, sample: int) -> dict[str, Any]:
    """Plain Python: group each pupil's sessions in date order, then one call per pupil.

    Reading and grouping use Polars (a sort by pupil, date, session); the per-pupil loop is
    timed separately so the report can say where the time goes. With ``sample`` > 0 only the
    ``sample`` lowest pupil ids are read (a lazy, filtered scan) and summarised, and the time
    loop time is scaled by pupils / sample: an extrapolation (of the loop only, so an
    underestimate), labelled as such in the report.
    """
    import polars as pl

    from onroll.rules import summarise_attendance

    t0 = time.perf_counter()
    cols = ["pupil_id", "date", "session", "code"]
    if sample:
        ids = pl.scan_parquet(path).select(pl.col("pupil_id").unique()).collect()["pupil_id"]
        total_pupils = len(ids)
        keep = ids.sort().head(sample)
        t0 = time.perf_counter()  # finding the sample is not part of the baseline
        df = (
            pl.scan_parquet(path)
            .select(cols)
            .filter(pl.col("pupil_id").is_in(keep.implode()))
            .collect()
        )
    else:
        df = pl.read_parquet(path, columns=cols)
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
        # Only the per-pupil loop is scaled: the filtered scan that found the sample read the
        # whole file, and the full sort of every mark does not fit this machine's memory, so
        # grouping is left out and the extrapolated baseline is an underestimate.
        out["extrapolated_from"] = n
        out["seconds"] = (t2 - t1) * total_pupils / n
        out["pupils"] = total_pupils
    else:
        out["seconds"] = t2 - t0
    return out


def _child(step: str, path: str, sample: int) -> None:
    cpu0 = _cpu_seconds()
    if step == "read":
        out = _step_read(Path(path))
    elif step == "engine":
        out = _step_engine(Path(path))
    else:
        out = _step_baseline(Path(path), sample)
    out["rss_mib"] = _rss_mib()
    out["cpu"] = _cpu_seconds() - cpu0  # includes imports and, for the baseline, the sample
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


def _numpy_summary(grid: Any, n: int, flags: Any) -> Any:
    """The day-pair lookup-table design in plain NumPy (for the comparison only).

    Counts come from tables indexed by ``am * K + pm``; the runs use a cumulative sum of
    absent days reset at breaking days via a running maximum, all along axis 1.
    """
    import numpy as np

    from onroll.analytics.codes import POSSIBLE, RUN_CODE, UNAUTHORISED

    k = len(flags)
    am = grid[:n, 0::2].astype(np.uint16)
    pm = grid[:n, 1::2].astype(np.uint16)
    pair = am * k + pm
    a, p = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    fa, fp = flags[a], flags[p]
    possible_t = ((fa & POSSIBLE) + (fp & POSSIBLE)).ravel().astype(np.uint8)
    unauth_t = (((fa & UNAUTHORISED) > 0).astype(np.uint8) + ((fp & UNAUTHORISED) > 0)).ravel()
    ok_a = ((fa & POSSIBLE) == 0) | ((fa & RUN_CODE) != 0)
    ok_p = ((fp & POSSIBLE) == 0) | ((fp & RUN_CODE) != 0)
    any_possible = ((fa | fp) & POSSIBLE) != 0
    status_t = np.where(~any_possible, 0, np.where(ok_a & ok_p, 1, 2)).ravel().astype(np.int8)
    possible = possible_t[pair].sum(axis=1, dtype=np.int32)
    unauth = unauth_t[pair].sum(axis=1, dtype=np.int32)
    status = status_t[pair]
    absent = np.cumsum(status == 1, axis=1, dtype=np.int32)
    at_break = np.where(status == 2, absent, 0)
    run = absent - np.maximum.accumulate(at_break, axis=1)
    return possible, unauth, run.max(axis=1), run[:, -1]


def run_designs(path: Path) -> str:
    """Time the designs compared in docs/decisions/0002 on one generated file."""
    import numpy as np
    import polars as pl
    import pyarrow.parquet as pq

    from onroll.analytics import kernels as k
    from onroll.analytics.codes import code_tables
    from onroll.analytics.grid import fill
    from onroll.analytics.sources import open_marks

    out = [f"file {path.name}, load average {os.getloadavg()[0]:.1f}"]

    def timed(label: str, fn: Any) -> Any:
        t = time.perf_counter()
        value = fn()
        out.append(f"{label}: {time.perf_counter() - t:.2f} s")
        return value

    timed("pyarrow read_table", lambda: pq.read_table(path).num_rows)
    df = timed("polars read_parquet", lambda: pl.read_parquet(path))
    timed("polars sort by pupil,date,session", lambda: df.sort(["pupil_id", "date", "session"]))
    timed(
        "polars group_by pupil + agg(list) unsorted",
        lambda: df.group_by("pupil_id").agg(pl.col("code")),
    )
    ids = code_tables().ids
    for exact in (True, False):
        label = "direct scatter in input order" if exact else "buffered partitioned scatter"
        grid, *_rest, timings = timed(
            f"read + {label}",
            lambda e=exact: fill(open_marks(path), ids, 400, 1 << 26, exact=e),
        )
        out.append(f"  stages { ({key: round(v, 2) for key, v in timings.items()}) }")
    flags = code_tables().flags
    n = grid.n
    result = np.zeros((n, k.RESULT_COLUMNS), dtype=np.int32)
    timed("numba summarise (2 threads)", lambda: k.summarise(grid.grid, n, flags, 0, result))
    possible, unauth, longest, current = timed(
        "numpy day-pair LUT summarise", lambda: _numpy_summary(grid.grid, n, flags)
    )
    same = (
        np.array_equal(possible, result[:, k.POSSIBLE_SESSIONS])
        and np.array_equal(unauth, result[:, k.UNAUTHORISED_ABSENCES])
        and np.array_equal(longest, result[:, k.LONGEST_RUN])
        and np.array_equal(current, result[:, k.CURRENT_RUN])
    )
    out.append(f"numpy and numba agree: {same}")
    out.append(f"load average after {os.getloadavg()[0]:.1f}")
    return "\n".join(out)


RESULTS = DATA / "attendance_results.json"


def _load_results() -> dict[str, Any]:
    """Results of earlier runs, by size, so one size can be re-run alone."""
    if RESULTS.exists():
        loaded: dict[str, Any] = json.loads(RESULTS.read_text())
        return loaded
    return {}


def _warm_up() -> None:
    """Compile the engine's kernels into Numba's on-disk cache before anything is timed."""
    import pyarrow as pa

    from onroll.analytics import compute

    compute(pa.table({"pupil_id": [1, 1], "date": ["2024-09-02"] * 2, "session": ["AM", "PM"],
                      "code": ["/", "N"]}))  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,200000,2000000")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument(
        "--designs", action="store_true", help="time the designs compared in ADR 0002"
    )
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
    _warm_up()
    if args.designs:
        print(run_designs(data_path(sizes[0])))
        return 0
    results = _load_results()
    for n in sizes:
        path = data_path(n)
        sample = BASELINE_SAMPLE if n > BASELINE_FULL_LIMIT else 0
        res: dict[str, Any] = {"load_before": os.getloadavg()[0]}
        res["measured"] = time.strftime("%H:%M UTC", time.gmtime())
        for step in ("read", "engine", "baseline"):
            res[step] = run_step(step, path, sample if step == "baseline" else 0)
            print(n, step, json.dumps(res[step]), flush=True)
        res["load_after"] = os.getloadavg()[0]
        results[str(n)] = res
        RESULTS.write_text(json.dumps(results, indent=1))
    # Sizes not re-run keep their last results (same day, same machine; each is stamped).
    rows = sorted((int(k), v) for k, v in results.items())
    body = _table(rows)
    print(body)
    if not args.no_write:
        from bench._report import write_section

        write_section("attendance", "Attendance metrics", body)
    return 0


def _table(rows: list[tuple[int, dict[str, Any]]]) -> str:
    lines = [
        "Input: long-form Parquet `pupil_id,date,session,code` (int64, date32, dictionary "
        "strings), snappy, 1,048,576-row row groups, rows shuffled within blocks of 19 school "
        "days (so a pupil's marks are spread over the whole file); 5% of pupils join late and "
        "3% leave early, so marks are a little under pupils x 380. Each step runs in its own "
        "process; peak RSS is that process's `ru_maxrss`.",
        "",
        "- **baseline**: Polars reads the file, sorts by pupil, date, session and groups codes "
        "per pupil; a plain Python loop calls `onroll.rules.summarise_attendance` per pupil.",
        "- **read**: pyarrow decodes every row group of the four columns and keeps none "
        "(streaming, as the engine reads).",
        "- **engine**: `onroll.analytics.compute(path)` then `.to_arrow()`: Parquet to the "
        "per-pupil result table (what `onroll attendance-metrics` does before writing OUT).",
        "",
        "Seconds are wall-clock. The machine's 2 cores were shared with other engineers' "
        "test runs (see the load averages), so wall time is inflated; *process CPU s* is the "
        "step process's user + system CPU time over all its threads (including imports, and "
        "for an extrapolated baseline the sample only), a steadier measure of the work done. "
        "A size can be re-run alone (`--sizes 200000`); the others keep their last results, "
        "so rows of different sizes may come from different runs (see *measured at*); "
        "baseline, read and engine of one size always come from the same run.",
        "",
        "| pupils | marks | step | seconds | marks/s | speed-up over baseline "
        "| / read time | peak RSS | process CPU s | measured at, load avg before/after |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    notes = []
    for n, res in rows:
        marks = res["read"]["rows"]
        base = res["baseline"]["seconds"]
        read = res["read"]["seconds"]
        load = f"{res.get('measured', '')} {res['load_before']:.1f} / {res['load_after']:.1f}"
        for step in ("baseline", "read", "engine"):
            r = res[step]
            label = step
            if step == "baseline" and "extrapolated_from" in r:
                label = f"baseline (**extrapolated** from {r['extrapolated_from']:,} pupils)"
            lines.append(
                f"| {n:,} | {marks:,} | {label} | {r['seconds']:.2f} | "
                f"{marks / r['seconds'] / 1e6:,.1f} M | {base / r['seconds']:,.1f}x | "
                f"{r['seconds'] / read:.2f} | {r['rss_mib']:,.0f} MiB | {r['cpu']:.1f} | {load} |"
            )
        b = res["baseline"]
        notes.append(
            f"- {n:,} pupils: baseline grouping {b['prepare']:.1f} s and loop {b['loop']:.1f} s "
            f"over {b.get('extrapolated_from', b['pupils']):,} pupils"
            + (
                " (the loop alone scaled by pupils / sample; grouping left out, so the "
                "baseline is an underestimate)"
                if "extrapolated_from" in b
                else ""
            )
            + f"; engine stages (s): {res['engine']['stages']}"
        )
    return "\n".join([*lines, "", "Where the time goes:", "", *notes])


if __name__ == "__main__":
    sys.exit(main())
