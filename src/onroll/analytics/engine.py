"""Attendance metrics for every pupil at once, equal to ``rules.summarise_attendance`` per pupil.

Pipeline (see ``docs/decisions/0002-attendance-analytics-engine.md`` for the measurements):

1. Read the long-form marks ``pupil_id,date,session,code`` in batches (Parquet row groups,
   pyarrow, dictionary-encoded so codes are never materialised as strings): ``sources``, with
   the columns decoded by ``decode``.
2. Map each batch to small integers: pupil → dense grid row (a lookup table over the id range
   for integer ids, a dictionary otherwise), date → day column, session → 0/1, code → a
   one-byte code id whose facts come from ``onroll.rules.ATTENDANCE_CODES``.
3. *Scatter* every row into a dense ``pupils x sessions`` uint8 grid (no sort), rejecting
   unknown codes, bad sessions and duplicate pupil/date/session on the way: ``grid``.
4. One compiled pass per pupil row computes the summary, the rolling 10-school-week
   unauthorised-session count and the sickness-day total (``kernels``), turned into the
   per-pupil measures by ``measures``.

No clock, no Django: everything comes in as arguments.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from onroll.analytics import kernels as K
from onroll.analytics.codes import code_tables
from onroll.analytics.grid import MAX_CALENDAR_SPAN, MAX_ID_RANGE, Collision, fill
from onroll.analytics.measures import WINDOW_DAYS, Metrics, finish
from onroll.analytics.sources import open_marks

if TYPE_CHECKING:
    import pyarrow as pa


def compute(
    source: Path | str | pa.Table,
    *,
    window_days: int = WINDOW_DAYS,
    max_calendar_span: int = MAX_CALENDAR_SPAN,
    max_id_range: int = MAX_ID_RANGE,
) -> Metrics:
    """Compute every pupil's metrics from MARKS (a CSV or Parquet path, or an Arrow table).

    Raises :class:`MarksError` naming the row or pupil and the field for bad input.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    tables = code_tables()
    try:
        grid, day_of, date_min, int_lut, marks, timings = fill(
            open_marks(source), tables.ids, max_calendar_span, max_id_range, exact=False
        )
    except Collision:
        # A duplicate pupil/date/session: run again in input order to name its row.
        fill(open_marks(source), tables.ids, max_calendar_span, max_id_range, exact=True)
        raise RuntimeError("duplicate not found on the exact pass") from None  # pragma: no cover
    t = time.perf_counter()

    n = grid.n
    seen = grid.seen_days.astype(bool)
    present_days = np.flatnonzero(seen)
    window_start = int(present_days[-window_days]) if len(present_days) >= window_days else 0
    result = np.zeros((n, K.RESULT_COLUMNS), dtype=np.int32)
    K.summarise(grid.grid, n, tables.flags, window_start, result)
    timings["summarise"] = time.perf_counter() - t
    t = time.perf_counter()

    if int_lut:
        ids_arr = pa.array(grid.ids[:n])
    else:
        ids_arr = pa.array(grid.keys) if grid.keys else pa.array([], type=pa.string())
    order = np.asarray(pc.sort_indices(ids_arr).to_numpy(zero_copy_only=False), dtype=np.int64)
    metrics = finish(grid.grid, result, order, ids_arr, tables.codes, marks)
    offsets = np.flatnonzero(day_of >= 0)
    keep = seen[day_of[offsets]]
    metrics.dates = (offsets[keep] + date_min).astype(np.int32)
    timings["finish"] = time.perf_counter() - t
    metrics.timings = timings
    return metrics
