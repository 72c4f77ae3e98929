"""The CME team's demo: open cases at every stage and priority (some overdue), closed cases
with outcomes for the reports, a family ready to hand over to Blackpool, and pupils the
browser journeys refer or report. Idempotent: each case is found by its fixed reference.

Every name and address is invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from onroll.accounts.models import LocalAuthority, User
from onroll.cases.models import (
    Case,
    CaseChild,
    EnquiryStep,
    Notification,
    NotificationKind,
    NotificationSource,
    NotificationStatus,
)
from onroll.cases.services import _reprioritise, notification_submit, stage_due_on
from onroll.cases.workflow import CaseStage, EnquiryMethod, EnquiryStepKind, Outcome
from onroll.people.factories import AddressFactory, upn_for
from onroll.people.models import Carer, Child, Sex
from onroll.registers.factories import RegistrationFactory
from onroll.schools.models import School


def _upn(estab: str, serial: int) -> str:
    return upn_for(f"888{estab}", 2019, serial)


def _years_ago(today: date, years: int, month: int, day: int) -> date:
    return date(today.year - years, month, day)


def _set_safeguarding(child: Child, factors: list[str], social_worker: str = "") -> None:
    """Risk groups and social worker, where the people app keeps them."""
    if not factors and not social_worker:
        return
    names = {f.name for f in Child._meta.get_fields()}
    fields = []
    if "risk_factors" in names:
        child.risk_factors = factors
        fields.append("risk_factors")
    if social_worker and "social_worker_name" in names:
        child.social_worker_name = social_worker
        fields.append("social_worker_name")
    if fields:
        child.save(update_fields=fields)


def _pupil(
    forename: str,
    surname: str,
    dob: date,
    *,
    line_1: str,
    postcode: str,
    upn: str,
    school: School,
    today: date,
) -> Child:
    """A pupil at ``school`` living in Preston with a parent (found by UPN once made)."""
    child = Child.objects.filter(upn=upn).first()
    if child is not None:
        return child
    address = AddressFactory.create(line_1=line_1, postcode=postcode)
    registration = RegistrationFactory.create(
        school=school,
        starting_day=date(today.year - 1, 9, 3),
        child__legal_forename=forename,
        child__legal_surname=surname,
        child__date_of_birth=dob,
        child__sex=Sex.UNKNOWN,
        child__upn=upn,
        child__home__address=address,
        child__home__from_date=date(today.year - 2, 9, 1),
        child__carer_link__carer__forename="Sam",
        child__carer_link__carer__phone="07700 900123",
        child__carer_link__carer__address=address,
        child__carer_link__relationship="Parent",
    )
    return registration.child


@dataclass(frozen=True)
class DemoCase:
    reference: str
    la: str
    stage: str
    days_in_stage: int
    officer: str  # username, or "" for unassigned
    kind: str
    source: str
    outcome: str = ""
    outcome_detail: str = ""


def _case(
    spec: DemoCase,
    children: list[Child],
    orgs: dict[str, Any],
    today: date,
    *,
    from_school: School | None = None,
) -> Case:
    existing = Case.objects.filter(reference=spec.reference).first()
    if existing is not None:
        return existing
    la: LocalAuthority = orgs[spec.la]
    first = children[0]
    notification = notification_submit(
        local_authority=la,
        kind=spec.kind,
        source=spec.source,
        details={
            "forename": first.legal_forename,
            "surname": first.legal_surname,
            "date_of_birth": first.date_of_birth.isoformat(),
        },
        from_organisation=from_school,
        child=first,
        narrative="Demo notification.",
        today=today,
    )
    case = notification.case
    assert case is not None
    for child in children[1:]:
        CaseChild.objects.get_or_create(
            case=case, child=child, defaults={"local_authority": la, "is_open": True}
        )
    entered = today - timedelta(days=spec.days_in_stage)
    opened = entered - timedelta(days=7 if spec.stage != CaseStage.NEW else 0)
    Notification.objects.filter(pk=notification.pk).update(
        submitted_at=notification.submitted_at - timedelta(days=(today - opened).days)
    )
    case.reference = spec.reference
    case.opened_on = opened
    case.stage = spec.stage
    case.stage_entered_on = entered
    case.assigned_to = User.objects.filter(username=spec.officer).first() if spec.officer else None
    if spec.stage in (CaseStage.LOCATED, CaseStage.CLOSED):
        case.located_on = entered - timedelta(days=5) if spec.stage == CaseStage.CLOSED else entered
    if spec.stage == CaseStage.CLOSED:
        case.outcome = spec.outcome
        case.outcome_detail = spec.outcome_detail
        case.outcome_evidence = "Confirmed by the receiving school by email (demo)."
        case.closed_on = entered
        case.due_on = None
        if spec.outcome == Outcome.ON_ROLL:
            case.outcome_school = orgs["8884101"]
    case.save()
    if spec.stage == CaseStage.CLOSED:
        CaseChild.objects.filter(case=case).update(is_open=False)
        Notification.objects.filter(case=case).update(status=NotificationStatus.CLOSED)
    else:
        _reprioritise(case, today)
        case.due_on = stage_due_on(la.pk, case.stage, case.priority, entered)
        case.save(update_fields=["due_on"])
    if spec.stage in (CaseStage.TRACING, CaseStage.LOCATED) and spec.officer:
        officer = case.assigned_to
        assert officer is not None
        for step, method, result in (
            (EnquiryStepKind.CONTACT_CALLS, EnquiryMethod.PHONE, "No answer on any number."),
            (EnquiryStepKind.HOME_VISIT, EnquiryMethod.VISIT, "House appears empty."),
        ):
            EnquiryStep.objects.create(
                case=case,
                step=step,
                done_on=entered,
                person=officer.get_full_name(),
                method=method,
                result=result,
                recorded_by=officer,
                recorded_at=notification.submitted_at,
            )
    return case


def _existing(exclude: set[int], *, count: int = 1) -> list[Child]:
    """Demo pupils not yet in any case, in UPN order (the demo loader's children)."""
    found = list(
        Child.objects.exclude(pk__in=exclude)
        .exclude(cme_case_links__isnull=False)
        .filter(registrations__isnull=False)
        .order_by("upn")[:count]
    )
    exclude.update(c.pk for c in found)
    return found


def _family(exclude: set[int]) -> list[Child]:
    """Two or more demo brothers and sisters (sharing a carer), not yet in a case."""
    for carer in Carer.objects.order_by("pk"):
        children = list(
            Child.objects.filter(carer_links__carer=carer)
            .exclude(cme_case_links__isnull=False)
            .exclude(pk__in=exclude)
            .order_by("date_of_birth")
        )
        if len(children) >= 2:
            exclude.update(c.pk for c in children)
            return children
    return []


def load_cases_demo(today: date, orgs: dict[str, Any]) -> None:
    """Load the CME demo (safe to run again). It adds two pupils (for the browser journeys)
    and otherwise builds its cases on the demo loader's children."""
    hawthorn: School = orgs["8884101"]
    # Pupils for the browser journeys (no case yet): one a member of the public reports, one
    # their school refers.
    _pupil(
        "Niamh",
        "Brennan",
        _years_ago(today, 11, 3, 9),
        line_1="12 Primrose Street",
        postcode="PR1 4XY",
        upn=_upn("4101", 901),
        school=hawthorn,
        today=today,
    )
    _pupil(
        "Kacper",
        "Nowicki",
        _years_ago(today, 13, 6, 21),
        line_1="3 Ribble Court",
        postcode="PR2 6AB",
        upn=_upn("4101", 902),
        school=hawthorn,
        today=today,
    )
    if Case.objects.filter(reference__startswith="CASE-DEMO-").exists():
        return
    used: set[int] = set(
        Child.objects.filter(legal_surname__in=["Brennan", "Nowicki"]).values_list("pk", flat=True)
    )
    family = _family(used)
    if family:  # ready to hand over to Blackpool
        _case(
            DemoCase(
                "CASE-DEMO-A001",
                "888",
                CaseStage.TRACING,
                3,
                "cme.officer",
                NotificationKind.DELETION_UNKNOWN_DESTINATION,
                NotificationSource.SCHOOL,
            ),
            family,
            orgs,
            today,
            from_school=hawthorn,
        )
    specs = [
        (
            DemoCase(
                "CASE-DEMO-A002",
                "888",
                CaseStage.NEW,
                9,
                "",
                NotificationKind.PUBLIC_REPORT,
                NotificationSource.PUBLIC,
            ),
            ["new_migrant"],
            "",
            None,
        ),
        (
            DemoCase(
                "CASE-DEMO-A003",
                "888",
                CaseStage.TRACING,
                30,
                "cme.officer",
                NotificationKind.AGENCY_REPORT,
                NotificationSource.AGENCY,
            ),
            ["missing_or_runaway"],
            "R. Hindle",
            None,
        ),
        (
            DemoCase(
                "CASE-DEMO-A004",
                "888",
                CaseStage.TRIAGE,
                10,
                "cme.officer",
                NotificationKind.NON_PUPIL,
                NotificationSource.SCHOOL,
            ),
            ["gypsy_roma_traveller"],
            "",
            orgs["8882101"],
        ),
        (
            DemoCase(
                "CASE-DEMO-A005",
                "888",
                CaseStage.LOCATED,
                1,
                "cme.manager",
                NotificationKind.CME_REFERRAL,
                NotificationSource.SCHOOL,
            ),
            [],
            "",
            hawthorn,
        ),
        (
            DemoCase(
                "CASE-DEMO-A006",
                "888",
                CaseStage.CLOSED,
                15,
                "cme.officer",
                NotificationKind.CME_REFERRAL,
                NotificationSource.SCHOOL,
                Outcome.ON_ROLL,
            ),
            [],
            "",
            hawthorn,
        ),
        (
            DemoCase(
                "CASE-DEMO-A007",
                "888",
                CaseStage.CLOSED,
                40,
                "cme.officer",
                NotificationKind.CME_REFERRAL,
                NotificationSource.SCHOOL,
                Outcome.MOVED_ABROAD,
                "Poland",
            ),
            [],
            "",
            hawthorn,
        ),
        (
            DemoCase(
                "CASE-DEMO-A008",
                "888",
                CaseStage.CLOSED,
                70,
                "cme.officer",
                NotificationKind.AGENCY_REPORT,
                NotificationSource.AGENCY,
                Outcome.EHE,
                "Home education, suitable",
            ),
            [],
            "",
            None,
        ),
    ]
    for spec, factors, social_worker, school in specs:
        children = _existing(used)
        if not children:
            return
        _set_safeguarding(children[0], factors, social_worker)
        _case(spec, children, orgs, today, from_school=school)
    # Blackpool's own case (a child nobody has matched yet): Lancashire must never see it.
    notification = notification_submit(
        local_authority=orgs["890"],
        kind=NotificationKind.AGENCY_REPORT,
        source=NotificationSource.AGENCY,
        details={"forename": "Freddie", "surname": "Bamber", "town": "Blackpool"},
        narrative="Demo: seen on the promenade in school hours.",
        today=today,
    )
    if notification.case is not None:
        Case.objects.filter(pk=notification.case.pk).update(reference="CASE-DEMO-B001")
