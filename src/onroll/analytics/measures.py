"""The per-pupil measures: the output columns, :class:`Metrics`, and the turn of the grid
kernel's integer results into exactly what ``summarise_attendance`` gives for each pupil.

Pairing. ``summarise_attendance`` pairs sessions by position (AM, PM, AM, PM, ...). For a pupil
whose every date holds both sessions that is pairing by date, which the grid kernel does. A
pupil with an odd number of sessions makes ``summarise_attendance`` raise, so this raises
:class:`MarksError` naming the pupil. A pupil with an even number of sessions but some date
holding only one (an *irregular* pupil) is summarised by calling ``summarise_attendance`` on
exactly the date-ordered sequence it would see; such pupils are rare, so the exact per-pupil
path costs nothing measurable. The extra measures (``unauthorised_sessions_10_weeks``,
``sickness_days``) are by date for every pupil.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from onroll.analytics import kernels as K
from onroll.analytics.codes import MISSING, summary_fields
from onroll.analytics.sources import MarksError
from onroll.rules.alerts import PENALTY_NOTICE_SCHOOL_DAYS

if TYPE_CHECKING:
    import pyarrow as pa

#: School days in the rolling window of the penalty-notice measure (10 school weeks, R-PN).
WINDOW_DAYS = PENALTY_NOTICE_SCHOOL_DAYS
#: Extra output columns, after ``pupil_id`` and the ``AttendanceSummary`` fields.
EXTRA_COLUMNS = ("unauthorised_sessions_10_weeks", "sickness_days")


def output_columns() -> tuple[str, ...]:
    """The output columns: ``pupil_id``, every ``AttendanceSummary`` field, the extras."""
    return ("pupil_id", *summary_fields(), *EXTRA_COLUMNS)


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


def finish(
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
