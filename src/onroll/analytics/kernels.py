"""Compiled (Numba) kernels: scatter long-form marks into the grid, then summarise each row.

The grid is a dense ``pupils x (2 x days)`` array of code ids (uint8), column ``2*d`` the AM
and ``2*d + 1`` the PM session of the d-th distinct date in the data, oldest first; 0 means
no mark. Filling it is a scatter — each input row is written straight to its cell — so the
unsorted input never has to be sorted. Summarising is one pass over each row.

Kernels are compiled on first use and cached on disk (``cache=True``); they release the GIL so
that reading the next row group (pyarrow, in another thread) overlaps the scatter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numba
import numpy as np
import numpy.typing as npt

from onroll.analytics.codes import (
    ATTENDED,
    AUTHORISED,
    EMPTY,
    POSSIBLE,
    RUN_CODE,
    SICKNESS,
    UNAUTHORISED,
)

U8 = npt.NDArray[np.uint8]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

# Status codes returned by the scatter kernel, with the offending row.
OK = 0
GROW = 1  # the grid needs more pupil rows; grow it and call again from the returned row
BAD_SESSION = 2
BAD_CODE = 3
DUPLICATE = 4
BAD_DATE = 5

# Columns of the per-pupil result array.
POSSIBLE_SESSIONS = 0
ATTENDED_SESSIONS = 1
AUTHORISED_ABSENCES = 2
UNAUTHORISED_ABSENCES = 3
CURRENT_RUN = 4
LONGEST_RUN = 5
SICKNESS_SESSIONS = 6
MARKED_SESSIONS = 7  # sessions with any mark, possible or not (odd ⇒ summarise_attendance raises)
IRREGULAR = 8  # 1 when some date holds exactly one of AM/PM: positional pairing differs
RECENT_UNAUTHORISED = 9  # unauthorised sessions on or after the window's first day
SICKNESS_DAYS = 10  # dates with at least one I session
RESULT_COLUMNS = 11

_jit = cast(Callable[..., Any], numba.njit)


def _scatter(
    keys: Any,
    key_min: int,
    lut: I32,
    ids: I64,
    n_pupils: int,
    dates: Any,
    date_min: int,
    day_of: I32,
    sessions: Any,
    session_map: U8,
    codes: Any,
    code_map: U8,
    grid: U8,
    start: int,
) -> tuple[int, int, int]:
    """Write rows ``start..`` of one batch into ``grid``; stop at the first bad row.

    ``lut[key - key_min]`` is the pupil's grid row, or -1 for a pupil not yet seen (then the
    next free row is taken and ``ids[row] = key``). ``sessions`` and ``codes`` are dictionary
    indices, mapped through ``session_map`` (0 AM, 1 PM, 255 bad) and ``code_map`` (code id,
    0 unknown). Returns ``(status, row, n_pupils)``.
    """
    n = keys.shape[0]
    rows = grid.shape[0]
    for i in range(start, n):
        key = keys[i]
        off = key - key_min
        k = lut[off]
        if k < 0:
            if n_pupils >= rows:
                return GROW, i, n_pupils
            k = n_pupils
            lut[off] = k
            ids[k] = key
            n_pupils += 1
        s = session_map[sessions[i]]
        if s > 1:
            return BAD_SESSION, i, n_pupils
        c = code_map[codes[i]]
        if c == 0:
            return BAD_CODE, i, n_pupils
        doff = dates[i] - date_min
        if doff < 0 or doff >= day_of.shape[0] or day_of[doff] < 0:
            return BAD_DATE, i, n_pupils
        col = 2 * day_of[doff] + s
        if grid[k, col] != 0:
            return DUPLICATE, i, n_pupils
        grid[k, col] = c
    return OK, n, n_pupils


def _encode(
    keys: Any,
    key_min: int,
    dates: Any,
    date_min: int,
    day_of: I32,
    sessions: Any,
    session_map: U8,
    codes: Any,
    code_map: U8,
    packed: I64,
    seen_days: U8,
) -> tuple[int, int]:
    """Validate a batch in input order and pack each row to ``key << 24 | column << 8 | code``.

    ``key`` is the pupil's id offset (``id - key_min``, mapped to a grid row later, at
    :func:`assign`) or, on the dictionary path, already the grid row. Also sets
    ``seen_days[day] = 1`` for every day that holds a mark. Returns ``(status, row)``: the
    first bad row, in input order, or ``(OK, n)``.
    """
    n = keys.shape[0]
    for i in range(n):
        s = session_map[sessions[i]]
        if s > 1:
            return BAD_SESSION, i
        c = code_map[codes[i]]
        if c == 0:
            return BAD_CODE, i
        doff = dates[i] - date_min
        if doff < 0 or doff >= day_of.shape[0] or day_of[doff] < 0:
            return BAD_DATE, i
        day = day_of[doff]
        seen_days[day] = 1
        packed[i] = (np.int64(keys[i] - key_min) << 24) | (np.int64(2 * day + s) << 8) | c
    return OK, n


def _encode_rows(
    keys: Any,
    key_min: int,
    lut: I32,
    ids: I64,
    n_pupils: int,
    capacity: int,
    dates: Any,
    date_min: int,
    day_of: I32,
    sessions: Any,
    session_map: U8,
    codes: Any,
    code_map: U8,
    packed: I64,
    seen_days: U8,
    start: int,
) -> tuple[int, int, int]:
    """Like :func:`encode`, but looks each pupil's grid row up at once (small id tables).

    ``packed[i] = grid_row << 24 | column << 8 | code_id``. Pupils not yet seen take the next
    free grid row (``ids[row] = key``); when the grid is full it returns ``GROW`` and the row
    to resume from. Returns ``(status, row, n_pupils)``. Used while the id table fits in
    cache; larger tables are looked up at :func:`assign`, after grouping rows by id block.
    """
    n = keys.shape[0]
    for i in range(start, n):
        key = keys[i]
        off = key - key_min
        k = lut[off]
        if k < 0:
            if n_pupils >= capacity:
                return GROW, i, n_pupils
            k = n_pupils
            lut[off] = k
            ids[k] = key
            n_pupils += 1
        s = session_map[sessions[i]]
        if s > 1:
            return BAD_SESSION, i, n_pupils
        c = code_map[codes[i]]
        if c == 0:
            return BAD_CODE, i, n_pupils
        doff = dates[i] - date_min
        if doff < 0 or doff >= day_of.shape[0] or day_of[doff] < 0:
            return BAD_DATE, i, n_pupils
        day = day_of[doff]
        seen_days[day] = 1
        packed[i] = (np.int64(k) << 24) | (np.int64(2 * day + s) << 8) | c
    return OK, n, n_pupils


def _sort_by(src: I64, dst: I64, shift: int, buckets: int) -> None:
    """Stable counting sort of packed rows by ``(v >> 24) >> shift`` from ``src`` to ``dst``.

    Grouping by blocks of keys (or grid rows) makes the next step's lookups (or writes) land
    in a cache-sized region at a time instead of anywhere in tens of megabytes.
    """
    n_rows = src.shape[0]
    starts = np.zeros(buckets + 1, dtype=np.int64)
    for i in range(n_rows):
        starts[((src[i] >> 24) >> shift) + 1] += 1
    for b in range(buckets):
        starts[b + 1] += starts[b]
    for i in range(n_rows):
        v = src[i]
        b = (v >> 24) >> shift
        dst[starts[b]] = v
        starts[b] += 1


def _assign(
    part: I64, key_min: int, lut: I32, ids: I64, n_pupils: int, capacity: int, start: int
) -> tuple[int, int, int]:
    """Replace each packed id offset by the pupil's grid row, giving new pupils the next rows.

    ``lut[offset]`` is the grid row or -1; ``ids[row]`` records the id. When the grid is full
    it returns ``(GROW, position, n_pupils)`` to be called again from ``position``.
    """
    for j in range(start, part.shape[0]):
        v = part[j]
        off = v >> 24
        k = lut[off]
        if k < 0:
            if n_pupils >= capacity:
                return GROW, j, n_pupils
            k = n_pupils
            lut[off] = k
            ids[k] = off + key_min
            n_pupils += 1
        part[j] = (np.int64(k) << 24) | (v & 0xFFFFFF)
    return OK, part.shape[0], n_pupils


def _write(part: I64, grid: U8) -> int:
    """Write packed ``row << 24 | column << 8 | code`` cells; return how many were already set.

    A cell already set is a duplicate pupil/date/session: it is counted, not written, and the
    caller then finds the offending row with the sequential :func:`scatter`.
    """
    collisions = 0
    for j in range(part.shape[0]):
        v = part[j]
        k = v >> 24
        col = (v >> 8) & 0xFFFF
        if grid[k, col] != 0:
            collisions += 1
        else:
            grid[k, col] = v & 0xFF
    return collisions


def _summarise(grid: U8, n_pupils: int, flags: U8, window_start: int, out: I32) -> None:
    """Per-pupil counts and runs of ``grid[:n_pupils]`` into ``out`` (one row per pupil).

    Day by day, oldest first: a day is *absent* when it has a possible session and every
    possible session is G/N/O, *neutral* when neither session is possible (an empty cell
    counts as not possible), otherwise *breaking*. The run grows on absent days, is untouched
    by neutral days and resets on breaking days, so at the end it is the current run.
    """
    days = grid.shape[1] // 2
    for p in numba.prange(n_pupils):
        possible = 0
        attended = 0
        authorised = 0
        unauthorised = 0
        sick = 0
        marked = 0
        irregular = 0
        recent = 0
        sick_days = 0
        run = 0
        longest = 0
        for d in range(days):
            fa = flags[grid[p, 2 * d]]
            fp = flags[grid[p, 2 * d + 1]]
            if (fa & fp) & EMPTY:
                continue  # no mark that date: exactly like a neutral day
            if (fa ^ fp) & EMPTY:
                irregular = 1
                marked += 1
            else:
                marked += 2
            possible += (fa & POSSIBLE) + (fp & POSSIBLE)
            attended += ((fa & ATTENDED) + (fp & ATTENDED)) >> 1
            authorised += ((fa & AUTHORISED) + (fp & AUTHORISED)) >> 2
            un = ((fa & UNAUTHORISED) + (fp & UNAUTHORISED)) >> 3
            unauthorised += un
            if d >= window_start:
                recent += un
            sk = ((fa & SICKNESS) + (fp & SICKNESS)) >> 5
            sick += sk
            if sk:
                sick_days += 1
            if (fa | fp) & POSSIBLE:
                a_ok = (fa & POSSIBLE) == 0 or (fa & RUN_CODE) != 0
                p_ok = (fp & POSSIBLE) == 0 or (fp & RUN_CODE) != 0
                if a_ok and p_ok:
                    run += 1
                    if run > longest:
                        longest = run
                else:
                    run = 0
        out[p, POSSIBLE_SESSIONS] = possible
        out[p, ATTENDED_SESSIONS] = attended
        out[p, AUTHORISED_ABSENCES] = authorised
        out[p, UNAUTHORISED_ABSENCES] = unauthorised
        out[p, CURRENT_RUN] = run
        out[p, LONGEST_RUN] = longest
        out[p, SICKNESS_SESSIONS] = sick
        out[p, MARKED_SESSIONS] = marked
        out[p, IRREGULAR] = irregular
        out[p, RECENT_UNAUTHORISED] = recent
        out[p, SICKNESS_DAYS] = sick_days


scatter = cast(
    Callable[..., tuple[int, int, int]], _jit(cache=True, nogil=True, boundscheck=False)(_scatter)
)
summarise = cast(
    Callable[[U8, int, U8, int, I32], None],
    _jit(cache=True, nogil=True, parallel=True)(_summarise),
)
_fast = _jit(cache=True, nogil=True, boundscheck=False)
encode = cast(Callable[..., tuple[int, int]], _fast(_encode))
encode_rows = cast(Callable[..., tuple[int, int, int]], _fast(_encode_rows))
sort_by = cast(Callable[[I64, I64, int, int], None], _fast(_sort_by))
assign = cast(Callable[[I64, int, I32, I64, int, int, int], tuple[int, int, int]], _fast(_assign))
write = cast(Callable[[I64, U8], int], _fast(_write))
