"""Calendars built from term dates, INSET days, closures and bank holidays."""

from __future__ import annotations

import ast
import json
from datetime import date
from importlib import resources

import pytest

from onroll.rules.calendar_builder import (
    Closure,
    SchoolOverrides,
    SchoolYearTerms,
    bank_holiday_years,
    bank_holidays,
    build_calendar,
    calendar_from_pattern,
    lancashire_calendar,
    lancashire_term_dates,
    parse_term_dates,
)

INSET_2025 = (
    date(2025, 9, 1),
    date(2025, 9, 2),
    date(2025, 11, 27),
    date(2025, 11, 28),
    date(2026, 7, 20),
)


def test_bank_holidays_cover_2024_to_2027() -> None:
    holidays = bank_holidays()
    first, last = bank_holiday_years()
    assert first <= 2024
    assert last >= 2027
    for year in range(2024, 2028):
        assert sum(1 for d in holidays if d.year == year) == 8
    assert holidays[date(2025, 12, 25)] == "Christmas Day"
    assert holidays[date(2026, 12, 28)] == "Boxing Day"  # substitute day
    assert holidays[date(2027, 3, 26)] == "Good Friday"
    assert date(2026, 8, 31) in holidays


def test_bank_holidays_are_read_only() -> None:
    with pytest.raises(TypeError):
        bank_holidays()[date(2025, 1, 2)] = "Invented"  # type: ignore[index]


def test_lancashire_2025_26_has_195_openings_and_190_with_inset() -> None:
    years = {year.school_year: year for year in lancashire_term_dates()}
    published = years["2025/26"]
    assert not published.example
    assert published.openings == 195
    calendar = lancashire_calendar(school_years=["2025/26"])
    assert len(calendar) == 195
    assert calendar.first_day == date(2025, 9, 1)
    assert calendar.last_day == date(2026, 7, 20)
    assert not calendar.is_school_day(date(2025, 10, 29))  # half term
    assert not calendar.is_school_day(date(2026, 5, 4))  # May Day
    assert not calendar.is_school_day(date(2026, 4, 6))  # Easter Monday (holiday anyway)
    with_inset = lancashire_calendar(
        SchoolOverrides(inset_days=INSET_2025), school_years=["2025/26"]
    )
    assert len(with_inset) == 190
    assert with_inset.first_day == date(2025, 9, 3)


def test_lancashire_2026_27_is_labelled_example() -> None:
    years = {year.school_year: year for year in lancashire_term_dates()}
    example = years["2026/27"]
    assert example.example is True
    assert "EXAMPLE" in example.source
    assert len(lancashire_calendar(school_years=["2026/27"])) == example.openings == 195
    raw = json.loads(
        resources.files("onroll.rules")
        .joinpath("data")
        .joinpath("lancashire-term-dates.json")
        .read_text(encoding="utf-8")
    )
    assert "EXAMPLE" in raw["years"][1]["status"]


def test_lancashire_whole_and_unknown_years() -> None:
    assert len(lancashire_calendar()) == 390
    with pytest.raises(ValueError, match="no Lancashire term dates for 2030/31"):
        lancashire_calendar(school_years=["2030/31"])


def test_bank_holiday_inside_term_is_closed_even_if_data_omit_it() -> None:
    term = (date(2026, 4, 13), date(2026, 5, 22))
    calendar = build_calendar([term])
    assert not calendar.is_school_day(date(2026, 5, 4))
    assert calendar.is_school_day(date(2026, 5, 5))
    without = build_calendar([term], include_bank_holidays=False)
    assert without.is_school_day(date(2026, 5, 4))


def test_build_calendar_with_own_holidays_and_closures() -> None:
    term = (date(2030, 1, 7), date(2030, 1, 18))
    calendar = build_calendar(
        [term],
        closures=[date(2030, 1, 8), Closure(date(2030, 1, 14), date(2030, 1, 15), "snow")],
        inset_days=[date(2030, 1, 7)],
        holidays={date(2030, 1, 9): "Invented day", date(2030, 6, 1): "Outside term"},
    )
    assert calendar.school_days(*term) == [
        date(2030, 1, 10),
        date(2030, 1, 11),
        date(2030, 1, 16),
        date(2030, 1, 17),
        date(2030, 1, 18),
    ]


