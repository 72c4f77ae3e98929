"""Factories for children, their addresses and carers, shared by the tests and
``manage.py load_demo``.

A child has a valid UPN and a date of birth that puts them of compulsory school age on
``today`` (a parameter; 30 November 2026 unless given). ``ChildFactory(family=True)`` adds a
home address and a carer (by default "Pat", the child's surname, "Mother"); pass
``home__address=…`` or ``carer_link__carer=…`` to house brothers and sisters together.
"""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from onroll.people.models import Address, Carer, Child, ChildAddress, ChildCarer, Sex
from onroll.rules.upn import upn_check_letter

#: The day factories count ages from unless given ``today`` (the tests' fixed day).
DEFAULT_TODAY = date(2026, 11, 30)

FORENAMES = ("Amelia", "Oliver", "Isla", "Noah", "Freya", "Harry", "Zara", "Kieran")


def upn_for(laestab: str, year: int, serial: int) -> str:
    """A permanent UPN as the school ``laestab`` allocates it: its LA number and establishment
    number, the year of allocation and a serial, behind the check letter (rule R-UPN)."""
    body = f"{laestab}{year % 100:02d}{serial % 1000:03d}"
    return upn_check_letter(body) + body


class AddressFactory(DjangoModelFactory[Address]):
    class Meta:
        model = Address

    line_1 = "1 Test Street"
    town = "Preston"
    postcode = "PR1 1AA"


class CarerFactory(DjangoModelFactory[Carer]):
    class Meta:
        model = Carer

    forename = "Pat"
    surname = factory.Sequence(lambda n: f"Carer{n}")
    phone = "07700 900000"


class ChildFactory(DjangoModelFactory[Child]):
    """A child aged about ``age`` (10 unless given) on ``today``, with a UPN of the made-up
    school 8889999; ``family=True`` adds a home address and a carer."""

    class Meta:
        model = Child
        skip_postgeneration_save = True

    class Params:
        today = DEFAULT_TODAY
        age = 10
        family = factory.Trait(
            home=factory.RelatedFactory("onroll.people.factories.ChildAddressFactory", "child"),
            carer_link=factory.RelatedFactory("onroll.people.factories.ChildCarerFactory", "child"),
        )

    legal_forename = factory.Sequence(lambda n: FORENAMES[n % len(FORENAMES)])
    legal_surname = factory.Sequence(lambda n: f"Pupil{n}")
    date_of_birth = factory.LazyAttributeSequence(
        lambda o, n: date(o.today.year - o.age, 1 + n % 12, 1 + n % 28)
    )
    sex = factory.Iterator([Sex.FEMALE, Sex.MALE])
    upn = factory.Sequence(lambda n: upn_for("8889999", 2000 + n // 1000, n))


class ChildAddressFactory(DjangoModelFactory[ChildAddress]):
    """Where a child lives, from 1 January 2020."""

    class Meta:
        model = ChildAddress

    child = factory.SubFactory(ChildFactory)
    address = factory.SubFactory(AddressFactory)
    from_date = date(2020, 1, 1)


class ChildCarerFactory(DjangoModelFactory[ChildCarer]):
    """A child's carer, who shares the child's surname unless told otherwise."""

    class Meta:
        model = ChildCarer

    child = factory.SubFactory(ChildFactory)
    carer = factory.SubFactory(CarerFactory, surname=factory.SelfAttribute("..child.legal_surname"))
    relationship = "Mother"
