"""Factories for CME cases and the children in them, for records a test needs as they are
(a closed case years old, say). A case that should exercise the intake rules and the audit
is made through :func:`onroll.cases.services.notification_submit` instead.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from onroll.accounts.factories import LocalAuthorityFactory
from onroll.cases.models import Case, CaseChild
from onroll.people.factories import DEFAULT_TODAY, ChildFactory


class CaseFactory(DjangoModelFactory[Case]):
    """A new case opened today (``DEFAULT_TODAY`` unless given) at a new LA."""

    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"CASE-TEST-{n:04d}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    opened_on = DEFAULT_TODAY
    stage_entered_on = factory.SelfAttribute("opened_on")


class CaseChildFactory(DjangoModelFactory[CaseChild]):
    """A child in a case, in the case's LA, open unless told otherwise."""

    class Meta:
        model = CaseChild

    case = factory.SubFactory(CaseFactory)
    child = factory.SubFactory(ChildFactory)
    local_authority = factory.SelfAttribute("case.local_authority")
