"""Reads of children, always scoped to what the user's organisation may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from onroll.accounts.roles import OrganisationKind
from onroll.people.models import Child


def children_for_user(user: Any) -> QuerySet[Child]:
    """Children the user may see.

    A school sees children who are or were on its admission register, and children placed
    with it (a permanently excluded pupil waiting to go on the Short Stay School's roll). An
    LA sees children registered at schools in its area. Anyone else sees none. (Cases add
    shared children.)
    """
    if not user.is_authenticated or user.organisation_id is None:
        return Child.objects.none()
    kind = user.organisation.kind
    if kind == OrganisationKind.SCHOOL:
        condition = Q(registrations__school_id=user.organisation_id) | Q(
            placements__school_id=user.organisation_id
        )
    elif kind == OrganisationKind.LA:
        condition = Q(registrations__school__local_authority_id=user.organisation_id)
    else:  # pragma: no cover - the kinds are a closed set
        return Child.objects.none()
    ids = Child.objects.filter(condition).values("pk")
    return Child.objects.filter(pk__in=ids)


def child_for_user_or_404(user: Any, child_id: int) -> Child:
    """The child if the user may see them, else 404 (never 403: do not confirm existence)."""
    try:
        return children_for_user(user).get(pk=child_id)
    except Child.DoesNotExist as exc:
        raise Http404("No such child") from exc


def siblings_for_user(user: Any, child: Child) -> list[Child]:
    """Children sharing a parent or carer with ``child`` whom the user may also see."""
    carer_ids = child.carer_links.values("carer_id")
    return list(
        children_for_user(user)
        .filter(pk__in=Child.objects.filter(carer_links__carer_id__in=carer_ids).values("pk"))
        .exclude(pk=child.pk)
        .order_by("date_of_birth")
    )
