"""Reads for the school side, scoped to the user's school: every record here belongs to a
child the user may see (``people.selectors``), else 404."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from onroll.cases.models import Notification
from onroll.cases.selectors import notifications_for_user
from onroll.people.models import Child
from onroll.people.selectors import children_for_user
from onroll.registers.models import Exclusion, LaReturn, Move, Placement, Registration

M = TypeVar("M", bound=models.Model)


def _one(queryset: QuerySet[M], pk: int) -> M:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("Not found")
    return found


def _school_id(user: Any) -> int:
    """The user's school, or 0 (no school has it) for anyone else."""
    return int(user.organisation_id) if user.is_authenticated and user.is_school_user else 0


def registrations_for_user(user: Any) -> QuerySet[Registration]:
    return Registration.objects.filter(school_id=_school_id(user)).select_related("child", "school")


def registration_for_user_or_404(user: Any, registration_id: int) -> Registration:
    return _one(registrations_for_user(user), registration_id)


def placements_for_user(user: Any) -> QuerySet[Placement]:
    school = _school_id(user)
    return Placement.objects.filter(Q(school_id=school) | Q(home_school_id=school)).select_related(
        "child", "school", "home_school", "registration", "exclusion"
    )


def placement_for_user_or_404(user: Any, placement_id: int) -> Placement:
    return _one(placements_for_user(user), placement_id)


def exclusions_for_user(user: Any) -> QuerySet[Exclusion]:
    school = _school_id(user)
    return Exclusion.objects.filter(
        Q(school_id=school) | Q(placement__school_id=school)
    ).select_related("child", "school", "registration")


def exclusion_for_user_or_404(user: Any, exclusion_id: int) -> Exclusion:
    return _one(exclusions_for_user(user), exclusion_id)


def returns_for_user(user: Any) -> QuerySet[LaReturn]:
    return LaReturn.objects.filter(school_id=_school_id(user)).select_related(
        "child", "registration", "notification"
    )


def return_for_user_or_404(user: Any, return_id: int) -> LaReturn:
    return _one(returns_for_user(user), return_id)


def moves_for_user(user: Any) -> QuerySet[Move]:
    return Move.objects.filter(school_id=_school_id(user)).select_related("child", "referral")


def move_for_user_or_404(user: Any, move_id: int) -> Move:
    return _one(moves_for_user(user), move_id)


def referrals_for_user(user: Any) -> QuerySet[Notification]:
    """What the school has sent the LA (returns excluded), newest first, with status."""
    return (
        notifications_for_user(user)
        .filter(kind__in=["cme_referral", "cmooe_report", "non_pupil"])
        .select_related("child", "case")
        .order_by("-submitted_at")
    )


def child_notifications_for_user(user: Any, child: Child) -> QuerySet[Notification]:
    return (
        notifications_for_user(user)
        .filter(child=child)
        .select_related("case")
        .order_by("-submitted_at")
    )


def school_children(user: Any) -> QuerySet[Child]:
    return children_for_user(user)
