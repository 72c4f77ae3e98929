"""Reads of notifications and cases, scoped to the user's organisation.

An LA sees the cases and notifications sent to it, and the children in its cases even when
they are on no roll; a school sees only what it sent, with the case's stage and outcome;
nobody else sees any. Views reach cases only through :func:`case_for_user_or_404`.

What each page shows is read by ``selectors_casework`` (the LA's case pages and reports) and
``selectors_intake`` (the inbox, triage, the school's referrals and the public form).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from onroll.accounts.models import LocalAuthority, User
from onroll.accounts.roles import OrganisationKind, Role
from onroll.cases.matching import Given, Known, Match, rank
from onroll.cases.models import Case, CaseChild, JointEnquiry, Notification, NotificationStatus
from onroll.cases.workflow import CaseStage
from onroll.people.models import Child
from onroll.people.selectors import children_for_user
from onroll.schools.models import School

#: Whoever asks: a signed-in user, or an anonymous visitor (who sees nothing).
Viewer = User | AnonymousUser


def is_cme_staff(user: Viewer) -> bool:
    """A signed-in officer or manager of an LA's CME team (``User.is_cme_staff``)."""
    return isinstance(user, User) and user.is_cme_staff


def own_local_authority(user: User) -> LocalAuthority:
    """The LA the user works for (404 for anyone else: the views' decorators let only LA
    staff in, so this only narrows the type)."""
    if user.local_authority is None:
        raise Http404("Not a local authority")
    return user.local_authority


def notifications_for_user(user: Viewer) -> QuerySet[Notification]:
    """A school sees what it sent; an LA sees what was sent to it; nobody else sees any."""
    if not isinstance(user, User) or user.organisation is None:
        return Notification.objects.none()
    if user.organisation.kind == OrganisationKind.LA:
        return Notification.objects.filter(local_authority_id=user.organisation_id)
    return Notification.objects.filter(from_organisation_id=user.organisation_id)


def notification_for_user_or_404(user: Viewer, notification_id: int) -> Notification:
    try:
        return notifications_for_user(user).select_related("case").get(pk=notification_id)
    except Notification.DoesNotExist as exc:
        raise Http404("No such notification") from exc


def cases_for_user(user: Viewer) -> QuerySet[Case]:
    """The cases of the CME officer's or manager's own LA; none for anyone else."""
    if not isinstance(user, User) or not is_cme_staff(user):
        return Case.objects.none()
    return Case.objects.filter(local_authority_id=user.organisation_id)


def case_for_user_or_404(user: Viewer, case_id: int, *, for_update: bool = False) -> Case:
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


def la_children_for_user(user: Viewer) -> QuerySet[Child]:
    """Children an LA officer may see: on rolls in the LA's area, or in the LA's cases."""
    if not isinstance(user, User) or not is_cme_staff(user):
        return Child.objects.none()
    on_rolls = children_for_user(user).order_by().values("pk")
    in_cases = CaseChild.objects.filter(local_authority_id=user.organisation_id).values("child_id")
    return Child.objects.filter(Q(pk__in=on_rolls) | Q(pk__in=in_cases))


def la_child_for_user_or_404(user: Viewer, child_id: object) -> Child:
    """A child the LA officer may see, from an id as posted (anything else: 404)."""
    try:
        pk = int(str(child_id))
    except ValueError:
        raise Http404("No such child") from None
    child = la_children_for_user(user).filter(pk=pk).first()
    if child is None:
        raise Http404("No such child")
    return child


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


def match_candidates(user: Viewer, details: dict[str, Any]) -> list[tuple[Child, Match]]:
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


def match_explanation(user: Viewer, notification: Notification, child: Child) -> str:
    """Why the officer's choice may be the notification's child, as triage matching says."""
    for candidate, match in match_candidates(user, notification.details):
        if candidate.pk == child.pk:
            return match.explanation
    return "Chosen by officer."


def agreed_joint_enquiry(school: School, child: Child) -> JointEnquiry | None:
    """For the school side: the latest joint enquiry (grounds H and I) for this pupil at this
    school that ended in an agreed off-roll date, or None. A deletion under H or I relies on
    ``agreed_off_roll_date`` (not before it) and ``outcome``."""
    return (
        JointEnquiry.objects.filter(school=school, child=child, agreed_off_roll_date__isnull=False)
        .order_by("-agreed_at")
        .first()
    )


def joint_enquiries_for_school_user(user: Viewer) -> QuerySet[JointEnquiry]:
    if not isinstance(user, User) or user.school is None:
        return JointEnquiry.objects.none()
    return JointEnquiry.objects.filter(school_id=user.school.pk).select_related(
        "child", "case__local_authority"
    )


def joint_enquiry_for_school_user_or_404(user: Viewer, joint_id: int) -> JointEnquiry:
    joint = joint_enquiries_for_school_user(user).filter(pk=joint_id).first()
    if joint is None:
        raise Http404("No such joint enquiry")
    return joint


def open_cases(user: Viewer) -> QuerySet[Case]:
    return cases_for_user(user).exclude(stage=CaseStage.CLOSED)


def queue_cases(user: User) -> QuerySet[Case]:
    """The open cases on an officer's work queue: theirs and unassigned ones (a manager's:
    all), with their children."""
    cases = open_cases(user).prefetch_related("case_children__child")
    if not user.has_role(Role.CME_MANAGER):
        cases = cases.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
    return cases


def inbox_waiting(user: User) -> tuple[int, datetime | None]:
    """How many notifications wait in the inbox outside any case, and when the oldest came."""
    waiting = notifications_for_user(user).filter(
        case__isnull=True, status=NotificationStatus.RECEIVED
    )
    count = waiting.count()
    oldest = waiting.order_by("submitted_at").values_list("submitted_at", flat=True).first()
    return count, oldest


def child_notifications_for_user(user: Viewer, child: Child) -> QuerySet[Notification]:
    """Notifications about ``child`` the user may see (a school: what it sent), newest first;
    for the child's page (moved here from ``registers.selectors``: it reads the LA's records)."""
    return (
        notifications_for_user(user)
        .filter(child=child)
        .select_related("case")
        .order_by("-submitted_at")
    )
