"""What the LA CME team's case pages show, read in one place and scoped to the officer's LA:
the case list, a case with its tracing, the forms that need the LA's officers, schools or a
child in the case, the transfer pack and the reports.

A case itself is reached only through :func:`onroll.cases.selectors.case_for_user_or_404`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, QuerySet
from django.http import Http404

from onroll.accounts.models import User
from onroll.accounts.roles import CME_ROLES
from onroll.cases.models import Case, CaseChild, EnquiryStep, Notification
from onroll.cases.selectors import (
    Viewer,
    case_children,
    cases_for_user,
    la_children_for_user,
    notifications_for_user,
    own_local_authority,
)
from onroll.cases.workflow import CaseStage, EnquiryStepKind, next_stages
from onroll.people.models import Child, ChildAddress
from onroll.registers.models import Registration
from onroll.rules.deadlines import school_days_left
from onroll.schools.models import School
from onroll.schools.selectors import la_calendar


@dataclass(frozen=True)
class CaseListing:
    """The cases the list shows, in the order it shows them, and the stage chosen."""

    stage: str
    cases: QuerySet[Case]


def case_listing(user: Viewer, *, stage: str, mine: bool) -> CaseListing:
    """Cases at ``stage`` (open ones for any other value), overdue and urgent first: the
    earliest due date first (none last), then the highest priority."""
    cases = cases_for_user(user).select_related("assigned_to")
    if stage in CaseStage.values:
        cases = cases.filter(stage=stage)
    else:
        stage = "open"
        cases = cases.exclude(stage=CaseStage.CLOSED)
    if mine:
        cases = cases.filter(assigned_to_id=user.pk)
    ordered = cases.prefetch_related("case_children__child").order_by(
        F("due_on").asc(nulls_last=True), "-priority", "opened_on", "pk"
    )
    return CaseListing(stage=stage, cases=ordered)


def with_days_left(user: User, cases: Iterable[Case], today: date) -> list[tuple[Case, int | None]]:
    """Each case with the school days left before it is due, on the LA's calendar."""
    calendar = la_calendar(own_local_authority(user), today)
    return [(case, school_days_left(calendar, today, case.due_on)) for case in cases]


def case_officers(case: Case) -> list[User]:
    """The LA's active CME officers and managers, by surname: whom a case may be given to."""
    return list(
        User.objects.filter(
            organisation_id=case.local_authority_id,
            is_active=True,
            role_grants__role__in=CME_ROLES,
        )
        .distinct()
        .order_by("last_name")
    )


def _siblings(user: Viewer, links: list[CaseChild]) -> list[Child]:
    """Children sharing a parent or carer with a child in the case, not yet in it."""
    in_case = [link.child_id for link in links]
    carers = Child.objects.filter(pk__in=in_case).values("carer_links__carer_id")
    return list(
        la_children_for_user(user)
        .filter(carer_links__carer_id__in=carers)
        .exclude(pk__in=in_case)
        .distinct()
        .order_by("date_of_birth")
    )


def case_handed_over_to(case: Case) -> Case | None:
    """The case another LA opened when this one was handed over to it, if any."""
    return case.handed_over_to.select_related("local_authority").first()


def enquiry_steps(case: Case) -> list[EnquiryStep]:
    """The reasonable enquiries made, oldest first, with who recorded each."""
    return list(case.enquiry_steps.select_related("recorded_by"))


def case_detail_page(user: Viewer, case: Case, today: date) -> dict[str, Any]:
    """Everything the case page shows about ``case`` (already the user's), computed."""
    links = case_children(case)
    steps = enquiry_steps(case)
    done = {s.step for s in steps}
    moves = next_stages(case.stage)
    return {
        "links": links,
        "notifications": list(case.notifications.select_related("from_organisation")),
        "steps": steps,
        "checklist": [(k, k.value in done) for k in EnquiryStepKind],
        "escalations": list(case.escalations.select_related("escalated_by")),
        "joints": list(case.joint_enquiries.select_related("school", "child")),
        "moves": [m for m in moves if m[0] != CaseStage.CLOSED],
        "can_close": any(to == CaseStage.CLOSED for to, _ in moves),
        "days_left": school_days_left(
            la_calendar(case.local_authority_id, today), today, case.due_on
        ),
        "siblings": _siblings(user, links) if case.is_open else [],
        "handed_over_to": case_handed_over_to(case),
    }


def case_child_or_404(case: Case, child_id: int) -> CaseChild:
    """A child in ``case`` (already the user's), or 404."""
    link = case.case_children.select_related("child").filter(child_id=child_id).first()
    if link is None:
        raise Http404("No such child in this case")
    return link


def child_on_roll(child: Child) -> bool:
    """Whether the child is on any school's admission register now."""
    return Registration.objects.filter(child=child, deleted_on__isnull=True).exists()


def la_schools(case: Case) -> list[School]:
    """The schools in the case's LA, by name: whom joint enquiries may be started with."""
    return list(School.objects.filter(local_authority_id=case.local_authority_id).order_by("name"))


def current_addresses(links: list[CaseChild]) -> dict[int, ChildAddress | None]:
    """Each linked child's current address (the first recorded, where several are open)."""
    found: dict[int, ChildAddress | None] = {link.child_id: None for link in links}
    current = (
        ChildAddress.objects.filter(child_id__in=list(found), to_date__isnull=True)
        .select_related("address")
        .order_by("pk")
    )
    for address in current:
        if found.get(address.child_id) is None:
            found[address.child_id] = address
    return found


def cases_for_report(user: Viewer) -> list[Case]:
    """Every case of the LA, with what the reports and exports read of it."""
    return list(
        cases_for_user(user)
        .select_related("assigned_to", "outcome_school", "outcome_la")
        .prefetch_related("notifications", "case_children__child")
    )


def notifications_for_report(user: Viewer) -> list[Notification]:
    """Every notification to the LA: its kind and when it came (for the upward counts)."""
    return list(notifications_for_user(user).only("kind", "submitted_at"))
