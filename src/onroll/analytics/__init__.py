"""onroll.analytics — pure engine (no Django): attendance measures over millions of marks.

:func:`compute` reads long-form marks (``pupil_id,date,session,code``, CSV or Parquet, rows in
any order) and returns, for every pupil, exactly what :func:`onroll.rules.summarise_attendance`
gives for that pupil's sessions in date order, plus the rolling 10-school-week unauthorised
session count and the sickness-day total. The command line is ``onroll attendance-metrics``.
"""

from onroll.analytics.engine import compute
from onroll.analytics.measures import EXTRA_COLUMNS, Metrics, output_columns
from onroll.analytics.sources import INPUT_COLUMNS, MarksError

#: Alias used by the benchmark: Parquet/CSV path in, :class:`Metrics` out.
metrics_from_file = compute

__all__ = [
    "EXTRA_COLUMNS",
    "INPUT_COLUMNS",
    "MarksError",
    "Metrics",
    "compute",
    "metrics_from_file",
    "output_columns",
]
