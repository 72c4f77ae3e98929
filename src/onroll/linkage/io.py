"""Read and validate the CSV files ``onroll link`` takes, and write its outputs atomically.

Every problem is reported as an :class:`InputError` naming the file, the line and the field, so
the command line can print it and exit 2 before anything is written.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

#: The columns ``onroll link`` understands. ``id`` is required; every other column is optional
#: and read as text (cleaning decides what is usable).
REQUIRED_COLUMNS = ("id",)
NAME_COLUMNS = ("forename", "surname", "dob")
OPTIONAL_COLUMNS = ("sex", "postcode", "address", "upn")
INPUT_COLUMNS = REQUIRED_COLUMNS + NAME_COLUMNS + OPTIONAL_COLUMNS

#: An id longer than this is almost certainly a wrong column or a broken file.
MAX_ID_LENGTH = 200


class InputError(ValueError):
    """A file that cannot be linked, with a message naming the file, row and field."""


@dataclass(frozen=True)
class RawTable:
    """One input file: the known columns as text (None for blank), in file order."""

    path: str
    columns: dict[str, list[str | None]]

    @property
    def n_rows(self) -> int:
        return len(self.columns["id"])

    def to_arrow(self) -> pa.Table:
        return pa.table(
            {name: pa.array(values, pa.string()) for name, values in self.columns.items()}
        )


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Exports from older MIS and spreadsheets are often Windows-1252; latin-1 never fails.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def read_input(path: str | os.PathLike[str], label: str = "input") -> RawTable:
    """Read one ``onroll link`` input file, or raise :class:`InputError`.

    Checks: the file is readable CSV with a header, it has an ``id`` column, every row has an id,
    no id appears twice, and no row has more cells than the header. Column names are matched
    case-insensitively after trimming; unknown columns are ignored.
    """
    p = Path(path)
    try:
        text = _decode(p)
    except OSError as exc:
        raise InputError(f"{label} file {p}: cannot be read ({exc.strerror or exc})") from exc
    if "\x00" in text:
        raise InputError(f"{label} file {p}: is not a text CSV file (contains NUL bytes)")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{label} file {p}: is empty (no header row)") from None
    except csv.Error as exc:
        raise InputError(f"{label} file {p}, line 1: not valid CSV ({exc})") from exc
    names = [h.strip().lower() for h in header]
    if "id" not in names:
        raise InputError(
            f"{label} file {p}, line 1: no 'id' column in the header "
            f"(found: {', '.join(h for h in header if h) or 'nothing'})"
        )
    seen_names: set[str] = set()
    for name in names:
        if name in INPUT_COLUMNS and name in seen_names:
            raise InputError(f"{label} file {p}, line 1: column '{name}' appears twice")
        seen_names.add(name)
    index = {name: names.index(name) for name in INPUT_COLUMNS if name in names}
    columns: dict[str, list[str | None]] = {name: [] for name in index}
    first_line: dict[str, int] = {}
    width = len(header)
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue  # blank line
            if len(row) > width:
                raise InputError(
                    f"{label} file {p}, line {line}: {len(row)} cells but the header has {width}"
                )
            for name, i in index.items():
                cell = row[i].strip() if i < len(row) else ""
                columns[name].append(cell or None)
            rid = columns["id"][-1]
            if rid is None:
                raise InputError(f"{label} file {p}, line {line}, field 'id': the id is blank")
            if len(rid) > MAX_ID_LENGTH:
                raise InputError(
                    f"{label} file {p}, line {line}, field 'id': longer than {MAX_ID_LENGTH} "
                    "characters"
                )
            if rid in first_line:
                raise InputError(
                    f"{label} file {p}, line {line}, field 'id': id '{rid}' duplicates line "
                    f"{first_line[rid]}"
                )
            first_line[rid] = line
    except csv.Error as exc:
        raise InputError(
            f"{label} file {p}, line {reader.line_num}: not valid CSV ({exc})"
        ) from exc
    for name in INPUT_COLUMNS:
        columns.setdefault(name, [None] * len(columns["id"]))
    return RawTable(str(p), {name: columns[name] for name in INPUT_COLUMNS})


def write_csv_atomic(
    path: str | os.PathLike[str], header: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Write a CSV next to ``path`` and rename it into place, so a failure leaves nothing."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
