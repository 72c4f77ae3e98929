"""Column conversion for one batch of marks, with errors naming the 1-based data row and the
field: one contiguous array from a chunked column, blanks, dictionary encoding, and dates as
days since 1970-01-01 (strict YYYY-MM-DD text, or Arrow dates and timestamps).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from onroll.analytics.sources import EPOCH, MarksError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def combine(col: Any) -> Any:
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


def blank_error(arr: Any, first_row: int, name: str) -> None:
    if arr.null_count:
        i = _first_null(arr)
        raise MarksError(f"row {first_row + i + 1}: field {name}: blank")


def dictionary(arr: Any) -> tuple[list[Any], npt.NDArray[Any]]:
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


def date_days(col: Any, first_row: int) -> npt.NDArray[np.int32]:
    """A date column as int32 days since 1970-01-01; names the first bad or blank row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = combine(col)
    if len(arr) == 0:
        return np.zeros(0, dtype=np.int32)
    blank_error(arr, first_row, "date")
    t = arr.type
    if pa.types.is_dictionary(t):
        arr = pc.cast(arr, t.value_type)
        t = arr.type
    if pa.types.is_date32(t):
        return np.asarray(arr.view(pa.int32()).to_numpy(zero_copy_only=False), dtype=np.int32)
    if pa.types.is_date64(t) or pa.types.is_timestamp(t):
        return date_days(pc.cast(arr, pa.date32()), first_row)
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


def date_from_days(days: int) -> str:
    return (EPOCH + timedelta(days=int(days))).isoformat()
