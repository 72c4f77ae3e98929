"""Attendance metrics for every pupil at once, equal to ``rules.summarise_attendance`` per pupil.

Pipeline (see ``docs/decisions/0002-attendance-analytics-engine.md`` for the measurements):

1. Read the long-form marks ``pupil_id,date,session,code`` in batches (Parquet row groups,
   pyarrow, dictionary-encoded so codes are never materialised as strings).
2. Map each batch to small integers: pupil → dense grid row (a lookup table over the id range
   for integer ids, a dictionary otherwise), date → day column, session → 0/1, code → a
   one-byte code id whose facts come from ``onroll.rules.ATTENDANCE_CODES``.
3. *Scatter* every row into a dense ``pupils x sessions`` uint8 grid (no sort), rejecting
   unknown codes, bad sessions and duplicate pupil/date/session on the way.
4. One compiled pass per pupil row computes the summary, the rolling 10-school-week
   unauthorised-session count and the sickness-day total.

Pairing. ``summarise_attendance`` pairs sessions by position (AM, PM, AM, PM, ...). For a pupil
whose every date holds both sessions that is pairing by date, which the grid kernel does. A
pupil with an odd number of sessions makes ``summarise_attendance`` raise, so the engine
raises :class:`MarksError` naming the pupil. A pupil with an even number of sessions but some
date holding only one (an *irregular* pupil) is summarised by calling
``summarise_attendance`` on exactly the date-ordered sequence it would see; such pupils are
rare, so the exact per-pupil path costs nothing measurable. The extra measures
(``unauthorised_sessions_10_weeks``, ``sickness_days``) are by date for every pupil.

No clock, no Django: everything comes in as arguments.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from onroll.analytics import kernels as K
from onroll.analytics.codes import MISSING, code_tables, summary_fields
from onroll.rules.alerts import PENALTY_NOTICE_SCHOOL_DAYS

if TYPE_CHECKING:
    import pyarrow as pa

#: Input columns, in the order the contract names them.
INPUT_COLUMNS = ("pupil_id", "date", "session", "code")
#: School days in the rolling window of the penalty-notice measure (10 school weeks, R-PN).
WINDOW_DAYS = PENALTY_NOTICE_SCHOOL_DAYS
#: Extra output columns, after ``pupil_id`` and the ``AttendanceSummary`` fields.
EXTRA_COLUMNS = ("unauthorised_sessions_10_weeks", "sickness_days")
#: Largest integer pupil-id range mapped through a direct lookup table (4 bytes per id).
MAX_ID_RANGE = 1 << 26
#: Largest date span (calendar days) laid out directly; longer spans are compacted to the
#: dates that occur, which costs one extra pass over the date column.
MAX_CALENDAR_SPAN = 400
#: Rows per batch when the input is not already in row groups (CSV, tests).
BATCH_ROWS = 1 << 20
#: Most packed rows buffered before they are placed in the grid (2 x 8 bytes each).
MAX_BUFFER_ROWS = 1 << 25
#: Ids per block when buffered rows are grouped before the id-table lookups (256 KiB of table).
KEY_BLOCK_BITS = 16
#: Id tables larger than this (bytes) are looked up late, after grouping rows by id block.
LATE_LOOKUP_BYTES = 8 << 20

EPOCH = date(1970, 1, 1)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def output_columns() -> tuple[str, ...]:
    """The output columns: ``pupil_id``, every ``AttendanceSummary`` field, the extras."""
    return ("pupil_id", *summary_fields(), *EXTRA_COLUMNS)


class MarksError(ValueError):
    """Bad input: the message names the 1-based data row (or the pupil) and the field."""


@dataclass
class Metrics:
    """Per-pupil results, one entry per pupil, ordered by ``pupil_id``."""

    pupil_ids: pa.Array
    columns: dict[str, npt.NDArray[Any]]  # counts and flags; attendance_rate is float64
    rate_valid: npt.NDArray[np.bool_]  # attendance_rate is None where False
    marks: int
    dates: npt.NDArray[np.int32] = field(repr=False)  # distinct dates, days since 1970-01-01
    #: Seconds spent in each stage (waiting for input, scatter, summarise, finish).
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def pupils(self) -> int:
        return len(self.pupil_ids)

    def to_arrow(self) -> pa.Table:
        """``pupil_id``, every ``AttendanceSummary`` field in order, then the extra columns."""
        import pyarrow as pa

        data: dict[str, pa.Array] = {"pupil_id": self.pupil_ids}
        for name in (*summary_fields(), *EXTRA_COLUMNS):
            values = self.columns[name]
            if name == "attendance_rate":
                data[name] = pa.array(values, mask=~self.rate_valid, type=pa.float64())
            else:
                data[name] = pa.array(values)
        return pa.table(data)

    def summary_dicts(self) -> Iterator[dict[str, Any]]:
        """Rows as plain dicts (slow; for tests and small outputs)."""
        yield from self.to_arrow().to_pylist()


# --------------------------------------------------------------------------------------------
# Input batches
# --------------------------------------------------------------------------------------------


@dataclass
class _Batch:
    first_row: int  # 0-based data row of the batch's first row in the input
    table: pa.Table  # the four input columns


class _Source:
    """Batches of an input file plus what is known about it before reading it all."""

    def __init__(
        self,
        batches: Iterator[_Batch],
        num_rows: int,
        date_bounds: tuple[int, int] | None,
        id_bounds: tuple[int, int] | None,
        id_is_int: bool,
        date_pass: Iterator[tuple[int, Any]] | None,
    ) -> None:
        self.batches = batches
        self.num_rows = num_rows
        self.date_bounds = date_bounds
        self.id_bounds = id_bounds
        self.id_is_int = id_is_int
        self.date_pass = date_pass  # re-readable (first_row, date column) stream, or None


def _check_columns(names: Sequence[str]) -> None:
    missing = [c for c in INPUT_COLUMNS if c not in names]
    if missing:
        raise MarksError(
            f"field {missing[0]}: missing column {missing[0]!r} "
            f"(MARKS needs columns {','.join(INPUT_COLUMNS)}; found {','.join(names)})"
        )


def _parquet_source(path: Path) -> _Source:
    import pyarrow as pa
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path)
    schema = meta.schema_arrow
    _check_columns(schema.names)
    strings = [
        c
        for c in INPUT_COLUMNS
        if pa.types.is_string(schema.field(c).type)
        or pa.types.is_large_string(schema.field(c).type)
    ]
    pf = pq.ParquetFile(path, read_dictionary=strings)
    md = pf.metadata
    cols = list(INPUT_COLUMNS)

    def bounds(name: str) -> tuple[int, int] | None:
        j = schema.get_field_index(name)
        lo: int | None = None
        hi: int | None = None
        ftype = schema.field(name).type
        if not (pa.types.is_integer(ftype) or pa.types.is_date32(ftype)):
            return None
        for g in range(md.num_row_groups):
            st = md.row_group(g).column(j).statistics
            if st is None or not st.has_min_max:
                return None
            a, b = st.min, st.max
            if isinstance(a, date):
                a, b = (a - EPOCH).days, (b - EPOCH).days
            lo = int(a) if lo is None else min(lo, int(a))
            hi = int(b) if hi is None else max(hi, int(b))
        return None if lo is None or hi is None else (lo, hi)

    def batches() -> Iterator[_Batch]:
        row = 0
        for g in range(pf.num_row_groups):
            t = pf.read_row_group(g, columns=cols)
            yield _Batch(row, t)
            row += t.num_rows

    def date_pass() -> Iterator[tuple[int, Any]]:
        row = 0
        for g in range(pf.num_row_groups):
            t = pf.read_row_group(g, columns=["date"])
            yield row, t.column("date")
            row += t.num_rows

    id_type = schema.field("pupil_id").type
    return _Source(
        batches(),
        md.num_rows,
        bounds("date"),
        bounds("pupil_id"),
        pa.types.is_integer(id_type),
        date_pass(),
    )


def _csv_source(path: Path) -> _Source:
    """CSV is read whole (every column as text, so ids keep leading zeros), then batched."""
    import pyarrow as pa
    import pyarrow.csv as pv

    try:
        with open(path, "rb") as fh:
            header = fh.readline().decode("utf-8-sig").strip().split(",")
    except OSError as exc:
        raise MarksError(f"cannot read {path}: {exc}") from exc
    names = [h.strip().strip('"') for h in header]
    _check_columns(names)
    try:
        table = pv.read_csv(
            path,
            read_options=pv.ReadOptions(use_threads=True),
            convert_options=pv.ConvertOptions(
                column_types={c: pa.string() for c in names},
                include_columns=list(INPUT_COLUMNS),
                strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise MarksError(f"cannot parse {path} as CSV: {exc}") from exc

    def batches() -> Iterator[_Batch]:
        for start in range(0, max(table.num_rows, 1), BATCH_ROWS):
            yield _Batch(start, table.slice(start, BATCH_ROWS))

    def date_pass() -> Iterator[tuple[int, Any]]:
        for b in batches():
            yield b.first_row, b.table.column("date")

    return _Source(batches(), table.num_rows, None, None, False, date_pass())


def _table_source(table: pa.Table) -> _Source:
    """An in-memory Arrow table (tests, callers that already hold the marks)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    _check_columns(table.column_names)
    table = table.select(list(INPUT_COLUMNS))
    id_type = table.schema.field("pupil_id").type
    id_bounds = None
    if pa.types.is_integer(id_type) and table.num_rows and table.column("pupil_id").null_count == 0:
        mm = pc.min_max(table.column("pupil_id")).as_py()
        id_bounds = (int(mm["min"]), int(mm["max"]))

    def batches() -> Iterator[_Batch]:
        for start in range(0, max(table.num_rows, 1), BATCH_ROWS):
            yield _Batch(start, table.slice(start, BATCH_ROWS))

    def date_pass() -> Iterator[tuple[int, Any]]:
        for b in batches():
            yield b.first_row, b.table.column("date")

    return _Source(
        batches(), table.num_rows, None, id_bounds, pa.types.is_integer(id_type), date_pass()
    )


