"""The folded per-pupil state equals rules.summarise_attendance over the same days."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from onroll.attendance.state import (
    empty_totals,
    fold_day,
    fold_days,
    fold_plan,
    public_fields,
    split_last,
)
from onroll.rules.alerts import RegisterDay, summary_for_period
from onroll.rules.attendance import ATTENDANCE_CODES

CODES = sorted(ATTENDANCE_CODES)
# Weighted towards the codes that make runs, so long runs occur.
WEIGHTED = [*CODES, *"GGGNNNOOO///\\\\\\", "#", "D"]


def _days(rng: random.Random, n: int) -> list[RegisterDay]:
    start = date(2026, 9, 7)
    days = []
    for i in range(n):
        am = rng.choice([*WEIGHTED, None]) if rng.random() < 0.05 else rng.choice(WEIGHTED)
        pm = rng.choice(WEIGHTED)
        days.append(RegisterDay(start + timedelta(days=i), am, pm))
    return days


def _expected(days: list[RegisterDay]) -> dict[str, object]:
    s = summary_for_period(days)
    return {
        "possible_sessions": s.possible_sessions,
        "attended_sessions": s.attended_sessions,
        "authorised_absences": s.authorised_absences,
        "unauthorised_absences": s.unauthorised_absences,
        "sickness_sessions": s.sickness_sessions,
        "attendance_rate": s.attendance_rate,
        "persistent_absence": s.persistent_absence,
        "severe_absence": s.severe_absence,
        "current_unauthorised_run_days": s.current_unauthorised_run_days,
        "longest_unauthorised_run_days": s.longest_unauthorised_run_days,
    }


def test_folding_day_by_day_equals_summarise_attendance_on_thousands_of_histories() -> None:
    rng = random.Random(6)
    for _ in range(3000):
        days = _days(rng, rng.randint(0, 60))
        assert public_fields(split_last(empty_totals(), days)) == _expected(days)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 40), st.integers(0, 39))
def test_appending_days_in_pieces_equals_one_pass(seed: int, n: int, cut: int) -> None:
    days = _days(random.Random(seed), n)
    cut = min(cut, n - 1)
    first = split_last(empty_totals(), days[: cut + 1])
    # the daily update: settle the stored last day, then fold the new days
    assert first["last_day"] is not None
    base = fold_day(first["settled"], first["last_am"] or None, first["last_pm"] or None)
    later = split_last(base, days[cut + 1 :]) if days[cut + 1 :] else first
    assert public_fields(later) == _expected(days)


def test_fold_plan() -> None:
    d = date(2026, 11, 20)
    assert fold_plan(None, d) == ("recompute", None)
    assert fold_plan(d, d - timedelta(days=1)) == ("recompute", None)
    assert fold_plan(d, d) == ("refresh", d)
    assert fold_plan(d, d + timedelta(days=3)) == ("append", d + timedelta(days=1))


def test_run_counts_across_neutral_days() -> None:
    totals = fold_days(empty_totals(), [RegisterDay(date(2026, 9, 7), "N", "N")] * 3)
    totals = fold_day(totals, "#", "#")
    totals = fold_day(totals, "G", "O")
    assert totals["run"] == 4
    assert fold_day(totals, "N", "I")["run"] == 0
    assert fold_day(totals, "N", "I")["longest"] == 4
