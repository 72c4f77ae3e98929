"""Factories for registrations (a pupil on a school's roll), shared by the tests and
``manage.py load_demo``.

``RegistrationFactory()`` puts a new child with a home and a carer on a new school's roll
(single registration). ``RegistrationFactory(dual_at=pru)`` makes it the main registration
of a dual registration, with the subsidiary at ``pru`` from ``dual_from`` (the main
registration's starting day unless given); pass ``subsidiary__…`` for the subsidiary's other
fields.
"""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from onroll.people.factories import ChildFactory
from onroll.registers.models import Registration, RegistrationKind
from onroll.schools.factories import SchoolFactory


class RegistrationFactory(DjangoModelFactory[Registration]):
    class Meta:
        model = Registration
        skip_postgeneration_save = True

    class Params:
        dual_at = None
        dual_from = factory.SelfAttribute("starting_day")

    child = factory.SubFactory(ChildFactory, family=True)
    school = factory.SubFactory(SchoolFactory)
    kind = factory.Maybe("dual_at", RegistrationKind.DUAL_MAIN, RegistrationKind.SINGLE)
    starting_day = date(2024, 9, 4)
    national_curriculum_year = None
    subsidiary = factory.Maybe(
        "dual_at",
        factory.RelatedFactory(
            "onroll.registers.factories.RegistrationFactory",
            child=factory.SelfAttribute("..child"),
            school=factory.SelfAttribute("..dual_at"),
            kind=RegistrationKind.DUAL_SUBSIDIARY,
            starting_day=factory.SelfAttribute("..dual_from"),
            national_curriculum_year=factory.SelfAttribute("..national_curriculum_year"),
        ),
    )
