"""The builder: a school's :class:`SchoolCalendar` from term dates, closures and bank holidays.

The value object itself is in :mod:`onroll.rules.school_calendar`; this module decides which
days inside a term are not school days (the bank holidays included, whether or not the term
data list them), so every calendar in Onroll is built here.

The data ship with the package (``onroll/rules/data/*.json``) and are read with
``importlib.resources``: the England and Wales bank holidays (GOV.UK's list as cached by the
``govuk-bank-holidays`` package, 2012-2028) and Lancashire County Council's term pattern.
Nothing here touches the network or the clock.

Lancashire's 2025/26 dates are the LA's published pattern (as reported in the local press);
its **2026/27 dates are an EXAMPLE** made by Onroll because the published pattern could not be
verified. ``SchoolYearTerms.example`` says which is which; replace the example before relying
on it.

Typical use from the apps::

    calendar = lancashire_calendar(SchoolOverrides(inset_days=(date(2025, 9, 1), ...)))
    calendar = build_calendar(terms, closures=closures, inset_days=inset)  # a school's own
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from onroll.rules.catalogue import rule
from onroll.rules.school_calendar import SchoolCalendar

__all__ = [
    "Closure",
    "SchoolOverrides",
    "SchoolYearTerms",
    "bank_holidays",
    "build_calendar",
    "calendar_from_pattern",
    "lancashire_calendar",
    "lancashire_term_dates",
    "parse_term_dates",
]

BANK_HOLIDAYS_FILE = "bank-holidays-england-and-wales.json"
LANCASHIRE_FILE = "lancashire-term-dates.json"


@dataclass(frozen=True)
class Closure:
    """Days inside a term when the school does not meet (half term, INSET, snow day)."""

    first_day: date
    last_day: date
    reason: str = ""

    def __post_init__(self) -> None:
        if self.first_day > self.last_day:
            raise ValueError(
                f"closure {self.reason!r} ends ({self.last_day.isoformat()}) before it "
                f"starts ({self.first_day.isoformat()})"
            )

    def days(self) -> Iterator[date]:
        """Every date from the first to the last day, both included."""
        day = self.first_day
        while day <= self.last_day:
            yield day
            day += timedelta(days=1)


@dataclass(frozen=True)
class SchoolYearTerms:
    """One school year's term pattern: terms, closures inside them, and where it came from."""

    school_year: str
    terms: tuple[tuple[date, date], ...]
    closures: tuple[Closure, ...] = ()
    source: str = ""
    example: bool = False
    openings: int | None = None


@dataclass(frozen=True)
class SchoolOverrides:
    """A school's departures from its LA pattern.

    ``inset_days``: the school's own INSET (training) days; ``extra_closures``: any other
    days it does not meet (dates or :class:`Closure` ranges); ``changed_years``: whole school
    years whose terms (and half terms) the school sets itself, replacing the LA's pattern for
    that ``school_year``.
    """

    inset_days: tuple[date, ...] = ()
    extra_closures: tuple[date | Closure, ...] = ()
    changed_years: tuple[SchoolYearTerms, ...] = ()


# --------------------------------------------------------------------------- data files


def _read_json(name: str) -> Any:
    text = (
        resources.files("onroll.rules").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    )
    return json.loads(text)