def _open(source: Path | str | pa.Table) -> _Source:
    if not isinstance(source, Path | str):
        return _table_source(source)
    path = Path(source)
    if not path.exists():
        raise MarksError(f"cannot read {path}: no such file")
    if path.suffix.lower() in (".parquet", ".pq"):
        return _parquet_source(path)
    if path.suffix.lower() in (".csv", ".txt"):
        return _csv_source(path)
    raise MarksError(f"{path}: MARKS must be .csv or .parquet")


# --------------------------------------------------------------------------------------------
# Column conversion, with errors naming the row and field
# --------------------------------------------------------------------------------------------


def _combine(col: Any) -> Any:
    """One contiguous array from a (possibly chunked) column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(col, pa.ChunkedArray):
        if col.num_chunks == 1:
            return col.chunk(0)
        if pa.types.is_dictionary(col.type):  # chunks may have different dictionaries
            col = pc.cast(col, col.type.value_type)
        return col.combine_chunks()
    return col


def _first_null(arr: Any) -> int:
    import pyarrow.compute as pc

    return int(pc.index(pc.is_null(arr), True).as_py())


def _blank_error(arr: Any, first_row: int, name: str) -> None:
    if arr.null_count:
        i = _first_null(arr)
        raise MarksError(f"row {first_row + i + 1}: field {name}: blank")


def _dictionary(arr: Any) -> tuple[list[Any], npt.NDArray[Any]]:
    """(dictionary values, indices) of a column, dictionary-encoding it if it is not already."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_dictionary(arr.type):
        arr = pc.dictionary_encode(arr)
    return arr.dictionary.to_pylist(), arr.indices.to_numpy(zero_copy_only=False)


