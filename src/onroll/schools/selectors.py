"""Reads for schools: the one way the apps get a calendar.

Every calendar in the apps comes from here, built by the rules engine's builder
(:func:`onroll.rules.calendar_builder.build_calendar`) from the Term and Closure rows, so
the England and Wales bank holidays inside a term are never school days whether or not
anyone entered them as closures. Closure rows are for the days only the school or LA knows:
INSET days, half terms and other closures.

Caching — one build per request. :func:`school_calendar` and :func:`la_calendar` remember
what they built for the rest of the current request, so a page that asks for the same
school's calendar from several places (the work queue's providers, a service and its view)
reads the rows once. The cache lives in a context variable that is emptied when a request
starts and ends (``request_started`` / ``request_finished``) and whenever a Term or Closure
row is saved or deleted in this process (``post_save`` / ``post_delete``). It is never kept
across requests, because a process-local cache kept longer would serve another process's
stale terms: there is no version column on the rows to check cheaply, and a count or a
maximum id misses an edited date. Outside a request (the task worker, management commands,
tests) nothing is cached unless the caller opens a scope with :func:`calendar_cache`.
(``QuerySet.update`` sends no signal; code that bulk-updates terms inside a request should
call :func:`calendar_cache_clear`.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from onroll.accounts.models import LocalAuthority
from onroll.rules.calendar_builder import bank_holiday_years, build_calendar
from onroll.rules.school_calendar import SchoolCalendar
from onroll.schools.models import Closure, Phase, School, Term

__all__ = [
    "calendar_cache",
    "calendar_cache_clear",
    "la_calendar",
    "school_calendar",
    "weekday_calendar",
]

#: How far the LA's terms must reach past ``today`` before they are trusted for counting
#: (further than the longest school-day allowance of a case stage); otherwise weekdays.
LA_TERMS_AHEAD = timedelta(days=60)
#: The weekday calendar used where no terms are kept: two years either side of ``today``.
WEEKDAY_SPAN = timedelta(days=730)

_CACHE: ContextVar[dict[tuple[Any, ...], SchoolCalendar] | None] = ContextVar(
    "onroll_calendar_cache", default=None
)


@contextmanager
def calendar_cache() -> Iterator[None]:
    """Remember built calendars until the block ends (what each request does itself)."""
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)


def calendar_cache_clear(*_args: object, **_kwargs: object) -> None:
    """Forget every calendar built so far in this request or scope (a signal receiver)."""
    cache = _CACHE.get()
    if cache is not None:
        cache.clear()


def request_cache_start(*_args: object, **_kwargs: object) -> None:
    """A new request starts with an empty cache (``request_started`` receiver)."""
    _CACHE.set({})


def request_cache_end(*_args: object, **_kwargs: object) -> None:
    """The request's cache goes with it (``request_finished`` receiver)."""
    _CACHE.set(None)


def _cached(key: tuple[Any, ...], build: Callable[[], SchoolCalendar]) -> SchoolCalendar:
    cache = _CACHE.get()
    if cache is None:
        return build()
    if key not in cache:
        cache[key] = build()
    return cache[key]


def _build(terms: Iterable[tuple[date, date]], closures: Iterable[date]) -> SchoolCalendar:
    """Terms less the closures inside them and the bank holidays (the builder adds those).

    A closure kept for the LA that falls outside a school's own terms is not a school day
    anyway, so it is dropped rather than treated as a mistake in the data."""
    pairs = [(first, last) for first, last in terms]
    inside = {day for day in closures if any(a <= day <= b for a, b in pairs)}
    return build_calendar(pairs, closures=sorted(inside))


def _school_calendar(school: School) -> SchoolCalendar:
    own = list(Term.objects.filter(school=school).values_list("first_day", "last_day"))
    terms = own or list(
        Term.objects.filter(
            local_authority_id=school.local_authority_id, school__isnull=True
        ).values_list("first_day", "last_day")
    )
    closures = Closure.objects.filter(local_authority_id=school.local_authority_id).filter(
        Q(school__isnull=True) | Q(school=school)
    )
    return _build(terms, closures.values_list("date", flat=True))


def school_calendar(school: School) -> SchoolCalendar:
    """The school's calendar: its own terms where it has any, else its LA's, less the LA's
    and the school's closures inside them and the bank holidays."""
    return _cached(("school", school.pk), lambda: _school_calendar(school))


def weekday_calendar(today: date) -> SchoolCalendar:
    """Monday to Friday except bank holidays, two years either side of ``today`` (where no
    terms are kept), within the years the shipped bank-holiday list covers."""
    first_year, last_year = bank_holiday_years()
    first = max(today - WEEKDAY_SPAN, date(first_year, 1, 1))
    last = min(today + WEEKDAY_SPAN, date(last_year, 12, 31))
    return build_calendar([(first, last)] if first <= last else [])


def _la_calendar(la_id: int, today: date) -> SchoolCalendar:
    terms = list(
        Term.objects.filter(local_authority_id=la_id, school__isnull=True).values_list(
            "first_day", "last_day"
        )
    )
    if terms and max(last for _, last in terms) >= today + LA_TERMS_AHEAD:
        closures = Closure.objects.filter(local_authority_id=la_id, school__isnull=True)
        return _build(terms, closures.values_list("date", flat=True))
    return weekday_calendar(today)


def la_calendar(la: LocalAuthority | int, today: date) -> SchoolCalendar:
    """The LA-wide calendar (terms and closures kept with no school, less bank holidays),
    which the CME team counts its school-day timers on. Where the LA's terms do not reach
    60 days past ``today`` (a new LA, or next year not yet entered), weekdays less bank
    holidays (:func:`weekday_calendar`)."""
    la_id = la if isinstance(la, int) else la.pk
    return _cached(("la", la_id, today), lambda: _la_calendar(la_id, today))


def other_schools_in_la(school: School) -> list[School]:
    """The other schools in ``school``'s LA, by name (partners for a dual registration)."""
    return list(
        School.objects.filter(local_authority_id=school.local_authority_id)
        .exclude(pk=school.pk)
        .order_by("name")
    )


def prus_in_la(la_id: int) -> list[School]:
    """The LA's Short Stay Schools (pupil referral units), by name."""
    return list(School.objects.filter(local_authority_id=la_id, phase=Phase.PRU).order_by("name"))