def _date(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a date as YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a date in the form YYYY-MM-DD") from None


def _field(obj: object, key: str, where: str) -> Any:
    if not isinstance(obj, Mapping) or key not in obj:
        raise ValueError(f"{where}: missing {key!r}")
    return obj[key]


@cache
def _bank_holidays() -> tuple[Mapping[date, str], int, int]:
    data = _read_json(BANK_HOLIDAYS_FILE)
    holidays = {
        _date(event["date"], "bank holiday"): str(event["title"]) for event in data["events"]
    }
    return MappingProxyType(holidays), int(data["first_year"]), int(data["last_year"])


def bank_holidays() -> Mapping[date, str]:
    """England and Wales bank holidays (date → name) from the shipped list, 2012-2028."""
    return _bank_holidays()[0]


def bank_holiday_years() -> tuple[int, int]:
    """The first and last calendar years the shipped bank-holiday list covers."""
    _, first, last = _bank_holidays()
    return first, last


def parse_term_dates(data: Mapping[str, Any]) -> tuple[SchoolYearTerms, ...]:
    """Read a term-dates document (the shape of ``data/lancashire-term-dates.json``).

    Each entry of ``years`` needs ``school_year``, ``terms`` (objects with ``first_day`` and
    ``last_day``) and may have ``closures`` (``first_day``, ``last_day``, ``reason``),
    ``source``, ``example`` and ``openings``. A bad document raises ``ValueError`` naming the
    year and field.
    """
    years = _field(data, "years", "term dates")
    if not isinstance(years, list):
        raise ValueError("term dates: 'years' must be a list")
    parsed = []
    for index, year in enumerate(years, start=1):
        name = _field(year, "school_year", f"year {index}")
        where = f"school year {name}"
        terms = tuple(
            (
                _date(_field(term, "first_day", f"{where} term {i}"), f"{where} term {i}"),
                _date(_field(term, "last_day", f"{where} term {i}"), f"{where} term {i}"),
            )
            for i, term in enumerate(_field(year, "terms", where), start=1)
        )
        closures = tuple(
            Closure(
                _date(_field(c, "first_day", f"{where} closure {i}"), f"{where} closure {i}"),
                _date(_field(c, "last_day", f"{where} closure {i}"), f"{where} closure {i}"),
                str(c.get("reason", "")),
            )
            for i, c in enumerate(year.get("closures", []), start=1)
        )
        openings = year.get("openings")
        parsed.append(
            SchoolYearTerms(
                school_year=str(name),
                terms=terms,
                closures=closures,
                source=str(year.get("source", "")),
                example=bool(year.get("example", False)),
                openings=None if openings is None else int(openings),
            )
        )
    return tuple(parsed)


@cache
def lancashire_term_dates() -> tuple[SchoolYearTerms, ...]:
    """Lancashire County Council's term pattern: 2025/26 (published) and 2026/27 (EXAMPLE)."""
    return parse_term_dates(_read_json(LANCASHIRE_FILE))


# --------------------------------------------------------------------------- building


def _closure_days(items: Iterable[date | Closure]) -> set[date]:
    days: set[date] = set()
    for item in items:
        if isinstance(item, Closure):
            days.update(item.days())
        else:
            days.add(item)
    return days


@rule(
    id="R-CAL-4",
    title="A school's calendar: terms less INSET days, closures and bank holidays",
    source="Education Act 2002 s.32 (term dates); Education (School Day and School Year) "
    "(England) Regulations 1999 (380 sessions); GOV.UK bank holidays (England and Wales)",
    example="Summer term 13 Apr to 20 Jul 2026 with half term 25-29 May: Mon 4 May 2026 "
    "(Early May bank holiday) is not a school day even if the term data omit it.",
)
def build_calendar(
    terms: Iterable[tuple[date, date]],
    *,
    closures: Iterable[date | Closure] = (),
    inset_days: Iterable[date] = (),
    include_bank_holidays: bool = True,
    holidays: Mapping[date, str] | None = None,
) -> SchoolCalendar:
    """A school meets on the weekdays of its terms except its INSET days, its other closures
    (half terms, planned or unexpected closures) and the England and Wales bank holidays
    that fall inside a term.

    ``holidays`` replaces the shipped bank-holiday list (for tests or another division).
    With the shipped list, a term outside the years it covers raises ``ValueError`` rather
    than silently missing a bank holiday. Source: Education Act 2002 s.32; GOV.UK bank
    holidays.
    """
    term_list = list(terms)
    closed = _closure_days(closures) | set(inset_days)
    if include_bank_holidays:
        if holidays is None:
            holidays = bank_holidays()
            first_year, last_year = bank_holiday_years()
            for first, last in term_list:
                if first.year < first_year or last.year > last_year:
                    raise ValueError(
                        f"the term {first.isoformat()} to {last.isoformat()} is outside the "
                        f"bank holidays shipped with Onroll ({first_year}-{last_year}); update "
                        f"onroll/rules/data/{BANK_HOLIDAYS_FILE}"
                    )
        closed |= {
            day for day in holidays if any(first <= day <= last for first, last in term_list)
        }
    return SchoolCalendar(term_list, closed)


@rule(
    id="R-CAL-5",
    title="Per-school calendar: the LA pattern with the school's INSET days and changes",
    source="Education Act 2002 s.32 (LA sets term dates for community and voluntary "
    "controlled schools; other schools set their own); Lancashire 195-opening envelope",
    example="Lancashire 2025/26 with INSET on 1-2 Sep 2025, 27-28 Nov 2025 and 20 Jul 2026: "
    "190 school days.",
    assumption="Lancashire's 2025/26 pattern is taken from the local press reporting the "
    "LA's published dates (1 Sep 2025), not from lancashire.gov.uk; the 2026/27 pattern "
    "shipped is an EXAMPLE (the published one could not be verified) and must be replaced "
    "with the LA's dates before use.",
    configurable="Each school's INSET days, extra closures and replacement term dates "
    "(SchoolOverrides).",
)
def calendar_from_pattern(
    years: Sequence[SchoolYearTerms],
    overrides: SchoolOverrides | None = None,
    *,
    include_bank_holidays: bool = True,
    holidays: Mapping[date, str] | None = None,
) -> SchoolCalendar:
    """A school's calendar is its LA's term pattern, except for any school year whose terms
    the school sets itself, less the school's own INSET days and other closures and the
    bank holidays inside its terms.

    A changed year whose ``school_year`` is not in ``years`` is added. Source: Education Act
    2002 s.32.
    """
    overrides = overrides or SchoolOverrides()
    by_year = {year.school_year: year for year in years}
    for changed in overrides.changed_years:
        by_year[changed.school_year] = changed
    terms: list[tuple[date, date]] = []
    closures: list[date | Closure] = list(overrides.extra_closures)
    for year in by_year.values():
        terms.extend(year.terms)
        closures.extend(year.closures)
    return build_calendar(
        terms,
        closures=closures,
        inset_days=overrides.inset_days,
        include_bank_holidays=include_bank_holidays,
        holidays=holidays,
    )


def lancashire_calendar(
    overrides: SchoolOverrides | None = None, *, school_years: Iterable[str] | None = None
) -> SchoolCalendar:
    """The calendar of a Lancashire school on the LA pattern (optionally only some
    ``school_years`` such as ``["2025/26"]``), with the school's overrides.

    Note: the 2026/27 pattern shipped is an EXAMPLE (see the module docstring).
    """
    years = lancashire_term_dates()
    if school_years is not None:
        wanted = set(school_years)
        unknown = wanted - {year.school_year for year in years}
        if unknown:
            raise ValueError(
                f"no Lancashire term dates for {', '.join(sorted(unknown))}; shipped: "
                f"{', '.join(year.school_year for year in years)}"
            )
        years = tuple(year for year in years if year.school_year in wanted)
    return calendar_from_pattern(years, overrides)
