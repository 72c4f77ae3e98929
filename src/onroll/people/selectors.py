"""Reads of children, always scoped to what the user's organisation may see, and what each
child page shows. What other apps know about a child comes through
``onroll.core.registry.CHILD_SECTIONS``, so this app imports none of them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from onroll.accounts.roles import OrganisationKind
from onroll.core.display import display_value
from onroll.core.models import AuditAction, AuditEvent
from onroll.core.registry import ChildSection, child_sections_for
from onroll.people.models import Child, ChildAddress, ChildCarer
from onroll.rules.risk import SAFEGUARDING_FACTORS, RiskFactor

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from onroll.accounts.models import User
    from onroll.schools.models import School


def children_for_user(user: User | AnonymousUser) -> QuerySet[Child]:
    """Children the user may see.

    A school sees children who are or were on its admission register, and children placed
    with it (a permanently excluded pupil waiting to go on the Short Stay School's roll). An
    LA sees children registered at schools in its area. Anyone else sees none. (Cases add
    shared children.)
    """
    if not user.is_authenticated or user.organisation is None:
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


def child_for_user_or_404(user: User | AnonymousUser, child_id: int) -> Child:
    """The child if the user may see them, else 404 (never 403: do not confirm existence)."""
    try:
        return children_for_user(user).get(pk=child_id)
    except Child.DoesNotExist as exc:
        raise Http404("No such child") from exc


def siblings_for_user(user: User, child: Child) -> list[Child]:
    """Children sharing a parent or carer with ``child`` whom the user may also see."""
    carer_ids = child.carer_links.values("carer_id")
    return list(
        children_for_user(user)
        .filter(pk__in=Child.objects.filter(carer_links__carer_id__in=carer_ids).values("pk"))
        .exclude(pk=child.pk)
        .order_by("date_of_birth")
    )


def _risk_factors(child: Child, user: User) -> list[RiskFactor]:
    """The child's risk groups the user may see: safeguarding ones only for those roles."""
    known = set(RiskFactor.__members__.values())
    factors = [RiskFactor(v) for v in child.risk_factors if v in known]
    if user.sees_safeguarding:
        return factors
    return [f for f in factors if f not in SAFEGUARDING_FACTORS]


@dataclass(frozen=True)
class ChildFamily:
    """What every child page shows of the child's family: carers and addresses, oldest
    address first as recorded."""

    carers: list[ChildCarer]
    addresses: list[ChildAddress]


def _family(child: Child) -> ChildFamily:
    return ChildFamily(
        carers=list(child.carer_links.select_related("carer")),
        addresses=list(child.addresses.select_related("address")),
    )


@dataclass(frozen=True)
class ChildSummaryPage:
    """Every staff member's view of a child: details, family, and what the apps add."""

    child: Child
    family: ChildFamily
    sections: dict[str, list[ChildSection]]


def child_summary_page(user: User, child: Child) -> ChildSummaryPage:
    return ChildSummaryPage(
        child=child,
        family=_family(child),
        sections=child_sections_for(user, child, "summary"),
    )


@dataclass(frozen=True)
class ChildRecordPage:
    """The school's record of a child: details, risk groups the user may see, family,
    siblings, and what the apps add (registrations, placements, returns, referrals...)."""

    child: Child
    school: School | None
    family: ChildFamily
    siblings: list[Child]
    risk_factors: list[RiskFactor]
    sees_safeguarding: bool
    sections: dict[str, list[ChildSection]]


def child_record_page(user: User, child: Child) -> ChildRecordPage:
    return ChildRecordPage(
        child=child,
        school=user.school,
        family=_family(child),
        siblings=siblings_for_user(user, child),
        risk_factors=_risk_factors(child, user),
        sees_safeguarding=user.sees_safeguarding,
        sections=child_sections_for(user, child, "record"),
    )


def chronology_events(user: User, child: Child, *, with_views: bool) -> QuerySet[AuditEvent]:
    """Every event about ``child`` the user may see, newest first: record views only when
    asked for, safeguarding changes only for safeguarding roles."""
    events = AuditEvent.objects.filter(child_id=child.pk)
    if not with_views:
        events = events.exclude(action=AuditAction.CHILD_VIEWED)
    if not user.sees_safeguarding:
        events = events.exclude(action=AuditAction.CHILD_SAFEGUARDING_UPDATED)
    return events.order_by("-occurred_at", "-id")


@dataclass(frozen=True)
class ChronologyRow:
    event: AuditEvent
    label: str
    summary: str


_CODE = re.compile(r"[a-z]+(?:_[a-z0-9]+)+")


def _in_words(detail: dict[str, Any]) -> str:
    """An event's details as a person reads them: "Kind: new pupil; Dual: Yes; Expected:
    3 December 2026". Codes (``new_pupil``) read as words; nested records are left to the
    pages that show them."""
    parts = []
    for key, value in detail.items():
        if not isinstance(value, str | int | bool) or value == "":
            continue
        text = display_value(value)
        if isinstance(value, str) and _CODE.fullmatch(value):
            text = value.replace("_", " ")
        parts.append(f"{key.replace('_', ' ').capitalize()}: {text}")
    return "; ".join(parts)


def chronology_rows(user: User, events: Iterable[AuditEvent]) -> list[ChronologyRow]:
    """Each event in words. Another organisation's details (an LA's case notes) are theirs:
    the row shows their label only."""
    own = str(user.organisation)
    return [
        ChronologyRow(
            event=e,
            label=AuditAction(e.action).label,
            summary=_in_words(e.detail) if e.organisation_name == own else "",
        )
        for e in events
    ]
