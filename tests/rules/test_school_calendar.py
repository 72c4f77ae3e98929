"""SchoolCalendar: the stable interface, the helpers, input validation and properties."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onroll.rules import SchoolCalendar

AUTUMN = (date(2025, 9, 1), date(2025, 12, 19))
SPRING = (date(2026, 1, 5), date(2026, 3, 27))
INSET = date(2025, 9, 1)


@pytest.fixture
def cal() -> SchoolCalendar:
    return SchoolCalendar([SPRING, AUTUMN], [INSET])


# --------------------------------------------------------------------- is_school_day


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 8, 29), False),  # Friday before term
        (date(2025, 9, 1), False),  # INSET closure
        (date(2025, 9, 2), True),  # first teaching day
        (date(2025, 9, 6), False),  # Saturday in term
        (date(2025, 9, 7), False),  # Sunday in term
        (date(2025, 12, 19), True),  # last day of term (Friday)
        (date(2025, 12, 22), False),  # holiday Monday
        (date(2026, 1, 5), True),
        (date(2026, 3, 27), True),
        (date(2026, 3, 30), False),
    ],
)
def test_is_school_day(cal: SchoolCalendar, day: date, expected: bool) -> None:
    assert cal.is_school_day(day) is expected
    assert (day in cal) is expected


def test_contains_rejects_non_dates(cal: SchoolCalendar) -> None:
    assert "2025-09-02" not in cal
    assert datetime(2025, 9, 2, 9) not in cal


# --------------------------------------------------------------------- nth_school_day


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 11, 6), 1, date(2025, 11, 6)),
        (date(2025, 11, 6), 5, date(2025, 11, 12)),
        (date(2025, 11, 6), 6, date(2025, 11, 13)),  # day 6 of an exclusion
        (date(2025, 11, 6), 7, date(2025, 11, 14)),
        (date(2025, 9, 1), 1, date(2025, 9, 2)),  # closure skipped
        (date(2025, 9, 6), 1, date(2025, 9, 8)),  # weekend skipped
        (date(2025, 12, 18), 3, date(2026, 1, 5)),  # across the holiday
        (date(2025, 7, 1), 1, date(2025, 9, 2)),  # before the calendar
    ],
)
def test_nth_school_day(cal: SchoolCalendar, start: date, n: int, expected: date) -> None:
    assert cal.nth_school_day(start, n) == expected


def test_nth_school_day_errors(cal: SchoolCalendar) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        cal.nth_school_day(date(2025, 9, 2), 0)
    with pytest.raises(ValueError, match="only 2 school day"):
        SchoolCalendar([AUTUMN]).nth_school_day(date(2025, 12, 18), 3)
    last = cal.last_day
    assert cal.nth_school_day(last, 1) == last
    with pytest.raises(ValueError, match="fewer than the 2"):
        cal.nth_school_day(last, 2)
    with pytest.raises(ValueError, match="only 0 school day"):
        cal.nth_school_day(date(2027, 1, 1), 1)
    with pytest.raises(TypeError):
        cal.nth_school_day(date(2025, 9, 2), 1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cal.nth_school_day(date(2025, 9, 2), True)


# --------------------------------------------------------------------- school_days_between


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 9, 8), date(2025, 9, 19), 10),
        (date(2025, 9, 8), date(2025, 9, 8), 1),
        (date(2025, 9, 6), date(2025, 9, 7), 0),  # a weekend
        (date(2025, 9, 19), date(2025, 9, 8), 0),  # reversed
        (date(2025, 9, 1), date(2025, 9, 5), 4),  # INSET not counted
        (date(2025, 12, 15), date(2026, 1, 9), 10),  # across the holiday
        (date(2020, 1, 1), date(2030, 1, 1), 79 + 60),
    ],
)
def test_school_days_between(cal: SchoolCalendar, start: date, end: date, expected: int) -> None:
    assert cal.school_days_between(start, end) == expected
    assert len(cal) == 79 + 60


# --------------------------------------------------------------------- helpers


def test_helpers(cal: SchoolCalendar) -> None:
    assert cal.terms == (AUTUMN, SPRING)
    assert cal.closures == frozenset({INSET})
    assert cal.first_day == date(2025, 9, 2)
    assert cal.last_day == date(2026, 3, 27)
    assert cal.term_of(date(2025, 9, 6)) == AUTUMN
    assert cal.term_of(date(2025, 12, 25)) is None
    assert cal.term_of(date(2020, 1, 1)) is None
    assert cal.next_school_day(date(2025, 12, 19)) == date(2026, 1, 5)
    assert cal.previous_school_day(date(2026, 1, 5)) == date(2025, 12, 19)
    assert cal.school_day_on_or_after(date(2025, 12, 20)) == date(2026, 1, 5)
    assert cal.school_day_on_or_before(date(2025, 12, 25)) == date(2025, 12, 19)
    assert cal.school_day_on_or_before(date(2025, 12, 19)) == date(2025, 12, 19)
    assert cal.school_days(date(2025, 9, 5), date(2025, 9, 9)) == [
        date(2025, 9, 5),
        date(2025, 9, 8),
        date(2025, 9, 9),
    ]
    assert cal.add_school_days(date(2025, 11, 6), 5) == date(2025, 11, 13)
    assert cal.add_school_days(date(2025, 11, 8), 1) == date(2025, 11, 10)
    assert cal.add_school_days(date(2025, 11, 13), -5) == date(2025, 11, 6)
    assert cal.add_school_days(date(2025, 11, 8), -1) == date(2025, 11, 7)
    assert cal.add_school_days(date(2025, 11, 8), 0) == date(2025, 11, 8)
    assert cal.school_weeks(date(2025, 9, 1), date(2025, 9, 30)) == 5
    assert cal.school_weeks(date(2025, 12, 20), date(2026, 1, 4)) == 0
    assert list(cal)[:2] == [date(2025, 9, 2), date(2025, 9, 3)]
    assert "2 terms" in repr(cal)


def test_helper_errors(cal: SchoolCalendar) -> None:
    with pytest.raises(ValueError, match="no school day after"):
        cal.next_school_day(cal.last_day)
    with pytest.raises(ValueError, match="no school day before"):
        cal.previous_school_day(cal.first_day)
    with pytest.raises(ValueError, match="on or before"):
        cal.school_day_on_or_before(date(2025, 9, 1))
    with pytest.raises(ValueError, match="after"):
        cal.add_school_days(cal.last_day, 1)
    with pytest.raises(ValueError, match="before"):
        cal.add_school_days(cal.first_day, -1)
    with pytest.raises(TypeError):
        cal.add_school_days(cal.first_day, "1")  # type: ignore[arg-type]
    empty = SchoolCalendar([])
    assert len(empty) == 0
    with pytest.raises(ValueError, match="no school days"):
        _ = empty.first_day
    with pytest.raises(ValueError, match="no school days"):
        _ = empty.last_day


def test_equality_and_hash() -> None:
    a = SchoolCalendar([AUTUMN, SPRING], [INSET, INSET])
    b = SchoolCalendar([SPRING, AUTUMN], {INSET})
    assert a == b
    assert hash(a) == hash(b)
    assert a != SchoolCalendar([AUTUMN, SPRING])
    assert a != "calendar"


# --------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("terms", "closures", "message"),
    [
        ([(date(2025, 9, 5), date(2025, 9, 1))], (), "ends .* before it starts"),
        ([AUTUMN, (date(2025, 12, 19), date(2026, 1, 9))], (), "terms overlap"),
        ([AUTUMN], [date(2025, 12, 22)], "not inside any term"),
        ([AUTUMN], [date(2025, 8, 1)], "not inside any term"),
        ([(date(2025, 9, 1),)], (), "must be a .first day, last day. pair"),
        ([42], (), "must be a .first day, last day. pair"),
    ],
)
def test_invalid_input(terms: list, closures: list, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match=message):
        SchoolCalendar(terms, closures)


def test_rejects_datetimes_and_strings() -> None:
    with pytest.raises(TypeError, match="datetime"):
        SchoolCalendar([(datetime(2025, 9, 1), date(2025, 9, 5))])
    with pytest.raises(TypeError):
        SchoolCalendar([("2025-09-01", date(2025, 9, 5))])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        SchoolCalendar([AUTUMN], ["2025-09-02"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        SchoolCalendar([AUTUMN]).is_school_day("2025-09-02")  # type: ignore[arg-type]


# --------------------------------------------------------------------- properties

BASE = date(2024, 1, 1)


@st.composite
def calendars(draw: st.DrawFn) -> SchoolCalendar:
    """Random calendars: 1-5 terms of 1-90 days separated by 1-40 day gaps, random closures."""
    terms = []
    cursor = BASE + timedelta(days=draw(st.integers(0, 30)))
    for _ in range(draw(st.integers(1, 5))):
        length = draw(st.integers(0, 90))
        terms.append((cursor, cursor + timedelta(days=length)))
        cursor += timedelta(days=length + draw(st.integers(1, 40)))
    closures = set()
    for first, last in terms:
        span = (last - first).days
        for offset in draw(st.lists(st.integers(0, span), max_size=5)):
            closures.add(first + timedelta(days=offset))
    return SchoolCalendar(terms, closures)


days = st.integers(0, 700).map(lambda k: BASE + timedelta(days=k))


@settings(max_examples=100, deadline=None)
@given(calendars(), days, st.integers(1, 120))
def test_nth_then_between_is_n(cal: SchoolCalendar, start: date, n: int) -> None:
    try:
        nth = cal.nth_school_day(start, n)
    except ValueError:
        assert cal.school_days_between(start, date.max) < n
        return
    assert cal.is_school_day(nth)
    assert nth >= start
    assert cal.school_days_between(start, nth) == n
    if cal.is_school_day(start):
        assert cal.nth_school_day(start, 1) == start


@settings(max_examples=100, deadline=None)
@given(calendars(), days, days, days)
def test_between_is_monotone_and_additive(cal: SchoolCalendar, a: date, b: date, c: date) -> None:
    a, b, c = sorted((a, b, c))
    ab = cal.school_days_between(a, b)
    bc = cal.school_days_between(b + timedelta(days=1), c)
    assert cal.school_days_between(a, c) == ab + bc
    assert cal.school_days_between(a, b) <= cal.school_days_between(a, c)
    brute = sum(cal.is_school_day(a + timedelta(days=k)) for k in range((b - a).days + 1))
    assert ab == brute


@settings(max_examples=100, deadline=None)
@given(calendars(), days, st.integers(-60, 60))
def test_add_school_days_round_trip(cal: SchoolCalendar, start: date, n: int) -> None:
    try:
        moved = cal.add_school_days(start, n)
    except ValueError:
        return
    if n == 0:
        assert moved == start
    elif n > 0:
        assert cal.school_days_between(start + timedelta(days=1), moved) == n
    else:
        assert cal.school_days_between(moved, start - timedelta(days=1)) == -n
    if n and cal.is_school_day(start):
        assert cal.add_school_days(moved, -n) == start


@settings(max_examples=100, deadline=None)
@given(calendars(), days, days, st.integers(1, 60), st.integers(1, 60))
def test_nth_school_day_is_monotone(cal: SchoolCalendar, a: date, b: date, m: int, n: int) -> None:
    a, b = sorted((a, b))
    m, n = sorted((m, n))
    try:
        late = cal.nth_school_day(b, n)
    except ValueError:
        return
    assert cal.nth_school_day(a, m) <= late
    assert cal.nth_school_day(b, m) <= late
    assert cal.nth_school_day(a, n) <= late


@settings(max_examples=100, deadline=None)
@given(calendars(), days)
def test_is_school_day_matches_definition(cal: SchoolCalendar, day: date) -> None:
    in_term = any(first <= day <= last for first, last in cal.terms)
    expected = in_term and day.weekday() < 5 and day not in cal.closures
    assert cal.is_school_day(day) is expected
