"""Reads for the school side, scoped to the user's school: every record here belongs to a
child the user may see (``people.selectors``), else 404. What a whole page shows is read by
``selectors_pages``."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from onroll.accounts.models import User
from onroll.people.models import Child
from onroll.registers.models import (
    Exclusion,
    LaReturn,
    Leaving,
    LeavingStatus,
    Move,
    Placement,
    PlacementKind,
    PlacementStatus,
    Registration,
)
from onroll.schools.models import School

M = TypeVar("M", bound=models.Model)

#: What the school's referrals page lists (returns have their own page).


def _one(queryset: QuerySet[M], pk: int) -> M:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("Not found")
    return found


def _school_id(user: User) -> int:
    """The user's school, or 0 (no school has it) for anyone else."""
    return user.organisation_id or 0 if user.is_authenticated and user.is_school_user else 0


def school_of(user: User) -> School:
    """The school a member of school staff works at (404 for anyone else)."""
    if user.school is None:
        raise Http404("Not school staff")
    return user.school


def registrations_for_user(user: User) -> QuerySet[Registration]:
    return Registration.objects.filter(school_id=_school_id(user)).select_related("child", "school")


def registration_for_user_or_404(user: User, registration_id: int) -> Registration:
    return _one(registrations_for_user(user), registration_id)


def register_list(user: User) -> QuerySet[Registration]:
    """The school's pupils, current first, by name (for a page at a time)."""
    return registrations_for_user(user).order_by(
        "deleted_on", "child__legal_surname", "child__legal_forename", "pk"
    )


def placements_for_user(user: User) -> QuerySet[Placement]:
    school = _school_id(user)
    return Placement.objects.filter(Q(school_id=school) | Q(home_school_id=school)).select_related(
        "child", "school", "home_school", "registration", "exclusion"
    )


def placement_for_user_or_404(user: User, placement_id: int) -> Placement:
    return _one(placements_for_user(user), placement_id)


def placements_waiting(user: User) -> list[Placement]:
    """Children placed with the user's school who are not on its roll yet."""
    return list(
        placements_for_user(user)
        .filter(school_id=_school_id(user), status=PlacementStatus.AWAITING_ROLL)
        .order_by("pk")
    )


def exclusions_for_user(user: User) -> QuerySet[Exclusion]:
    school = _school_id(user)
    return Exclusion.objects.filter(
        Q(school_id=school) | Q(placement__school_id=school)
    ).select_related("child", "school", "registration")


def exclusion_for_user_or_404(user: User, exclusion_id: int) -> Exclusion:
    return _one(exclusions_for_user(user), exclusion_id)


def returns_for_user(user: User) -> QuerySet[LaReturn]:
    return LaReturn.objects.filter(school_id=_school_id(user)).select_related(
        "child", "registration", "notification"
    )


def return_for_user_or_404(user: User, return_id: int) -> LaReturn:
    return _one(returns_for_user(user), return_id)


def return_list(user: User) -> QuerySet[LaReturn]:
    """The school's returns, due first, soonest first (for a page at a time)."""
    return returns_for_user(user).order_by("status", "due_on", "pk")


def moves_for_user(user: User) -> QuerySet[Move]:
    return Move.objects.filter(school_id=_school_id(user)).select_related("child", "referral")


def move_for_user_or_404(user: User, move_id: int) -> Move:
    return _one(moves_for_user(user), move_id)


def _link_id(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def linked_leaving(school: School, child: Child, raw_id: str | None) -> Leaving | None:
    """The child's leaving at ``school`` that a referral is about (from a query string)."""
    pk = _link_id(raw_id)
    if pk is None:
        return None
    return Leaving.objects.filter(
        pk=pk, registration__school=school, registration__child=child
    ).first()


def linked_move(school: School, child: Child, raw_id: str | None) -> Move | None:
    """The child's move recorded by ``school`` that a referral is about (from a query string)."""
    pk = _link_id(raw_id)
    if pk is None:
        return None
    return Move.objects.filter(pk=pk, school=school, child=child).first()


# ----------------------------------------------------------------- one registration's rows


def pending_leaving(registration: Registration) -> Leaving | None:
    return registration.leavings.filter(status=LeavingStatus.PENDING).first()


def live_leaving(registration: Registration) -> Leaving | None:
    """The newest leaving that was not cancelled (pending or deleted)."""
    return registration.leavings.exclude(status=LeavingStatus.CANCELLED).first()


def latest_leaving(registration: Registration) -> Leaving | None:
    """The leaving a page shows: the pending one, else the newest not cancelled."""
    return pending_leaving(registration) or live_leaving(registration)


def other_current_registrations(registration: Registration) -> list[Registration]:
    return list(
        Registration.objects.filter(child_id=registration.child_id, deleted_on__isnull=True)
        .exclude(pk=registration.pk)
        .select_related("school")
    )


def moves_from_school(registration: Registration) -> list[Move]:
    """Moves the pupil's school recorded for the pupil, oldest first."""
    return list(Move.objects.filter(child_id=registration.child_id, school=registration.school))


def last_move_from_school(registration: Registration) -> Move | None:
    return Move.objects.filter(child_id=registration.child_id, school=registration.school).last()


def referral_placement_open(registration: Registration) -> bool:
    """Whether the pupil has a referral placement from this school that has not ended."""
    return (
        Placement.objects.filter(
            child_id=registration.child_id,
            home_school=registration.school,
            kind=PlacementKind.REFERRAL,
        )
        .exclude(status=PlacementStatus.ENDED)
        .exists()
    )


def latest_exclusion(registration: Registration) -> Exclusion | None:
    """The pupil's most recent permanent exclusion from this school."""
    return (
        Exclusion.objects.filter(child_id=registration.child_id, school=registration.school)
        .order_by("-first_day")
        .first()
    )


def marks_at_school(
    registration: Registration, *, start: date, end: date
) -> dict[tuple[date, str], str]:
    """The pupil's attendance marks at this school from ``start`` to ``end``, by (day,
    session). The attendance app sits above registers, so its model is looked up by name."""
    mark_model = apps.get_model("attendance", "Mark")
    return {
        (m.date, m.session): m.code
        for m in mark_model.objects.filter(
            child_id=registration.child_id,
            school_id=registration.school_id,
            date__gte=start,
            date__lte=end,
        )
    }
