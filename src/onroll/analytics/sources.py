"""Reading MARKS: Parquet row groups, CSV or an in-memory Arrow table, as batches of the four
input columns, with what is known about the file before it is read whole (row count, date and
id bounds from Parquet statistics) and a second pass over the date column.

Parquet string columns are read dictionary-encoded, so codes are never materialised as strings.
CSV is read with every column as text, so ids keep their leading zeros.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

#: Input columns, in the order the contract names them.
INPUT_COLUMNS = ("pupil_id", "date", "session", "code")
#: Rows per batch when the input is not already in row groups (CSV, tests).
BATCH_ROWS = 1 << 20

EPOCH = date(1970, 1, 1)


class MarksError(ValueError):
    """Bad input: the message names the 1-based data row (or the pupil) and the field."""


@dataclass
class Batch:
    first_row: int  # 0-based data row of the batch's first row in the input
    table: pa.Table  # the four input columns


class Source:
    """Batches of an input file plus what is known about it before reading it all."""

    def __init__(
        self,
        batches: Iterator[Batch],
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


def _parquet_source(path: Path) -> Source:
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

    def batches() -> Iterator[Batch]:
        row = 0
        for g in range(pf.num_row_groups):
            t = pf.read_row_group(g, columns=cols)
            yield Batch(row, t)
            row += t.num_rows

    def date_pass() -> Iterator[tuple[int, Any]]:
        row = 0
        for g in range(pf.num_row_groups):
            t = pf.read_row_group(g, columns=["date"])
            yield row, t.column("date")
            row += t.num_rows

    id_type = schema.field("pupil_id").type
    return Source(
        batches(),
        md.num_rows,
        bounds("date"),
        bounds("pupil_id"),
        pa.types.is_integer(id_type),
        date_pass(),
    )


def _csv_source(path: Path) -> Source:
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

    return Source(_slices(table), table.num_rows, None, None, False, _date_slices(table))


def _table_source(table: pa.Table) -> Source:
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

    return Source(
        _slices(table),
        table.num_rows,
        None,
        id_bounds,
        pa.types.is_integer(id_type),
        _date_slices(table),
    )


def _slices(table: pa.Table) -> Iterator[Batch]:
    """A table held in memory as batches of BATCH_ROWS rows (one empty batch when empty)."""
    for start in range(0, max(table.num_rows, 1), BATCH_ROWS):
        yield Batch(start, table.slice(start, BATCH_ROWS))


def _date_slices(table: pa.Table) -> Iterator[tuple[int, Any]]:
    """The date column of the same batches, for the pass that finds the dates."""
    for b in _slices(table):
        yield b.first_row, b.table.column("date")


def open_marks(source: Path | str | pa.Table) -> Source:
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
