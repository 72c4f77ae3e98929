"""Factories for attendance marks and dual-registration patterns, shared by the tests and
``manage.py load_demo`` (whose marks are built here and saved in bulk)."""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from onroll.attendance.models import DualPattern, Mark, MarkSource
from onroll.people.factories import ChildFactory
from onroll.schools.factories import SchoolFactory


class MarkFactory(DjangoModelFactory[Mark]):
    """A present morning mark on Monday 30 November 2026, entered on the register."""

    class Meta:
        model = Mark

    child = factory.SubFactory(ChildFactory)
    school = factory.SubFactory(SchoolFactory)
    date = date(2026, 11, 30)
    session = "AM"
    code = "/"
    source = MarkSource.REGISTER


class DualPatternFactory(DjangoModelFactory[DualPattern]):
    """The sessions a dual-registered pupil is expected at ``school`` (Monday to Wednesday
    unless told otherwise); found before it is made, so the demo can run again."""

    class Meta:
        model = DualPattern
        django_get_or_create = ("child", "school")

    child = factory.SubFactory(ChildFactory)
    school = factory.SubFactory(SchoolFactory, pru=True)
    expected = "1111110000"
