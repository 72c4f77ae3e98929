"""What the LA CME team's home page and its list of schools show, scoped to the user's LA."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from onroll.core.registry import WorkQueue, work_queue
from onroll.schools.models import School

if TYPE_CHECKING:
    from onroll.accounts.models import LocalAuthority, User


def _schools(user: User) -> QuerySet[School]:
    """The schools in the user's LA (none for anyone else: no LA has id 0)."""
    return School.objects.filter(local_authority_id=user.organisation_id if user.is_la_user else 0)


@dataclass(frozen=True)
class LaHomePage:
    la: LocalAuthority
    school_count: int
    queue: WorkQueue


def la_home_page(user: User, today: date) -> LaHomePage:
    la = user.local_authority
    assert la is not None, "the LA home page is for LA staff"
    return LaHomePage(la=la, school_count=_schools(user).count(), queue=work_queue(user, today))


def schools_in_area(user: User) -> QuerySet[School]:
    """The LA's schools by name, each with its number of pupils on roll (counted in the
    database)."""
    return (
        _schools(user)
        .annotate(on_roll=Count("registrations", filter=Q(registrations__deleted_on__isnull=True)))
        .order_by("name", "pk")
    )
