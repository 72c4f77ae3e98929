"""The one calendar path: schools.selectors builds every calendar through the rules engine's
builder, so bank holidays are never school days even when no one entered them (issue 11)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.dispatch import Signal

from onroll.schools import selectors
from onroll.schools.models import Closure, Term
from onroll.schools.selectors import (
    calendar_cache,
    la_calendar,
    school_calendar,
    weekday_calendar,
)
from tests.conftest import Cast

TODAY = date(2026, 11, 30)


def _term(cast: Cast, first: date, last: date, school=None) -> Term:  # type: ignore[no-untyped-def]
    """A term entered as an administrator would: through the model, checked, no closures."""
    term = Term(
        local_authority=cast.lancashire, school=school, name="Term", first_day=first, last_day=last
    )
    term.full_clean()
    term.save()
    return term


def test_a_summer_term_without_closures_skips_the_may_bank_holidays(cast: Cast) -> None:
    _term(cast, date(2026, 4, 13), date(2026, 7, 17))
    calendar = school_calendar(cast.hawthorn)
    assert not calendar.is_school_day(date(2026, 5, 4))  # Early May bank holiday
    assert not calendar.is_school_day(date(2026, 5, 25))  # Spring bank holiday
    assert calendar.is_school_day(date(2026, 5, 1))
    assert calendar.is_school_day(date(2026, 5, 5))
    assert calendar.nth_school_day(date(2026, 5, 1), 2) == date(2026, 5, 5)
    assert calendar.school_days_between(date(2026, 5, 1), date(2026, 5, 8)) == 5


def test_christmas_inside_a_schools_own_term_is_not_a_school_day(cast: Cast) -> None:
    _term(cast, date(2026, 9, 1), date(2026, 12, 18))  # the LA's, which the PRU does not use
    _term(cast, date(2026, 11, 2), date(2026, 12, 31), school=cast.pru)
    pru = school_calendar(cast.pru)
    assert pru.terms == ((date(2026, 11, 2), date(2026, 12, 31)),)
    assert pru.school_days(date(2026, 12, 23), date(2026, 12, 31)) == [
        date(2026, 12, 23),
        date(2026, 12, 24),
        date(2026, 12, 29),  # Fri 25 Dec Christmas Day, Mon 28 Dec Boxing Day (substitute)
        date(2026, 12, 30),
        date(2026, 12, 31),
    ]
    assert pru.add_school_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert school_calendar(cast.hawthorn).last_day == date(2026, 12, 18)


def test_closures_are_the_las_and_the_schools_own_inside_its_terms(cast: Cast) -> None:
    _term(cast, date(2026, 9, 1), date(2026, 12, 18))
    _term(cast, date(2026, 9, 7), date(2026, 12, 18), school=cast.pru)
    for school, day in (
        (None, date(2026, 9, 2)),
        (None, date(2026, 10, 26)),
        (cast.pru, date(2026, 11, 27)),
    ):
        Closure.objects.create(
            local_authority=cast.lancashire, school=school, date=day, kind=Closure.Kind.INSET
        )
    pru, hawthorn = school_calendar(cast.pru), school_calendar(cast.hawthorn)
    assert pru.closures == {date(2026, 10, 26), date(2026, 11, 27)}  # 2 Sep is before its term
    assert hawthorn.closures == {date(2026, 9, 2), date(2026, 10, 26)}


def test_a_term_outside_the_shipped_bank_holidays_is_refused_when_entered(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="bank holidays for 2012 to 2028"):
        _term(cast, date(2029, 1, 8), date(2029, 3, 29))
    with pytest.raises(ValidationError) as err:
        _term(cast, date(2026, 3, 29), date(2026, 1, 8))
    assert "last_day" in err.value.message_dict
    Term(local_authority=cast.lancashire, name="Blank").clean()  # dates still to be entered


def test_la_calendar_uses_its_terms_or_weekdays_less_bank_holidays(cast: Cast) -> None:
    weekdays = la_calendar(cast.lancashire, TODAY)  # no terms kept
    assert weekdays == weekday_calendar(TODAY)
    assert not weekdays.is_school_day(date(2026, 12, 25))
    assert weekdays.is_school_day(date(2026, 12, 24))
    assert weekdays.terms == ((date(2024, 11, 30), date(2028, 11, 29)),)
    assert weekday_calendar(date(2028, 6, 1)).last_day == date(2028, 12, 29)  # list ends 2028
    assert len(weekday_calendar(date(2031, 6, 1))) == 0  # past the list: no days at all
    _term(cast, date(2026, 9, 1), date(2027, 3, 26))
    terms = la_calendar(cast.lancashire.pk, TODAY)
    assert terms.terms == ((date(2026, 9, 1), date(2027, 3, 26)),)
    assert not terms.is_school_day(date(2027, 1, 1))  # New Year's Day inside the term
    # terms that end within 60 days of today are not trusted for counting: weekdays
    assert la_calendar(cast.lancashire, date(2027, 2, 1)) == weekday_calendar(date(2027, 2, 1))


def test_calendars_are_cached_per_request_and_cleared_when_terms_change(cast: Cast) -> None:
    _term(cast, date(2026, 9, 1), date(2026, 12, 18))
    assert school_calendar(cast.pru) is not school_calendar(cast.pru)  # no scope: no cache
    with calendar_cache():
        first = school_calendar(cast.pru)
        assert school_calendar(cast.pru) is first
        assert la_calendar(cast.lancashire, TODAY) is la_calendar(cast.lancashire, TODAY)
        closure = Closure.objects.create(
            local_authority=cast.lancashire, date=date(2026, 12, 1), kind=Closure.Kind.CLOSURE
        )
        assert not school_calendar(cast.pru).is_school_day(date(2026, 12, 1))
        closure.delete()
        assert school_calendar(cast.pru).is_school_day(date(2026, 12, 1))
        Term.objects.filter(school__isnull=True).delete()
        assert len(school_calendar(cast.pru)) == 0


def test_each_request_starts_and_ends_its_own_cache(cast: Cast) -> None:
    _term(cast, date(2026, 9, 1), date(2026, 12, 18))

    def send(signal: Signal) -> None:  # as the test client does: keep the test's connection
        signal.disconnect(close_old_connections)
        try:
            signal.send(sender=None)
        finally:
            signal.connect(close_old_connections)

    send(request_started)
    assert school_calendar(cast.pru) is school_calendar(cast.pru)
    send(request_finished)
    assert school_calendar(cast.pru) is not school_calendar(cast.pru)
    selectors.calendar_cache_clear()  # outside a request or scope: nothing to clear