def test_build_calendar_refuses_terms_outside_the_shipped_holidays() -> None:
    with pytest.raises(ValueError, match="outside the bank holidays shipped"):
        build_calendar([(date(2030, 1, 7), date(2030, 3, 29))])
    with pytest.raises(ValueError, match="outside the bank holidays shipped"):
        build_calendar([(date(2005, 1, 7), date(2005, 3, 29))])


def test_overrides_extra_closures_and_changed_years() -> None:
    changed = SchoolYearTerms(
        school_year="2025/26",
        terms=((date(2025, 9, 4), date(2025, 12, 19)),),
        closures=(Closure(date(2025, 10, 20), date(2025, 10, 31), "Two-week half term"),),
    )
    added = SchoolYearTerms("2027/28", ((date(2027, 9, 6), date(2027, 9, 10)),))
    calendar = lancashire_calendar(
        SchoolOverrides(
            extra_closures=(date(2027, 1, 11), Closure(date(2027, 2, 1), date(2027, 2, 2))),
            changed_years=(changed, added),
        )
    )
    assert not calendar.is_school_day(date(2025, 9, 3))
    assert calendar.is_school_day(date(2025, 9, 4))
    assert not calendar.is_school_day(date(2025, 10, 22))
    # the changed year replaced the whole of 2025/26, so spring 2026 is gone
    assert calendar.term_of(date(2026, 1, 12)) is None
    assert not calendar.is_school_day(date(2027, 1, 11))
    assert not calendar.is_school_day(date(2027, 2, 2))
    assert calendar.is_school_day(date(2027, 2, 3))
    assert calendar.is_school_day(date(2026, 9, 2))  # 2026/27 unchanged
    assert calendar.is_school_day(date(2027, 9, 6))
    assert calendar.terms[0] == (date(2025, 9, 4), date(2025, 12, 19))


def test_calendar_from_pattern_without_overrides() -> None:
    years = lancashire_term_dates()
    assert calendar_from_pattern(years) == lancashire_calendar()


def test_closure_validation_and_days() -> None:
    assert list(Closure(date(2025, 1, 1), date(2025, 1, 3)).days()) == [
        date(2025, 1, 1),
        date(2025, 1, 2),
        date(2025, 1, 3),
    ]
    with pytest.raises(ValueError, match="'snow' ends"):
        Closure(date(2025, 1, 3), date(2025, 1, 1), "snow")


def test_closure_outside_a_term_is_a_data_error() -> None:
    with pytest.raises(ValueError, match="not inside any term"):
        lancashire_calendar(SchoolOverrides(inset_days=(date(2025, 8, 29),)))


GOOD_YEAR = {
    "school_year": "2030/31",
    "terms": [{"first_day": "2030-09-02", "last_day": "2030-12-20"}],
}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({}, "missing 'years'"),
        ({"years": {}}, "'years' must be a list"),
        ({"years": [{}]}, "year 1: missing 'school_year'"),
        ({"years": [{"school_year": "2030/31"}]}, "school year 2030/31: missing 'terms'"),
        (
            {"years": [{"school_year": "x", "terms": [{"first_day": "2030-09-02"}]}]},
            "school year x term 1: missing 'last_day'",
        ),
        (
            {"years": [{"school_year": "x", "terms": [{"first_day": 1, "last_day": "y"}]}]},
            "expected a date as YYYY-MM-DD",
        ),
        (
            {
                "years": [
                    {"school_year": "x", "terms": [{"first_day": "2030-13-01", "last_day": "y"}]}
                ]
            },
            "'2030-13-01' is not a date",
        ),
        (
            {"years": [{**GOOD_YEAR, "closures": [{"first_day": "2030-10-01"}]}]},
            "closure 1: missing 'last_day'",
        ),
    ],
)
def test_parse_term_dates_errors(document: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match=message):
        parse_term_dates(document)


def test_parse_term_dates_defaults() -> None:
    (year,) = parse_term_dates({"years": [GOOD_YEAR]})
    assert year == SchoolYearTerms("2030/31", ((date(2030, 9, 2), date(2030, 12, 20)),))


def test_calendar_builder_module_is_pure() -> None:
    """No network, no clock: the module imports only the standard library and onroll.rules."""
    source = (
        resources.files("onroll.rules").joinpath("calendar_builder.py").read_text(encoding="utf-8")
    )
    tree = ast.parse(source)
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert imported <= {
        "__future__",
        "json",
        "collections",
        "dataclasses",
        "datetime",
        "functools",
        "importlib",
        "types",
        "typing",
        "onroll",
    }
    assert "today()" not in source
    assert "now()" not in source
