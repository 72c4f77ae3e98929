"""Factories for schools of each phase, their staff, and LA-wide terms and closures, shared by
the tests and ``manage.py load_demo``.

A school is found by its LAESTAB, a term by its LA, school and first day, a closure by its
LA, school and date before one is made, so the demo can run again without duplicating them.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

import factory
from factory.django import DjangoModelFactory

from onroll.accounts.factories import LocalAuthorityFactory, UserFactory
from onroll.accounts.roles import Role
from onroll.schools.models import Closure, Phase, School, Term

M = TypeVar("M", Term, Closure)

#: phase -> (establishment type, most junior and most senior national curriculum year)
PHASE_SHAPE = {
    Phase.PRIMARY: ("Community school", 0, 6),
    Phase.SECONDARY: ("Community school", 7, 11),
    Phase.ALL_THROUGH: ("Academy converter", 0, 11),
    Phase.PRU: ("Pupil referral unit", 7, 11),
    Phase.SPECIAL: ("Community special school", 0, 11),
}


class SchoolFactory(DjangoModelFactory[School]):
    """A secondary school unless a trait (``primary``, ``pru``, ``special``, ``all_through``)
    says otherwise; its years and type follow the phase. Two-factor sign-in is off unless
    asked for (the model's default follows a setting)."""

    class Meta:
        model = School
        django_get_or_create = ("laestab",)

    class Params:
        primary = factory.Trait(phase=Phase.PRIMARY)
        pru = factory.Trait(phase=Phase.PRU)
        special = factory.Trait(phase=Phase.SPECIAL)
        all_through = factory.Trait(phase=Phase.ALL_THROUGH)

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    laestab = factory.LazyAttributeSequence(
        lambda o, n: f"{o.local_authority.code}{5000 + n % 5000:04d}"
    )
    urn = factory.Sequence(lambda n: f"{800000 + n % 100000:06d}")
    name = factory.Sequence(lambda n: f"School {n}")
    phase = Phase.SECONDARY
    establishment_type = factory.LazyAttribute(lambda o: PHASE_SHAPE[o.phase][0])
    most_junior_year = factory.LazyAttribute(lambda o: PHASE_SHAPE[o.phase][1])
    most_senior_year = factory.LazyAttribute(lambda o: PHASE_SHAPE[o.phase][2])
    require_two_factor = False


class SchoolUserFactory(UserFactory):
    """A school's admissions officer (by default at a new secondary school)."""

    organisation = factory.SubFactory(SchoolFactory)
    roles = (Role.ADMISSIONS_OFFICER,)


def term_name(first_day: date) -> str:
    """``Autumn 2026`` for a term that starts in September 2026, and so on."""
    month = first_day.month
    season = "Autumn" if month >= 8 else "Spring" if month <= 3 else "Summer"
    return f"{season} {first_day.year}"


class _CalendarFactory(DjangoModelFactory[M]):
    """A calendar record for the whole LA (``school`` empty) unless a school is given."""

    class Meta:
        abstract = True

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    school = None


class TermFactory(_CalendarFactory[Term]):
    """A term: autumn 2026 by default."""

    class Meta:
        model = Term
        django_get_or_create = ("local_authority", "school", "first_day")

    first_day = date(2026, 9, 2)
    last_day = date(2026, 12, 18)
    name = factory.LazyAttribute(lambda o: term_name(o.first_day))


class ClosureFactory(_CalendarFactory[Closure]):
    """A planned closure: Monday 26 October 2026 by default."""

    class Meta:
        model = Closure
        django_get_or_create = ("local_authority", "school", "date")

    date = date(2026, 10, 26)
    kind = Closure.Kind.CLOSURE
    reason = ""
