"""Factories for local authorities and staff users: the tests and ``manage.py load_demo`` build
them one way.

A user is made through :func:`onroll.accounts.services.user_create`, so roles are checked
against the organisation, granted and audited exactly as for a real user. Local authorities
are found by their code before one is made (``django_get_or_create``), so the demo can run
again without duplicating them.
"""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from onroll.accounts.models import LocalAuthority, User
from onroll.accounts.roles import Role
from onroll.accounts.services import user_create

#: The password of every user a factory makes unless told otherwise (tests only; the demo
#: passes its own published password).
PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test users only


class LocalAuthorityFactory(DjangoModelFactory[LocalAuthority]):
    """An LA with a CME team's contact routes; ``code`` 700 upwards unless given."""

    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{700 + n % 100:03d}")
    name = factory.LazyAttribute(lambda o: f"Local authority {o.code}")
    cme_email = factory.LazyAttribute(lambda o: f"cme@la{o.code}.example.org")
    cme_phone = "01234 567890"


class UserFactory(DjangoModelFactory[User]):
    """A member of staff holding ``roles`` at ``organisation`` (by default a CME officer at a
    new LA), made by ``user_create``. ``job_title`` is set after, as the admin would."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = PASSWORD
    organisation = factory.SubFactory(LocalAuthorityFactory)
    roles: Any = (Role.CME_OFFICER,)
    first_name = ""
    last_name = ""
    email = ""
    job_title = ""

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        job_title = kwargs.pop("job_title")
        user = user_create(roles=list(kwargs.pop("roles")), **kwargs)
        if job_title:
            user.job_title = job_title
            user.save(update_fields=["job_title"])
        return user
