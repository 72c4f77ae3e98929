"""Compulsory school age: domain.md §2 vectors, edges and properties."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onroll.rules import (
    compulsory_school_age_end,
    compulsory_school_age_start,
    is_compulsory_school_age,
)
from onroll.rules.age import (
    academic_year_start,
    birthday_in_year,
    csa_end_needs_review,
    last_friday_of_june,
)


@pytest.mark.parametrize(
    ("dob", "start"),
    [
        # domain.md §2.1 vectors
        (date(2019, 12, 31), date(2024, 12, 31)),
        (date(2020, 1, 1), date(2025, 3, 31)),
        (date(2020, 4, 1), date(2025, 8, 31)),
        (date(2020, 8, 31), date(2025, 8, 31)),
        (date(2020, 9, 1), date(2025, 12, 31)),
        # IPSEA example: 5 on 10 Feb 2024 -> 31 Mar 2024
        (date(2019, 2, 10), date(2024, 3, 31)),
        # either side of each prescribed day
        (date(2020, 3, 30), date(2025, 3, 31)),
        (date(2020, 3, 31), date(2025, 3, 31)),
        (date(2020, 8, 30), date(2025, 8, 31)),
        (date(2020, 12, 30), date(2025, 12, 31)),
        (date(2020, 12, 31), date(2025, 12, 31)),
        # 29 February: birthday taken as 1 March in a non-leap year
        (date(2020, 2, 29), date(2025, 3, 31)),
        (date(2016, 2, 29), date(2021, 3, 31)),
    ],
)
def test_csa_start(dob: date, start: date) -> None:
    assert compulsory_school_age_start(dob) == start


@pytest.mark.parametrize(
    ("dob", "end"),
    [
        # domain.md §2.2 vectors
        (date(2007, 9, 23), date(2024, 6, 28)),
        (date(2008, 8, 31), date(2024, 6, 28)),
        (date(2008, 9, 1), date(2025, 6, 27)),
        (date(2009, 6, 27), date(2025, 6, 27)),
        # either side of the 1 September cohort boundary
        (date(2009, 8, 31), date(2025, 6, 27)),
        (date(2009, 9, 1), date(2026, 6, 26)),
        (date(2009, 9, 2), date(2026, 6, 26)),
        # leaving date on 30 June (2028 last Friday of June is 30 Jun)
        (date(2012, 7, 1), date(2028, 6, 30)),
        # 29 February
        (date(2008, 2, 29), date(2024, 6, 28)),
        (date(2010, 3, 1), date(2026, 6, 26)),
    ],
)
def test_csa_end(dob: date, end: date) -> None:
    assert compulsory_school_age_end(dob) == end


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 3, 30), False),
        (date(2025, 3, 31), True),
        (date(2025, 4, 1), True),
        (date(2036, 6, 27), True),  # the leaving date itself
        (date(2036, 6, 28), False),
    ],
)
def test_is_compulsory_school_age(on: date, expected: bool) -> None:
    # born 1 Jan 2020: CSA from 31 Mar 2025 to Fri 27 Jun 2036 (last Friday of June)
    assert is_compulsory_school_age(date(2020, 1, 1), on) is expected


@pytest.mark.parametrize(
    ("dob", "flag"),
    [
        (date(2009, 8, 31), False),
        (date(2009, 9, 1), True),
        (date(2009, 9, 7), True),
        (date(2009, 9, 8), False),
        (date(2009, 10, 3), False),
    ],
)
def test_csa_end_needs_review(dob: date, flag: bool) -> None:
    assert csa_end_needs_review(dob) is flag


def test_helpers() -> None:
    assert birthday_in_year(date(2020, 2, 29), 2024) == date(2024, 2, 29)
    assert birthday_in_year(date(2020, 2, 29), 2025) == date(2025, 3, 1)
    assert academic_year_start(date(2025, 8, 31)) == date(2024, 9, 1)
    assert academic_year_start(date(2025, 9, 1)) == date(2025, 9, 1)
    assert last_friday_of_june(2024) == date(2024, 6, 28)
    assert last_friday_of_june(2028) == date(2028, 6, 30)


def test_rejects_datetimes() -> None:
    with pytest.raises(TypeError):
        compulsory_school_age_start(datetime(2020, 1, 1))
    with pytest.raises(TypeError):
        is_compulsory_school_age(date(2020, 1, 1), "2025-04-01")  # type: ignore[arg-type]


dobs = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@given(dobs)
def test_start_properties(dob: date) -> None:
    start = compulsory_school_age_start(dob)
    fifth = birthday_in_year(dob, dob.year + 5)
    assert (start.month, start.day) in {(3, 31), (8, 31), (12, 31)}
    assert fifth <= start
    # the next prescribed day is never more than 5 months after the birthday
    assert (start - fifth).days < 153
    assert start.year == fifth.year


@given(dobs)
def test_end_properties(dob: date) -> None:
    end = compulsory_school_age_end(dob)
    sixteenth = birthday_in_year(dob, dob.year + 16)
    assert end.weekday() == 4
    assert end.month == 6
    assert end.day >= 24
    # the leaving date is in the school year of the 16th birthday
    assert academic_year_start(end) == academic_year_start(sixteenth)
    assert compulsory_school_age_start(dob) < end


@given(dobs, st.integers(-400, 8000))
def test_is_compulsory_consistent(dob: date, offset: int) -> None:
    start = compulsory_school_age_start(dob)
    on = start + timedelta(days=offset)
    assert is_compulsory_school_age(dob, on) is (start <= on <= compulsory_school_age_end(dob))
    assert is_compulsory_school_age(dob, start)
    assert not is_compulsory_school_age(dob, start - timedelta(days=1))


@given(dobs, dobs)
def test_start_is_monotone(a: date, b: date) -> None:
    a, b = sorted((a, b))
    assert compulsory_school_age_start(a) <= compulsory_school_age_start(b)
    assert compulsory_school_age_end(a) <= compulsory_school_age_end(b)
