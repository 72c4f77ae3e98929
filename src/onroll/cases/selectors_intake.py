"""What the intake pages show: the CME inbox, triage of one notification, the school's
referral form and list, the public form's councils and the LA's contact routes. Every read is
scoped to the user (the public form reads only the councils' names and contact routes).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404

from onroll.accounts.models import LocalAuthority, User
from onroll.cases.matching import Match
from onroll.cases.models import Notification
from onroll.cases.selectors import (
    Viewer,
    match_candidates,
    notifications_for_user,
    own_local_authority,
)
from onroll.people.models import Child
from onroll.registers.models import Registration


def inbox(user: Viewer) -> QuerySet[Notification]:
    """Every notification to the LA: those not yet in a case first, then the newest."""
    return (
        notifications_for_user(user)
        .select_related("from_organisation", "case")
        .annotate(in_case=ExpressionWrapper(Q(case__isnull=False), output_field=BooleanField()))
        .order_by("in_case", "-submitted_at", "-pk")
    )


@dataclass(frozen=True)
class Triage:
    """Who a notification may be about, best first, and the children already in its case."""

    candidates: list[tuple[Child, Match]]
    linked: frozenset[int]


def notification_triage(user: Viewer, notification: Notification) -> Triage:
    linked = (
        frozenset(notification.case.case_children.values_list("child_id", flat=True))
        if notification.case
        else frozenset()
    )
    return Triage(match_candidates(user, notification.details), linked)


def school_referrals(user: Viewer) -> QuerySet[Notification]:
    """Everything the user's school sent the LA, newest first, with its case's stage."""
    return (
        notifications_for_user(user)
        .select_related("case__outcome_school", "case__outcome_la", "child")
        .order_by("-submitted_at", "-pk")
    )


def _registrations(user: User) -> QuerySet[Registration]:
    if user.school is None:
        return Registration.objects.none()
    return Registration.objects.filter(school_id=user.school.pk, deleted_on__isnull=True)


def school_pupil_choices(user: User) -> list[tuple[int, str]]:
    """The pupils on the user's school's roll, by surname: whom the school may refer."""
    regs = _registrations(user).select_related("child")
    ordered = regs.order_by("child__legal_surname", "child__legal_forename")
    return [(r.child_id, f"{r.child.legal_surname}, {r.child.legal_forename}") for r in ordered]


def school_pupil_or_404(user: User, child_id: int) -> Child:
    """A pupil on the user's school's roll, or 404."""
    registration = _registrations(user).select_related("child").filter(child_id=child_id).first()
    if registration is None:
        raise Http404("Not your pupil")
    return registration.child


def local_authorities() -> list[LocalAuthority]:
    """Every council, by name (the public form's choice, with each one's contact routes)."""
    return list(LocalAuthority.objects.order_by("name"))


def local_authority_or_none(la_id: object) -> LocalAuthority | None:
    if not isinstance(la_id, int):
        return None
    return LocalAuthority.objects.filter(pk=la_id).first()


def la_contact_details(user: User) -> LocalAuthority:
    """A fresh copy of the user's LA for the contacts form to edit (the signed-in user's own
    copy keeps showing the saved details until the change is saved)."""
    return LocalAuthority.objects.get(pk=own_local_authority(user).pk)
