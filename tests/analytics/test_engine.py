"""The vectorised engine equals ``rules.summarise_attendance`` pupil by pupil.

Random histories (seeded and hypothesis) are written as unsorted long-form marks, run through
:func:`onroll.analytics.compute` and compared field by field with the rules engine applied to
each pupil's sessions in date order.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import asdict, fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onroll.analytics import EXTRA_COLUMNS, MarksError, compute, output_columns
from onroll.rules import ATTENDANCE_CODES, AttendanceSummary, summarise_attendance
from onroll.rules.alerts import PENALTY_NOTICE_SCHOOL_DAYS

CODES = sorted(ATTENDANCE_CODES)
RUN = ["G", "N", "O"]
NEUTRAL = ["D", "X", "#", "Q", "Y1", "Y4", "Y7", "Z"]
PRESENT = ["/", "\\", "L"]
START = date(2024, 9, 2)
Mark = tuple[Any, date, str, str]


def school_dates(n: int, start: date = START) -> list[date]:
    out: list[date] = []
    d = start
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def random_code(rng: random.Random, mood: float) -> str:
    """A code drawn so that runs, neutral days and every category occur often."""
    r = rng.random()
    if r < mood:
        return rng.choice(RUN)
    if r < mood + 0.1:
        return rng.choice(NEUTRAL)
    if r < mood + 0.2:
        return rng.choice(CODES)
    return rng.choice(PRESENT)


def random_history(rng: random.Random, dates: list[date]) -> list[tuple[date, str, str]]:
    """One pupil: a random sub-range of the dates, both sessions each day."""
    a = rng.randrange(len(dates))
    b = rng.randrange(a, len(dates))
    mood = rng.choice([0.0, 0.05, 0.3, 0.7, 0.95])
    out = []
    for d in dates[a : b + 1]:
        if rng.random() < 0.03:  # a whole neutral day
            code = rng.choice(NEUTRAL)
            out += [(d, "AM", code), (d, "PM", rng.choice(NEUTRAL))]
        else:
            out += [(d, "AM", random_code(rng, mood)), (d, "PM", random_code(rng, mood))]
    return out


def expected(marks: list[Mark]) -> dict[Any, dict[str, Any]]:
    """summarise_attendance per pupil on the sessions in date order (AM before PM)."""
    by_pupil: dict[Any, list[tuple[date, int, str]]] = defaultdict(list)
    for pupil, d, session, code in marks:
        by_pupil[pupil].append((d, 0 if session == "AM" else 1, code))
    return {
        p: asdict(summarise_attendance([c for _, _, c in sorted(rows)]))
        for p, rows in by_pupil.items()
    }


def extras(marks: list[Mark]) -> dict[Any, dict[str, int]]:
    """The extra columns by their definitions: last 50 dates in the data; days with an I."""
    dates = sorted({d for _, d, _, _ in marks})
    window = set(dates[-PENALTY_NOTICE_SCHOOL_DAYS:])
    out: dict[Any, dict[str, int]] = defaultdict(
        lambda: {"unauthorised_sessions_10_weeks": 0, "sickness_days": 0}
    )
    sick: dict[Any, set[date]] = defaultdict(set)
    for pupil, d, _, code in marks:
        out[pupil]
        if d in window and ATTENDANCE_CODES[code].category == "unauthorised_absence":
            out[pupil]["unauthorised_sessions_10_weeks"] += 1
        if code == "I":
            sick[pupil].add(d)
    for pupil, days in sick.items():
        out[pupil]["sickness_days"] = len(days)
    return out


def to_table(marks: list[Mark], *, date_as_text: bool = False) -> pa.Table:
    return pa.table(
        {
            "pupil_id": [m[0] for m in marks],
            "date": [m[1].isoformat() if date_as_text else m[1] for m in marks],
            "session": [m[2] for m in marks],
            "code": [m[3] for m in marks],
        }
    )


def check(marks: list[Mark], source: Any = None, **kwargs: Any) -> None:
    result = compute(to_table(marks) if source is None else source, **kwargs)
    rows = result.to_arrow().to_pylist()
    want = expected(marks)
    more = extras(marks)
    assert [r["pupil_id"] for r in rows] == sorted(want)
    for row in rows:
        pupil = row.pop("pupil_id")
        assert {k: row[k] for k in EXTRA_COLUMNS} == more[pupil], pupil
        assert {k: v for k, v in row.items() if k not in EXTRA_COLUMNS} == want[pupil], pupil
    assert result.marks == len(marks)


def random_marks(seed: int, pupils: int, days: int, ids: str = "int") -> list[Mark]:
    rng = random.Random(seed)
    dates = school_dates(days)
    marks: list[Mark] = []
    for p in range(pupils):
        pid: Any = {"int": 1000 + 7 * p, "wide": rng.randrange(10**15), "str": f"A{p:05d}"}[ids]
        marks += [(pid, d, s, c) for d, s, c in random_history(rng, dates)]
    rng.shuffle(marks)
    return marks


def test_output_columns_follow_the_rules_dataclass() -> None:
    assert output_columns() == (
        "pupil_id",
        *(f.name for f in fields(AttendanceSummary)),
        *EXTRA_COLUMNS,
    )


@pytest.mark.parametrize("seed", range(6))
def test_equals_summarise_attendance_on_random_histories(seed: int) -> None:
    """Thousands of pupils over the seeds, with different date ranges, shuffled rows."""
    check(random_marks(seed, pupils=350, days=100, ids=["int", "wide", "str"][seed % 3]))


def test_equals_rules_when_dates_are_compacted_and_ids_hashed() -> None:
    """The other code paths: dates compacted by a pass over the file, ids by dictionary."""
    marks = random_marks(99, pupils=300, days=90)
    check(marks, max_calendar_span=1, max_id_range=1)


def test_equals_rules_from_parquet_and_csv(tmp_path: Path) -> None:
    marks = random_marks(7, pupils=300, days=80, ids="str")
    pq.write_table(to_table(marks), tmp_path / "m.parquet", row_group_size=5000)
    check(marks, tmp_path / "m.parquet")
    pq.write_table(to_table(marks, date_as_text=True), tmp_path / "t.parquet")
    check(marks, tmp_path / "t.parquet")
    pacsv.write_csv(to_table(marks, date_as_text=True), tmp_path / "m.csv")
    check(marks, tmp_path / "m.csv")


@pytest.mark.parametrize("late_lookup", [False, True])
def test_many_batches_and_grid_growth(monkeypatch: pytest.MonkeyPatch, late_lookup: bool) -> None:
    """Small batches and buffers: the grid grows mid-batch; both ways of looking ids up."""
    from onroll.analytics import grid, sources

    monkeypatch.setattr(sources, "BATCH_ROWS", 997)
    monkeypatch.setattr(grid, "MAX_BUFFER_ROWS", 3001)
    monkeypatch.setattr(grid, "LATE_LOOKUP_BYTES", 0 if late_lookup else 1 << 40)
    monkeypatch.setattr(grid.Grid, "__init__", _small_grid(grid.Grid.__init__))
    check(random_marks(3, pupils=2500, days=30))


def _small_grid(init: Any) -> Any:
    """Start the grid at 1,024 rows whatever the estimate, so it must grow."""

    def small(self: Any, capacity: int, columns: int, id_bounds: Any) -> None:
        init(self, 1, columns, id_bounds)

    return small


def test_irregular_pupil_is_paired_by_position_like_the_rules() -> None:
    """A date with only one session (even total): summarise_attendance pairs by position."""
    d = school_dates(3)
    marks: list[Mark] = [
        (1, d[0], "AM", "N"),  # day 0: AM only
        (1, d[1], "AM", "O"),
        (1, d[1], "PM", "/"),
        (1, d[2], "PM", "G"),  # day 2: PM only
        (2, d[0], "AM", "/"),
        (2, d[0], "PM", "\\"),
    ]
    check(marks)
    rows = compute(to_table(marks)).to_arrow().to_pylist()
    # Position pairs (N, O) and (/, G): one absent day, then a breaking day.
    assert rows[0]["longest_unauthorised_run_days"] == 1
    assert rows[0]["current_unauthorised_run_days"] == 0


def test_odd_number_of_sessions_names_the_pupil() -> None:
    d = school_dates(2)
    marks: list[Mark] = [("P1", d[0], "AM", "/"), ("P1", d[0], "PM", "/"), ("P2", d[1], "AM", "N")]
    with pytest.raises(MarksError, match=r"pupil 'P2'.*field session.*1 sessions, an odd"):
        compute(to_table(marks))


@pytest.mark.parametrize(
    ("row", "field", "value", "message"),
    [
        (3, "code", "ZZ", r"row 3: field code: unknown attendance code 'ZZ'"),
        (2, "code", "o", r"row 2: field code: unknown attendance code 'o'"),
        (4, "session", "XM", r"row 4: field session: 'XM' is not AM or PM"),
        (2, "date", "2024-02-30", r"row 2: field date: '2024-02-30' is not a date"),
        (3, "date", "2024-9-3", r"row 3: field date: '2024-9-3' is not a date"),
        (1, "pupil_id", "", r"row 1: field pupil_id: blank"),
    ],
)
def test_bad_values_name_row_and_field(row: int, field: str, value: str, message: str) -> None:
    d = school_dates(2)
    marks = [
        ("A", d[0].isoformat(), "AM", "/"),
        ("A", d[0].isoformat(), "PM", "/"),
        ("A", d[1].isoformat(), "AM", "/"),
        ("A", d[1].isoformat(), "PM", "/"),
    ]
    cols = {"pupil_id": 0, "date": 1, "session": 2, "code": 3}
    bad = [list(m) for m in marks]
    bad[row - 1][cols[field]] = value
    table = pa.table({name: [m[i] for m in bad] for name, i in cols.items()})
    with pytest.raises(MarksError, match=message):
        compute(table)


def test_duplicate_mark_names_the_later_row() -> None:
    d = school_dates(2)
    marks: list[Mark] = [
        (5, d[0], "AM", "/"),
        (5, d[0], "PM", "/"),
        (6, d[0], "AM", "/"),
        (5, d[0], "AM", "N"),
    ]
    with pytest.raises(MarksError, match=r"row 4: fields pupil_id,date,session: pupil 5 .*AM"):
        compute(to_table(marks))


def test_missing_column() -> None:
    table = pa.table({"pupil_id": [1], "date": ["2024-09-02"], "code": ["/"]})
    with pytest.raises(MarksError, match=r"field session: missing column 'session'"):
        compute(table)


def test_empty_input_gives_no_rows() -> None:
    table = pa.table(
        {c: pa.array([], pa.string()) for c in ("pupil_id", "date", "session", "code")}
    )
    assert compute(table).to_arrow().column_names == list(output_columns())
    assert compute(table).pupils == 0


day_codes = st.tuples(st.sampled_from(CODES), st.sampled_from(CODES))
weighted = st.one_of(
    day_codes,
    st.tuples(st.sampled_from(RUN), st.sampled_from(RUN + NEUTRAL)),
    st.tuples(st.sampled_from(NEUTRAL), st.sampled_from(NEUTRAL)),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pupils=st.lists(
        st.tuples(st.integers(0, 30), st.lists(weighted, max_size=70)), min_size=1, max_size=6
    ),
    drop=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 80)), max_size=4),
    seed=st.integers(0, 2**32 - 1),
)
def test_hypothesis_equality(
    pupils: list[tuple[int, list[tuple[str, str]]]], drop: list[tuple[int, int]], seed: int
) -> None:
    """Arbitrary code pairs, offsets and missing sessions (irregular pupils, by pairs)."""
    dates = school_dates(120)
    marks: list[Mark] = []
    for p, (offset, days) in enumerate(pupils):
        rows = [(p, dates[offset + i], s, c) for i, pair in enumerate(days)
                for s, c in zip(("AM", "PM"), pair, strict=True)]  # fmt: skip
        gone = {(pp, k) for pp, k in drop if pp == p}
        # Dropping sessions two at a time keeps the total even but can leave a date with one.
        kept = [r for k, r in enumerate(rows) if (p, k) not in gone and (p, k - 1) not in gone]
        marks += kept
    random.Random(seed).shuffle(marks)
    pupils_left = {m[0] for m in marks}
    odd = [p for p in pupils_left if sum(m[0] == p for m in marks) % 2]
    if odd:
        with pytest.raises(MarksError, match="odd number"):
            compute(to_table(marks))
    else:
        check(marks)
