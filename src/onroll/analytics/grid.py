"""The sessions grid: every mark scattered into a dense ``pupils x sessions`` uint8 grid.

Each batch is mapped to small integers — pupil to a dense grid row (a lookup table over the id
range for integer ids, a dictionary otherwise), date to a day column, session to 0/1, code to
a one-byte code id — and *scattered* into the grid (no sort), rejecting unknown codes, bad
sessions and duplicate pupil/date/session on the way. The fast path buffers packed rows and
places them block by block (see ``docs/decisions/0002-attendance-analytics-engine.md``).
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt

from onroll.analytics import kernels as K
from onroll.analytics import sources
from onroll.analytics.decode import blank_error, combine, date_days, date_from_days, dictionary
from onroll.analytics.sources import Batch, MarksError, Source

#: Largest integer pupil-id range mapped through a direct lookup table (4 bytes per id).
MAX_ID_RANGE = 1 << 26
#: Largest date span (calendar days) laid out directly; longer spans are compacted to the
#: dates that occur, which costs one extra pass over the date column.
MAX_CALENDAR_SPAN = 400
#: Most packed rows buffered before they are placed in the grid (2 x 8 bytes each).
MAX_BUFFER_ROWS = 1 << 25
#: Ids per block when buffered rows are grouped before the id-table lookups (256 KiB of table).
KEY_BLOCK_BITS = 16
#: Id tables larger than this (bytes) are looked up late, after grouping rows by id block.
LATE_LOOKUP_BYTES = 8 << 20


class Grid:
    """The dense pupils x sessions grid and the pupil-id mapping, grown as pupils appear."""

    def __init__(self, capacity: int, columns: int, id_bounds: tuple[int, int] | None) -> None:
        self.grid = np.zeros((max(capacity, 1024), columns), dtype=np.uint8)
        self.n = 0
        self.seen_days = np.zeros(max(columns // 2, 1), dtype=np.uint8)
        self.buffer = np.empty(0, dtype=np.int64)  # packed rows waiting to be placed
        self.part = np.empty(0, dtype=np.int64)  # scratch for the counting sort
        self.fill = 0
        # Grid rows per block of the partitioned scatter: about 4 MiB of grid per block.
        self.shift = max(0, round(math.log2(max(1.0, (4 << 20) / max(columns, 1)))))
        self.int_ids = id_bounds is not None
        self.late_lookup = False
        if id_bounds is not None:
            self.key_min = id_bounds[0]
            self.lut = np.full(id_bounds[1] - id_bounds[0] + 1, -1, dtype=np.int32)
            # A table larger than the cache is looked up after grouping rows by id block.
            self.late_lookup = self.lut.nbytes > LATE_LOOKUP_BYTES
            self.ids = np.zeros(self.grid.shape[0], dtype=np.int64)
        self.keys: list[Any] = []  # ids in grid-row order (dictionary path)
        self.index: dict[Any, int] = {}

    def grow(self, need: int) -> None:
        rows = max(need, int(self.grid.shape[0] * 1.5) + 1)
        grown = np.zeros((rows, self.grid.shape[1]), dtype=np.uint8)
        grown[: self.n] = self.grid[: self.n]
        self.grid = grown
        if self.int_ids:
            ids = np.zeros(rows, dtype=np.int64)
            ids[: self.n] = self.ids[: self.n]
            self.ids = ids


def date_axis(source: Source, max_span: int) -> tuple[int, npt.NDArray[np.int32]]:
    """(first date, LUT from date offset to day column; -1 where no date can occur).

    With date statistics and a short span the axis is every calendar day in the span (weekends
    and holidays stay empty and cost nothing but memory). Otherwise one pass over the date
    column finds the dates that occur and the axis is just those.
    """
    if source.date_bounds is not None:
        lo, hi = source.date_bounds
        if hi - lo + 1 <= max_span:
            return lo, np.arange(hi - lo + 1, dtype=np.int32)
    if source.date_pass is None:  # pragma: no cover - every source has one
        raise MarksError("field date: cannot find the dates")
    found: set[int] = set()
    for first_row, col in source.date_pass:
        days = date_days(col, first_row)
        if len(days):
            lo_b = int(days.min())
            found.update((np.flatnonzero(np.bincount(days - lo_b)) + lo_b).tolist())
    if not found:
        return 0, np.zeros(1, dtype=np.int32)
    lo, hi = min(found), max(found)
    day_of = np.full(hi - lo + 1, -1, dtype=np.int32)
    ordered = np.array(sorted(found), dtype=np.int64)
    day_of[ordered - lo] = np.arange(len(ordered), dtype=np.int32)
    return lo, day_of


class Collision(Exception):
    """The buffered scatter met a cell already set (a duplicate somewhere in the input)."""


def fill(
    marks_source: Source,
    code_ids: dict[str, int],
    max_calendar_span: int,
    max_id_range: int,
    *,
    exact: bool,
) -> tuple[Grid, npt.NDArray[np.int32], int, bool, int, dict[str, float]]:
    """Read every batch into a new grid: (grid, day LUT, first date, int ids?, marks, timings).

    ``exact=False`` (the fast path) packs rows into a buffer and places them block by block
    when it is full; ``exact=True`` writes each row in input order and stops at the first
    bad one, so a duplicate is reported at the row where it occurs.
    """
    t0 = time.perf_counter()
    date_min, day_of = date_axis(marks_source, max_calendar_span)
    n_days = int(day_of.max()) + 1 if len(day_of) else 1
    id_bounds = marks_source.id_bounds
    if id_bounds is not None and id_bounds[1] - id_bounds[0] + 1 > max_id_range:
        id_bounds = None
    weekdays = max(1, min(n_days, math.ceil(n_days * 5 / 7) + 1))
    # Generous: rows of the grid that no pupil takes are never touched, so cost no memory.
    capacity = int(marks_source.num_rows / (2 * weekdays) * 2) + 1024
    int_lut = marks_source.id_is_int and id_bounds is not None
    grid = Grid(capacity, 2 * n_days, id_bounds if int_lut else None)
    if not exact:
        # About 8-16 rows per pupil between flushes, so each grid line takes many writes.
        # At least one batch (sources.BATCH_ROWS, read here so a smaller setting applies).
        rows = min(
            max(sources.BATCH_ROWS, 8 * capacity), MAX_BUFFER_ROWS, max(marks_source.num_rows, 1)
        )
        grid.buffer = np.empty(rows, dtype=np.int64)
        grid.part = np.empty(rows, dtype=np.int64)

    marks = 0
    timings = {"setup": time.perf_counter() - t0, "wait_for_input": 0.0, "encode": 0.0}
    timings["place"] = 0.0
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(next, marks_source.batches, None)
        while True:
            t = time.perf_counter()
            batch = pending.result()
            timings["wait_for_input"] += time.perf_counter() - t
            if batch is None:
                break
            pending = pool.submit(next, marks_source.batches, None)
            marks += batch.table.num_rows
            scatter_batch(batch, grid, code_ids, date_min, day_of, int_lut, exact, timings)
    if not exact:
        flush(grid, timings)
    return grid, day_of, date_min, int_lut, marks, timings


def flush(grid: Grid, timings: dict[str, float]) -> None:
    """Place the buffered rows: map id offsets to grid rows (integer ids), then write cells.

    Both steps first counting-sort the buffer — by block of ids, then by block of grid rows —
    so the id table and the grid are touched one cache-sized block at a time.
    """
    t = time.perf_counter()
    if grid.fill:
        buf = grid.buffer[: grid.fill]
        part = grid.part[: grid.fill]
        if grid.int_ids and grid.late_lookup:
            K.sort_by(buf, part, KEY_BLOCK_BITS, (len(grid.lut) >> KEY_BLOCK_BITS) + 1)
            j = 0
            while True:
                status, j, grid.n = K.assign(
                    part, grid.key_min, grid.lut, grid.ids, grid.n, grid.grid.shape[0], j
                )
                if status != K.GROW:
                    break
                grid.grow(grid.n + 1)
            buf, part = part, buf
        K.sort_by(buf, part, grid.shift, ((grid.grid.shape[0] - 1) >> grid.shift) + 1)
        collisions = K.write(part, grid.grid)
        grid.fill = 0
        if collisions:
            raise Collision
    timings["place"] += time.perf_counter() - t


def scatter_batch(
    batch: Batch,
    grid: Grid,
    code_ids: dict[str, int],
    date_min: int,
    day_of: npt.NDArray[np.int32],
    int_lut: bool,
    exact: bool,
    timings: dict[str, float],
) -> None:
    """Validate one batch and write it into the grid (growing the grid as needed)."""
    t = batch.table
    first = batch.first_row
    if t.num_rows == 0:
        return
    pid = combine(t.column("pupil_id"))
    blank_error(pid, first, "pupil_id")
    dates = date_days(t.column("date"), first)
    sess_col = combine(t.column("session"))
    code_col = combine(t.column("code"))
    blank_error(sess_col, first, "session")
    blank_error(code_col, first, "code")
    sess_values, sess_idx = dictionary(sess_col)
    code_values, code_idx = dictionary(code_col)
    session_map = np.array(
        [{"AM": 0, "PM": 1}.get(v, 255) for v in sess_values] or [255], dtype=np.uint8
    )
    code_map = np.array([code_ids.get(v, 0) if v else 0 for v in code_values] or [0], np.uint8)

    if int_lut:
        keys = np.asarray(pid.to_numpy(zero_copy_only=False), dtype=np.int64)
        if len(keys) and (keys.min() < grid.key_min or keys.max() >= grid.key_min + len(grid.lut)):
            raise MarksError("field pupil_id: ids outside the file's own statistics")
        key_min = grid.key_min
        lut = grid.lut
        ids = grid.ids
    else:
        values, idx = dictionary(pid)
        local = np.empty(len(values), dtype=np.int32)
        for j, v in enumerate(values):
            if isinstance(v, str) and not v.strip():
                i = int(np.flatnonzero(idx == j)[0])
                raise MarksError(f"row {first + i + 1}: field pupil_id: blank")
            k = grid.index.get(v)
            if k is None:
                k = grid.index[v] = len(grid.keys)
                grid.keys.append(v)
            local[j] = k
        if len(grid.keys) > grid.grid.shape[0]:
            grid.grow(len(grid.keys))
        keys = np.asarray(idx, dtype=np.int64)
        key_min = 0
        lut = local
        ids = np.zeros(1, dtype=np.int64)
        grid.n = len(grid.keys)

    n_rows = len(keys)
    if not exact and grid.fill + n_rows > len(grid.buffer):
        flush(grid, timings)
        if n_rows > len(grid.buffer):  # a row group larger than the buffer
            grid.buffer = np.empty(n_rows, dtype=np.int64)
            grid.part = np.empty(n_rows, dtype=np.int64)
    t0 = time.perf_counter()
    if exact:
        start = 0
        while True:
            status, row, n = K.scatter(
                keys, key_min, lut, ids if int_lut else np.zeros(0, np.int64), grid.n, dates,
                date_min, day_of, sess_idx, session_map, code_idx, code_map, grid.grid, start,
            )  # fmt: skip
            if int_lut:
                grid.n = n
            if status != K.GROW:
                break
            grid.grow(grid.n + 1)
            ids = grid.ids
            start = row
    elif int_lut and not grid.late_lookup:
        packed = grid.buffer[grid.fill : grid.fill + n_rows]
        start = 0
        while True:
            status, row, grid.n = K.encode_rows(
                keys, key_min, lut, ids, grid.n, grid.grid.shape[0], dates, date_min, day_of,
                sess_idx, session_map, code_idx, code_map, packed, grid.seen_days, start,
            )  # fmt: skip
            if status != K.GROW:
                break
            grid.grow(grid.n + 1)
            ids = grid.ids
            start = row
    else:
        if not int_lut:  # the dictionary path knows every row's grid row already
            keys = lut[idx].astype(np.int64)
        packed = grid.buffer[grid.fill : grid.fill + n_rows]
        status, row = K.encode(
            keys, key_min, dates, date_min, day_of, sess_idx, session_map, code_idx, code_map,
            packed, grid.seen_days,
        )  # fmt: skip
    timings["encode"] += time.perf_counter() - t0
    where = f"row {first + row + 1}"
    if status == K.BAD_SESSION:
        raise MarksError(f"{where}: field session: {sess_values[sess_idx[row]]!r} is not AM or PM")
    if status == K.BAD_CODE:
        raise MarksError(
            f"{where}: field code: unknown attendance code {code_values[code_idx[row]]!r}"
        )
    if status == K.BAD_DATE:  # pragma: no cover - the axis covers every date read
        raise MarksError(f"{where}: field date: {date_from_days(dates[row])} out of range")
    if status == K.DUPLICATE:
        pupil = pid[row].as_py()
        raise MarksError(
            f"{where}: fields pupil_id,date,session: pupil {pupil!r} already has "
            f"a mark for {date_from_days(dates[row])} {sess_values[sess_idx[row]]}"
        )
    if not exact:
        grid.fill += n_rows
