"""Triage, the transition table, tracing, closing, hand-over and joint enquiries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from onroll.cases.matching import Given, Known, score
from onroll.cases.models import Case, CaseChild, NotificationStatus
from onroll.cases.selectors import agreed_joint_enquiry, cases_for_user, match_candidates
from onroll.cases.services import (
    case_add_child,
    notification_create_child,
    notification_link_child,
    notification_submit,
)
from onroll.cases.tracing import (
    case_transition,
    enquiry_record,
    escalation_record,
    joint_enquiry_agree,
    joint_enquiry_start,
)
from onroll.cases.workflow import TRANSITIONS, CaseStage, EnquiryStepKind, Outcome
from onroll.core.models import AuditEvent
from onroll.people.factories import ChildCarerFactory, ChildFactory
from tests.cases.factories import TODAY, school_referral
from tests.conftest import Cast


def _public(cast: Cast, **details: str) -> object:
    return notification_submit(
        local_authority=cast.lancashire, kind="public_report", source="public", details=details
    )


def test_matching_explains_which_fields_agreed() -> None:
    known = Known(
        child_id=1,
        upn="",
        forenames=("Siobhán",),
        surnames=("Ó Súilleabháin",),
        date_of_birth=date(2014, 3, 9),
        postcodes=("PR1 4XY",),
        address_lines=("12 Primrose Street",),
    )
    match = score(
        Given(
            forename="Siobhan",
            surname="O'Suilleabhain",
            date_of_birth=date(2014, 9, 3),
            postcode="pr14xy",
        ),
        known,
    )
    assert "surname" in match.agreed
    assert "forename" in match.agreed
    assert "postcode" in match.agreed
    assert "date of birth (day and month swapped)" in match.nearly
    assert "Agreed: surname, forename" in match.explanation
    assert score(
        Given(surname="Nguyễn"), Known(2, "", ("A",), ("Nguyen",), date(2014, 1, 1), (), ())
    ).agreed == ("surname",)


def test_public_report_opens_a_case_and_triage_matches_the_known_child(cast: Cast) -> None:
    child = cast.hawthorn_child  # Leo Haworth, 17 May 2013, PR1 1AA
    n = _public(
        cast, forename="Leo", surname="Haworht", date_of_birth="2013-05-17", postcode="PR1 1AA"
    )
    assert n.case is not None
    assert n.case.stage == CaseStage.NEW
    candidates = match_candidates(cast.charlie, n.details)  # type: ignore[attr-defined]
    assert candidates
    assert candidates[0][0] == child
    best = candidates[0][1]
    assert "date of birth" in best.agreed
    assert "surname (similar spelling)" in best.nearly
    # Blackpool's officer is offered no Lancashire child (only her own pupils)
    offered = {c for c, _ in match_candidates(cast.diana, n.details)}  # type: ignore[attr-defined]
    assert offered <= {cast.seaside_child}
    case = notification_link_child(
        notification=n,
        child=child,
        acting_user=cast.charlie,
        today=TODAY,  # type: ignore[arg-type]
        explanation=best.explanation,
    )
    assert list(case.case_children.values_list("child_id", flat=True)) == [child.pk]
    link = case.case_children.get()
    assert link.classification == "on_roll"  # the engine, from the registers, at triage
    assert "A registered pupil at a school." in link.classification_reasons


def test_one_child_one_case_second_notification_is_merged(cast: Cast) -> None:
    first = school_referral(cast, cast.hawthorn_child)
    second = _public(cast, forename="Leo", surname="Haworth", date_of_birth="2013-05-17")
    assert first.case != second.case  # type: ignore[attr-defined]
    case = notification_link_child(
        notification=second,
        child=cast.hawthorn_child,
        acting_user=cast.charlie,
        today=TODAY,  # type: ignore[arg-type]
    )
    assert case == first.case
    merged = Case.objects.get(pk=second.case.pk)  # type: ignore[attr-defined]
    assert merged.stage == CaseStage.CLOSED
    assert merged.outcome == Outcome.MERGED
    assert merged.merged_into == case
    assert case.notifications.count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():  # the database keeps it so
        CaseChild.objects.create(
            case=merged, child=cast.hawthorn_child, local_authority=cast.lancashire, is_open=True
        )


def test_new_child_record_made_when_nothing_matches(cast: Cast) -> None:
    n = _public(
        cast,
        forename="Thảo",
        surname="Nguyễn",
        date_of_birth="2015-02-28",
        address_line_1="4 New Road",
        town="Preston",
        postcode="PR1 2ZZ",
    )
    assert match_candidates(cast.charlie, n.details) == []  # type: ignore[attr-defined]
    case = notification_create_child(notification=n, acting_user=cast.charlie, today=TODAY)  # type: ignore[arg-type]
    child = case.case_children.get().child
    assert child.legal_surname == "Nguyễn"
    assert not child.registrations.exists()
    # the LA sees the child through its case although the child is on no roll
    assert cases_for_user(cast.charlie).filter(case_children__child=child).exists()


def test_siblings_grouped_into_one_family_case(cast: Cast) -> None:
    sister = ChildFactory(
        legal_forename="Ivy", legal_surname="Haworth", date_of_birth=date(2016, 1, 2)
    )
    ChildCarerFactory(child=sister, carer=cast.hawthorn_child.carer_links.get().carer)
    case = school_referral(cast, cast.hawthorn_child).case
    other = school_referral(cast, sister).case  # her own case first
    assert case is not None
    assert other is not None
    case_add_child(case=case, child=sister, acting_user=cast.charlie, today=TODAY)
    assert set(case.case_children.values_list("child__legal_forename", flat=True)) == {"Leo", "Ivy"}
    assert Case.objects.get(pk=other.pk).outcome == Outcome.MERGED


def test_priority_comes_from_the_rules_engine(cast: Cast) -> None:
    child = cast.hawthorn_child
    child.risk_factors = ["missing_or_runaway"]
    child.social_worker_name = "R. Hindle"
    child.save()
    case = school_referral(cast, child).case
    assert case is not None
    assert case.priority_label == "Urgent"
    assert any("social worker" in r for r in case.priority_reasons)


def test_transitions_only_along_the_table(cast: Cast) -> None:
    case = school_referral(cast).case
    assert case is not None
    with pytest.raises(ValidationError):
        case_transition(
            case=case, to_stage=CaseStage.LOCATED, acting_user=cast.charlie, today=TODAY
        )
    for stage in (CaseStage.TRIAGE, CaseStage.TRACING, CaseStage.LOCATED):
        case = case_transition(case=case, to_stage=stage, acting_user=cast.charlie, today=TODAY)
    assert case.assigned_to == cast.charlie  # whoever starts triage takes it
    assert case.located_on == TODAY
    assert (CaseStage.CLOSED, CaseStage.TRACING) not in TRANSITIONS
    assert AuditEvent.objects.filter(action="case.transition").count() == 3


def test_timer_counts_school_days_on_the_la_calendar(cast: Cast) -> None:
    case = school_referral(cast).case
    assert case is not None
    # no terms kept for the test LA: weekdays less bank holidays. Monday + 1 = Tuesday
    assert case.due_on == TODAY + timedelta(days=1)
    case = case_transition(
        case=case, to_stage=CaseStage.TRIAGE, acting_user=cast.charlie, today=TODAY
    )
    case = case_transition(
        case=case, to_stage=CaseStage.TRACING, acting_user=cast.charlie, today=TODAY
    )
    # 20 school days: 4 weeks of weekdays, less Christmas Day (Fri 25 Dec 2026) and the
    # Boxing Day substitute (Mon 28 Dec), though the test LA keeps no terms or closures
    assert case.due_on == TODAY + timedelta(days=30)


def _traced(cast: Cast) -> Case:
    case = school_referral(cast).case
    assert case is not None
    for stage in (CaseStage.TRIAGE, CaseStage.TRACING):
        case = case_transition(case=case, to_stage=stage, acting_user=cast.charlie, today=TODAY)
    return case


def test_closing_needs_an_outcome_evidence_and_for_not_found_every_enquiry(cast: Cast) -> None:
    case = _traced(cast)
    with pytest.raises(ValidationError) as err:
        case_transition(
            case=case,
            to_stage=CaseStage.CLOSED,
            acting_user=cast.charlie,
            today=TODAY,
            values={"outcome": Outcome.ON_ROLL, "evidence": ""},
        )
    assert "evidence" in err.value.message_dict
    assert "school" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        case_transition(
            case=case,
            to_stage=CaseStage.CLOSED,
            acting_user=cast.charlie,
            today=TODAY,
            values={"outcome": Outcome.NOT_FOUND, "evidence": "All done"},
        )
    assert "Home visit" in str(err.value)
    for kind in EnquiryStepKind:
        enquiry_record(
            case=case,
            step=kind,
            done_on=TODAY,
            person="Charlie",
            method="phone",
            result="Nothing found",
            acting_user=cast.charlie,
            today=TODAY,
        )
    closed = case_transition(
        case=case,
        to_stage=CaseStage.CLOSED,
        acting_user=cast.charlie,
        today=TODAY,
        values={"outcome": Outcome.NOT_FOUND, "evidence": "Every enquiry made; lost pupil CTF"},
    )
    assert closed.stage == CaseStage.CLOSED
    assert closed.closed_on == TODAY
    assert not CaseChild.objects.filter(case=closed, is_open=True).exists()
    assert set(closed.notifications.values_list("status", flat=True)) == {NotificationStatus.CLOSED}


def test_enquiry_needs_date_person_and_result(cast: Cast) -> None:
    case = _traced(cast)
    with pytest.raises(ValidationError) as err:
        enquiry_record(
            case=case,
            step="home_visit",
            done_on=TODAY + timedelta(days=1),
            person=" ",
            method="visit",
            result="",
            acting_user=cast.charlie,
            today=TODAY,
        )
    assert set(err.value.message_dict) == {"done_on", "person", "result"}


def test_on_roll_elsewhere_outcome_is_what_the_referring_school_sees(cast: Cast) -> None:
    n = school_referral(cast)
    case = _traced(cast)
    case = case_transition(
        case=case, to_stage=CaseStage.LOCATED, acting_user=cast.charlie, today=TODAY
    )
    case_transition(
        case=case,
        to_stage=CaseStage.CLOSED,
        acting_user=cast.charlie,
        today=TODAY,
        values={
            "outcome": Outcome.ON_ROLL,
            "school": cast.pru,
            "evidence": "Stepping Stones confirmed by phone",
        },
    )
    n.refresh_from_db()
    assert n.status == NotificationStatus.CLOSED
    assert n.stage_label == "Closed"
    assert n.outcome_label == "On roll at a named school (confirmed): Stepping Stones"


def test_family_moved_to_an_la_using_onroll_is_handed_over(
    cast: Cast, django_capture_on_commit_callbacks, mailoutbox
) -> None:  # type: ignore[no-untyped-def]
    case = _traced(cast)
    with django_capture_on_commit_callbacks(execute=True):
        closed = case_transition(
            case=case,
            to_stage=CaseStage.CLOSED,
            acting_user=cast.charlie,
            today=TODAY,
            values={
                "outcome": Outcome.MOVED_LA,
                "to_la": cast.blackpool,
                "evidence": "Mother phoned: moved to Blackpool",
            },
        )
    new = closed.handed_over_to.get()
    assert [m.to for m in mailoutbox] == [["cme@example.org"]]
    assert new.reference in mailoutbox[0].body
    assert "Dewhurst" not in mailoutbox[0].body  # no child named in an email
    assert new.local_authority == cast.blackpool
    assert new.stage == CaseStage.NEW
    assert list(new.case_children.values_list("child", flat=True)) == [cast.pru_child.pk]
    assert cases_for_user(cast.diana).filter(pk=new.pk).exists()
    assert not cases_for_user(cast.charlie).filter(pk=new.pk).exists()
    with pytest.raises(ValidationError):  # not to one's own LA
        case_transition(
            case=_traced_other(cast),
            to_stage=CaseStage.CLOSED,
            acting_user=cast.charlie,
            today=TODAY,
            values={"outcome": Outcome.MOVED_LA, "to_la": cast.lancashire, "evidence": "x"},
        )


def _traced_other(cast: Cast) -> Case:
    case = school_referral(cast, cast.hawthorn_child).case
    assert case is not None
    for stage in (CaseStage.TRIAGE, CaseStage.TRACING):
        case = case_transition(case=case, to_stage=stage, acting_user=cast.charlie, today=TODAY)
    return case


def test_safeguarding_escalation_makes_the_case_urgent(cast: Cast) -> None:
    case = _traced(cast)
    escalation_record(
        case=case,
        escalated_to="police",
        concern="Seen with adults unknown",
        their_reference="LC-123",
        acting_user=cast.charlie,
        today=TODAY,
    )
    case.refresh_from_db()
    assert case.priority_label == "Urgent"
    assert AuditEvent.objects.filter(action="case.safeguarding_escalated").count() == 1


def test_joint_enquiry_ends_in_an_agreed_off_roll_date_the_school_relies_on(cast: Cast) -> None:
    case = _traced(cast)
    joint = joint_enquiry_start(
        case=case,
        school=cast.hawthorn,
        child=cast.pru_child,
        ground="I",
        proposed_off_roll_date=TODAY + timedelta(days=7),
        notes="",
        acting_user=cast.charlie,
        today=TODAY,
    )
    assert agreed_joint_enquiry(cast.hawthorn, cast.pru_child) is None
    with pytest.raises(ValidationError):  # only the school agrees
        joint_enquiry_agree(
            joint=joint,
            outcome="whereabouts_unknown",
            agreed_off_roll_date=TODAY,
            acting_user=cast.charlie,
        )
    joint_enquiry_agree(
        joint=joint,
        outcome="whereabouts_unknown",
        agreed_off_roll_date=TODAY + timedelta(days=7),
        acting_user=cast.bob,
    )
    agreed = agreed_joint_enquiry(cast.hawthorn, cast.pru_child)
    assert agreed is not None
    assert agreed.agreed_off_roll_date == TODAY + timedelta(days=7)
    with pytest.raises(ValidationError):
        joint_enquiry_start(
            case=case,
            school=cast.seaside,
            child=cast.pru_child,
            ground="I",
            proposed_off_roll_date=None,
            notes="",
            acting_user=cast.charlie,
            today=TODAY,
        )