def _parse_date(text: Any) -> int | None:
    """Days since 1970-01-01 of a strict YYYY-MM-DD string, else None."""
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text.strip()):
        return None
    try:
        return (date.fromisoformat(text.strip()) - EPOCH).days
    except ValueError:
        return None


def _date_days(col: Any, first_row: int) -> npt.NDArray[np.int32]:
    """A date column as int32 days since 1970-01-01; names the first bad or blank row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = _combine(col)
    if len(arr) == 0:
        return np.zeros(0, dtype=np.int32)
    _blank_error(arr, first_row, "date")
    t = arr.type
    if pa.types.is_dictionary(t):
        arr = pc.cast(arr, t.value_type)
        t = arr.type
    if pa.types.is_date32(t):
        return np.asarray(arr.view(pa.int32()).to_numpy(zero_copy_only=False), dtype=np.int32)
    if pa.types.is_date64(t) or pa.types.is_timestamp(t):
        return _date_days(pc.cast(arr, pa.date32()), first_row)
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        enc = pc.dictionary_encode(arr)
        texts = enc.dictionary.to_pylist()
        parsed = [_parse_date(s) for s in texts]
        bad = [k for k, v in enumerate(parsed) if v is None]
        idx = enc.indices.to_numpy(zero_copy_only=False)
        if bad:
            i = int(np.flatnonzero(np.isin(idx, bad))[0])
            raise MarksError(
                f"row {first_row + i + 1}: field date: {texts[idx[i]]!r} is not a date (YYYY-MM-DD)"
            )
        lut = np.array([v if v is not None else 0 for v in parsed], dtype=np.int32)
        days: npt.NDArray[np.int32] = lut[idx]
        return days
    raise MarksError(f"field date: column type {t} is not a date or YYYY-MM-DD text")


def _date_from_days(days: int) -> str:
    return (EPOCH + timedelta(days=int(days))).isoformat()


# --------------------------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------------------------


class _Grid:
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


def _date_axis(source: _Source, max_span: int) -> tuple[int, npt.NDArray[np.int32]]:
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
        days = _date_days(col, first_row)
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
        grid, day_of, date_min, int_lut, marks, timings = _fill(
            _open(source), tables.ids, max_calendar_span, max_id_range, exact=False
        )
    except _Collision:
        # A duplicate pupil/date/session: run again in input order to name its row.
        _fill(_open(source), tables.ids, max_calendar_span, max_id_range, exact=True)
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
    metrics = _finish(grid.grid, result, order, ids_arr, tables.codes, marks)
    offsets = np.flatnonzero(day_of >= 0)
    keep = seen[day_of[offsets]]
    metrics.dates = (offsets[keep] + date_min).astype(np.int32)
    timings["finish"] = time.perf_counter() - t
    metrics.timings = timings
    return metrics


class _Collision(Exception):
    """The buffered scatter met a cell already set (a duplicate somewhere in the input)."""


def _fill(
    marks_source: _Source,
    code_ids: dict[str, int],
    max_calendar_span: int,
    max_id_range: int,
    *,
    exact: bool,
) -> tuple[_Grid, npt.NDArray[np.int32], int, bool, int, dict[str, float]]:
    """Read every batch into a new grid: (grid, day LUT, first date, int ids?, marks, timings).

    ``exact=False`` (the fast path) packs rows into a buffer and places them block by block
    when it is full; ``exact=True`` writes each row in input order and stops at the first
    bad one, so a duplicate is reported at the row where it occurs.
    """
    t0 = time.perf_counter()
    date_min, day_of = _date_axis(marks_source, max_calendar_span)
    n_days = int(day_of.max()) + 1 if len(day_of) else 1
    id_bounds = marks_source.id_bounds
    if id_bounds is not None and id_bounds[1] - id_bounds[0] + 1 > max_id_range:
        id_bounds = None
    weekdays = max(1, min(n_days, math.ceil(n_days * 5 / 7) + 1))
    # Generous: rows of the grid that no pupil takes are never touched, so cost no memory.
    capacity = int(marks_source.num_rows / (2 * weekdays) * 2) + 1024
    int_lut = marks_source.id_is_int and id_bounds is not None
    grid = _Grid(capacity, 2 * n_days, id_bounds if int_lut else None)
    if not exact:
        # About 8-16 rows per pupil between flushes, so each grid line takes many writes.
        rows = min(max(BATCH_ROWS, 8 * capacity), MAX_BUFFER_ROWS, max(marks_source.num_rows, 1))
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
            _scatter_batch(batch, grid, code_ids, date_min, day_of, int_lut, exact, timings)
    if not exact:
        _flush(grid, timings)
    return grid, day_of, date_min, int_lut, marks, timings


def _flush(grid: _Grid, timings: dict[str, float]) -> None:
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
            raise _Collision
    timings["place"] += time.perf_counter() - t


def _scatter_batch(
    batch: _Batch,
    grid: _Grid,
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
    pid = _combine(t.column("pupil_id"))
    _blank_error(pid, first, "pupil_id")
    dates = _date_days(t.column("date"), first)
    sess_col = _combine(t.column("session"))
    code_col = _combine(t.column("code"))
    _blank_error(sess_col, first, "session")
    _blank_error(code_col, first, "code")
    sess_values, sess_idx = _dictionary(sess_col)
    code_values, code_idx = _dictionary(code_col)
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
        values, idx = _dictionary(pid)
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
        _flush(grid, timings)
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
        raise MarksError(f"{where}: field date: {_date_from_days(dates[row])} out of range")
    if status == K.DUPLICATE:
        pupil = pid[row].as_py()
        raise MarksError(
            f"{where}: fields pupil_id,date,session: pupil {pupil!r} already has "
            f"a mark for {_date_from_days(dates[row])} {sess_values[sess_idx[row]]}"
        )
    if not exact:
        grid.fill += n_rows


def _finish(
    grid: npt.NDArray[np.uint8],
    result: npt.NDArray[np.int32],
    order: npt.NDArray[np.int64],
    ids: pa.Array,
    codes: tuple[str, ...],
    marks: int,
) -> Metrics:
    """Turn the kernel's integer results into the summary columns, pupils ordered by id."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from onroll.rules import summarise_attendance

    res = result[order]
    marked = res[:, K.MARKED_SESSIONS]
    odd = np.flatnonzero(marked % 2)
    if len(odd):
        pupil = ids[int(order[odd[0]])].as_py()
        raise MarksError(
            f"pupil {pupil!r}: field session: {int(marked[odd[0]])} sessions, an odd number "
            "(summarise_attendance needs the AM and the PM session of every day)"
        )
    possible = res[:, K.POSSIBLE_SESSIONS].astype(np.int64)
    attended = res[:, K.ATTENDED_SESSIONS].astype(np.int64)
    authorised = res[:, K.AUTHORISED_ABSENCES].astype(np.int64)
    unauthorised = res[:, K.UNAUTHORISED_ABSENCES].astype(np.int64)
    valid = possible > 0
    safe = np.where(valid, possible, 1).astype(np.float64)
    rate = np.where(valid, attended / safe, 0.0)
    absences = authorised + unauthorised
    cols: dict[str, npt.NDArray[Any]] = {
        "possible_sessions": possible,
        "attended_sessions": attended,
        "authorised_absences": authorised,
        "unauthorised_absences": unauthorised,
        "attendance_rate": rate,
        # The rules compare in whole numbers (R-PA, R-SA), so does this.
        "persistent_absence": valid & (absences * 10 >= possible),
        "severe_absence": valid & (absences * 2 >= possible),
        "current_unauthorised_run_days": res[:, K.CURRENT_RUN].astype(np.int64),
        "longest_unauthorised_run_days": res[:, K.LONGEST_RUN].astype(np.int64),
        "sickness_sessions": res[:, K.SICKNESS_SESSIONS].astype(np.int64),
        "unauthorised_sessions_10_weeks": res[:, K.RECENT_UNAUTHORISED].astype(np.int64),
        "sickness_days": res[:, K.SICKNESS_DAYS].astype(np.int64),
    }
    # Irregular pupils: exactly the sequence summarise_attendance would be given.
    for pos in np.flatnonzero(res[:, K.IRREGULAR]):
        row = grid[int(order[pos])]
        sequence = [codes[c] for c in row.tolist() if c != MISSING]
        summary = summarise_attendance(sequence)
        for name in summary_fields():
            value = getattr(summary, name)
            if name == "attendance_rate":
                valid[pos] = value is not None
                cols[name][pos] = 0.0 if value is None else value
            else:
                cols[name][pos] = value
    missing = [f for f in summary_fields() if f not in cols]
    if missing:  # pragma: no cover - guards drift between the rules and this engine
        raise RuntimeError(f"AttendanceSummary fields the engine does not compute: {missing}")
    taken = pc.take(ids, pa.array(order))
    return Metrics(taken, cols, valid, marks, np.zeros(0, dtype=np.int32))
