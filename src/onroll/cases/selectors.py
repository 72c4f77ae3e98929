"""Reads of notifications and cases, scoped to the user's organisation.

An LA sees the cases and notifications sent to it, and the children in its cases even when
they are on no roll; a school sees only what it sent, with the case's stage and outcome;
nobody else sees any. Views reach cases only through :func:`case_for_user_or_404`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from onroll.accounts.roles import OrganisationKind, Role
from onroll.cases.matching import Given, Known, Match, rank
from onroll.cases.models import Case, CaseChild, JointEnquiry, Notification
from onroll.cases.workflow import CaseStage
from onroll.people.models import Child
from onroll.people.selectors import children_for_user
from onroll.schools.models import School

CME_ROLES = (Role.CME_OFFICER, Role.CME_MANAGER)


def is_cme_staff(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.organisation_id is not None
        and user.organisation.kind == OrganisationKind.LA
        and user.has_role(*CME_ROLES)
    )


def notifications_for_user(user: Any) -> QuerySet[Notification]:
    """A school sees what it sent; an LA sees what was sent to it; nobody else sees any."""
    if not user.is_authenticated or user.organisation_id is None:
        return Notification.objects.none()
    if user.organisation.kind == OrganisationKind.LA:
        return Notification.objects.filter(local_authority_id=user.organisation_id)
    return Notification.objects.filter(from_organisation_id=user.organisation_id)


def notification_for_user_or_404(user: Any, notification_id: int) -> Notification:
    try:
        return notifications_for_user(user).select_related("case").get(pk=notification_id)
    except Notification.DoesNotExist as exc:
        raise Http404("No such notification") from exc


def cases_for_user(user: Any) -> QuerySet[Case]:
    """The cases of the CME officer's or manager's own LA; none for anyone else."""
    if not is_cme_staff(user):
        return Case.objects.none()
    return Case.objects.filter(local_authority_id=user.organisation_id)


def case_for_user_or_404(user: Any, case_id: int, *, for_update: bool = False) -> Case:
    """The case if the user's LA holds it, else 404 (never 403: existence is not confirmed)."""
    cases = cases_for_user(user).select_related("assigned_to", "outcome_school", "outcome_la")
    if for_update:
        cases = cases.select_for_update()
    try:
        return cases.get(pk=case_id)
    except Case.DoesNotExist as exc:
        raise Http404("No such case") from exc


def case_children(case: Case) -> list[CaseChild]:
    return list(case.case_children.select_related("child").order_by("child__date_of_birth"))


def children_in_la_cases(la_id: int) -> QuerySet[Child]:
    return Child.objects.filter(cme_case_links__local_authority_id=la_id).distinct()


def la_children_for_user(user: Any) -> QuerySet[Child]:
    """Children an LA officer may see: on rolls in the LA's area, or in the LA's cases."""
    if not is_cme_staff(user):
        return Child.objects.none()
    on_rolls = children_for_user(user).order_by().values("pk")
    in_cases = CaseChild.objects.filter(local_authority_id=user.organisation_id).values("child_id")
    return Child.objects.filter(Q(pk__in=on_rolls) | Q(pk__in=in_cases))


def open_case_for_child(la_id: int, child: Child) -> Case | None:
    link = (
        CaseChild.objects.filter(local_authority_id=la_id, child=child, is_open=True)
        .select_related("case")
        .first()
    )
    return link.case if link else None


def _known(child: Child) -> Known:
    addresses = [link.address for link in child.addresses.all()]
    return Known(
        child_id=child.pk,
        upn=child.upn,
        forenames=tuple(n for n in (child.legal_forename, child.preferred_forename) if n),
        surnames=tuple(n for n in (child.legal_surname, child.preferred_surname) if n),
        date_of_birth=child.date_of_birth,
        postcodes=tuple(a.postcode for a in addresses),
        address_lines=tuple(a.line_1 for a in addresses),
    )


def match_candidates(user: Any, details: dict[str, Any]) -> list[tuple[Child, Match]]:
    """Children in the officer's scope who may be the notification's child, best first.

    A cheap database filter (UPN, date of birth or its near misses, surname start, postcode)
    narrows the field; :func:`onroll.cases.matching.rank` scores what is left.
    """
    given = Given.from_details(details)
    condition = Q()
    if given.upn:
        condition |= Q(upn=given.upn)
    if given.date_of_birth is not None:
        d = given.date_of_birth
        condition |= Q(date_of_birth__year=d.year, date_of_birth__month=d.month)
        condition |= Q(date_of_birth__month=d.month, date_of_birth__day=d.day)
        condition |= Q(date_of_birth__year=d.year, date_of_birth__day=d.day)
        if d.day <= 12:
            condition |= Q(date_of_birth__year=d.year, date_of_birth__month=d.day)
    surname = given.surname.strip()
    if len(surname) >= 2:
        condition |= Q(legal_surname__istartswith=surname[:2])
        condition |= Q(preferred_surname__istartswith=surname[:2])
    if given.postcode.strip():
        condition |= Q(addresses__address__postcode__iexact=given.postcode.strip())
    if not condition:
        return []
    pool = (
        la_children_for_user(user)
        .filter(condition)
        .distinct()
        .prefetch_related("addresses__address")[:500]
    )
    children = {c.pk: c for c in pool}
    return [(children[m.child_id], m) for m in rank(given, [_known(c) for c in children.values()])]


def agreed_joint_enquiry(school: School, child: Child) -> JointEnquiry | None:
    """For the school side: the latest joint enquiry (grounds H and I) for this pupil at this
    school that ended in an agreed off-roll date, or None. A deletion under H or I relies on
    ``agreed_off_roll_date`` (not before it) and ``outcome``."""
    return (
        JointEnquiry.objects.filter(school=school, child=child, agreed_off_roll_date__isnull=False)
        .order_by("-agreed_at")
        .first()
    )


def joint_enquiries_for_school_user(user: Any) -> QuerySet[JointEnquiry]:
    if not user.is_authenticated or not user.is_school_user:
        return JointEnquiry.objects.none()
    return JointEnquiry.objects.filter(school_id=user.organisation_id).select_related(
        "child", "case__local_authority"
    )


def open_cases(user: Any) -> QuerySet[Case]:
    return cases_for_user(user).exclude(stage=CaseStage.CLOSED)
