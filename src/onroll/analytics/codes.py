"""Code tables for the vectorised engine, derived from ``onroll.rules.ATTENDANCE_CODES``.

The engine works on one byte per session: code id 0 means *no mark in the data* (a cell of the
pupil x session grid the input did not fill) and ids 1..K are the register codes in sorted
order. Every per-code fact the kernels use — possible, attended, authorised, unauthorised,
run-extending (G/N/O), sickness (I) — is read from the rules engine here, once, so the
engine cannot drift from :func:`onroll.rules.summarise_attendance`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

import numpy as np
import numpy.typing as npt

#: Code id of an empty cell (no mark for that pupil, date and session in the input).
MISSING = 0

# Bits of the per-code flag table.
POSSIBLE = 1
ATTENDED = 2
AUTHORISED = 4
UNAUTHORISED = 8
RUN_CODE = 16  # G, N or O: a day whose every possible session is one of these is absent
SICKNESS = 32
EMPTY = 64  # code id 0


@dataclass(frozen=True)
class CodeTables:
    """The register codes as dense ids and the per-id facts the kernels need."""

    codes: tuple[str, ...]  # index = code id; codes[0] == "" (MISSING)
    ids: dict[str, int]
    flags: npt.NDArray[np.uint8]  # flag bits per code id


@lru_cache(maxsize=1)
def code_tables() -> CodeTables:
    """Build the tables from the rules engine's ``ATTENDANCE_CODES`` (cached)."""
    from onroll.rules.attendance import ATTENDANCE_CODES as codes_map
    from onroll.rules.attendance import SICKNESS_CODE as sickness_code
    from onroll.rules.attendance import UNAUTHORISED_RUN_CODES as run_codes

    codes = ("", *sorted(codes_map))
    flags = np.zeros(len(codes), dtype=np.uint8)
    flags[MISSING] = EMPTY
    for i, code in enumerate(codes[1:], start=1):
        category = str(codes_map[code].category)
        bits = 0
        if category != "not_possible":
            bits |= POSSIBLE
        if category in ("present", "approved_activity"):
            bits |= ATTENDED
        elif category == "authorised_absence":
            bits |= AUTHORISED
        elif category == "unauthorised_absence":
            bits |= UNAUTHORISED
        elif category != "not_possible":
            raise ValueError(f"attendance code {code!r} has unknown category {category!r}")
        if code in run_codes:
            bits |= RUN_CODE
        if code == sickness_code:
            bits |= SICKNESS
        flags[i] = bits
    if len(codes) > 255:
        raise ValueError("more than 255 attendance codes do not fit in one byte")
    return CodeTables(codes=codes, ids={c: i for i, c in enumerate(codes)}, flags=flags)


@lru_cache(maxsize=1)
def summary_fields() -> tuple[str, ...]:
    """The ``AttendanceSummary`` field names, in order: the contract's output columns."""
    from onroll.rules import AttendanceSummary

    return tuple(f.name for f in fields(AttendanceSummary))
