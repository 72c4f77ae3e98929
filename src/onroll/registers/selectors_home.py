"""What the school's home page and its admission register list show, scoped to the user's
school."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from onroll.core.registry import WorkQueue, work_queue
from onroll.registers.models import Registration, RegistrationKind
from onroll.registers.selectors import registrations_for_user

if TYPE_CHECKING:
    from onroll.accounts.models import LocalAuthority, User
    from onroll.schools.models import School


def _on_roll(user: User) -> QuerySet[Registration]:
    """The user's school's current registrations (none for anyone else)."""
    return registrations_for_user(user).filter(deleted_on__isnull=True)


@dataclass(frozen=True)
class SchoolHomePage:
    school: School
    la: LocalAuthority
    on_roll: int
    dual_registered: int
    queue: WorkQueue


def school_home_page(user: User, today: date) -> SchoolHomePage:
    """The school's roll in two numbers (counted in one query) and everything due."""
    school = user.school
    assert school is not None, "the school home page is for school staff"
    counts = _on_roll(user).aggregate(
        on_roll=Count("pk"), dual=Count("pk", filter=~Q(kind=RegistrationKind.SINGLE))
    )
    return SchoolHomePage(
        school=school,
        la=school.local_authority,
        on_roll=counts["on_roll"],
        dual_registered=counts["dual"],
        queue=work_queue(user, today),
    )


def pupils_on_roll(user: User) -> QuerySet[Registration]:
    """The school's current admission register, by legal surname then first name."""
    return _on_roll(user).order_by("child__legal_surname", "child__legal_forename", "pk")
