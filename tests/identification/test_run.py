"""Running identification, reviewing uncertain matches, and opening cases in bulk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from onroll.cases.factories import CaseChildFactory
from onroll.cases.models import (
    CaseChild,
    Notification,
    NotificationKind,
    NotificationSource,
)
from onroll.cases.services import notification_submit
from onroll.cases.workflow import CaseStage, Outcome
from onroll.core.models import AuditEvent
from onroll.identification import bulk_cases, services
from onroll.identification.factories import MatchDecisionFactory, PopulationRecordFactory
from onroll.identification.models import (
    DecisionStatus,
    RunStatus,
)
from onroll.identification.selectors import known_children, run_results
from onroll.people.factories import ChildAddressFactory, ChildFactory
from onroll.people.models import Child, Sex
from onroll.registers.factories import RegistrationFactory
from tests.clock import TODAY
from tests.conftest import Cast
from tests.identification import records

pytestmark = pytest.mark.django_db

FORENAMES = ["Oliver", "Amelia", "George", "Isla", "Noah", "Freya", "Jack", "Grace", "Harry"]
SURNAMES = ["Ashworth", "Bamber", "Cottam", "Duckworth", "Eccles", "Fazackerley", "Gorton"]


def fill_roll(cast: Cast, n: int = 30) -> list[Child]:
    """More pupils on Hawthorn's roll, so the engine has something to learn from."""
    made = []
    for i in range(n):
        child = ChildFactory(
            legal_forename=FORENAMES[i % len(FORENAMES)],
            legal_surname=SURNAMES[(i * 3) % len(SURNAMES)]
            + ("" if i < 7 else f"{'e' * (i // 7)}"),
            date_of_birth=date(2011 + i % 5, 1 + i % 12, 1 + (i * 7) % 28),
            sex=Sex.MALE if i % 2 else Sex.FEMALE,
            upn="",
        )
        ChildAddressFactory(
            child=child,
            address__line_1=f"{i + 10} Church Street",
            address__town="Chorley",
            address__postcode=f"PR7 {1 + i % 9}AB",
        )
        RegistrationFactory(child=child, school=cast.hawthorn)
        made.append(child)
    return made


def upload_text(cast: Cast, text: str):  # type: ignore[no-untyped-def]
    return services.population_upload_create(
        acting_user=cast.charlie,
        file_name="health.csv",
        data=text.encode(),
        source="health",
        today=TODAY,
    )


def test_identification_matches_the_roll_and_lists_the_children_on_no_roll(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    roll = fill_roll(cast)
    other = roll[4]
    upload = upload_text(
        cast,
        "id,forename,surname,dob,sex,postcode,address\n"
        "h1,Ava,Dewhurst,2013-05-17,F,PR1 1AA,1 Test Street\n"
        f"h2,{other.legal_forename},{other.legal_surname},{other.date_of_birth:%d/%m/%Y},,,\n"
        # Mia is on a Blackpool roll: not on any roll in Lancashire
        "h3,Mia,Nowak,2013-05-17,F,FY1 1AA,\n"
        "h4,Poppy,Nightingale,2015-09-09,F,BB1 2AB,\n"
        "h5,Baby,Nightingale,2024-09-09,F,BB1 2AB,\n",
    )
    client = client_for("charlie")
    response = client.post(reverse("identification:upload_run", args=[upload.pk]))
    run = upload.runs.get()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert response.status_code == 302
    assert response["Location"] == reverse("identification:run_detail", args=[run.pk])
    results = run_results(run)
    matched = {r.record.record_id: r.matched.child for r in results.matched if r.matched}
    assert matched == {"h1": cast.pru_child, "h2": other}
    assert {r.record.record_id for r in results.unmatched} == {"h3", "h4", "h5"}
    assert {r.record.record_id for r in results.unmatched_of_school_age} == {"h3", "h4"}
    assert (run.matched_count, run.review_count, run.unmatched_count) == (2, 0, 3)
    assert run.roll_count == 32  # Ava, Leo and the 30 more; not Blackpool's Mia
    ava = next(r.matched for r in results.matched if r.record.record_id == "h1")
    assert ava is not None
    assert ava.status == DecisionStatus.AUTO
    assert ava.probability >= 0.9
    fields = {e["field"]: e for e in ava.explanation}
    assert {"forename", "surname", "dob"} <= set(fields)
    assert float(fields["dob"]["weight"]) > 0  # type: ignore[arg-type]
    assert ava.known_as == ["On roll at Hawthorn Lane High", "On roll at Stepping Stones"]
    page = client.get(response["Location"]).content.decode()
    assert "Mia Nowak" in page
    assert "Poppy Nightingale" in page
    assert "Open CME cases for children on no roll" in page
    assert "Date of birth" in page  # the explanation, field by field
    finished = AuditEvent.objects.get(action="identification.run_finished")
    assert finished.detail["unmatched"] == 3


def test_known_children_are_the_areas_rolls_and_the_las_open_cases(cast: Cast) -> None:
    lost = ChildFactory(
        legal_forename="Nobody", legal_surname="Onroll", date_of_birth=date(2014, 2, 3)
    )
    notification_submit(
        local_authority=cast.lancashire,
        kind=NotificationKind.AGENCY_REPORT,
        source=NotificationSource.LA,
        details={"forename": "Nobody", "surname": "Onroll", "date_of_birth": "2014-02-03"},
        child=lost,
        submitted_by=cast.charlie,
        open_case=True,
    )
    known = {k.child: k for k in known_children(cast.lancashire.pk)}
    assert set(known) == {cast.pru_child, cast.hawthorn_child, lost}
    assert known[lost].open_case
    assert known[cast.hawthorn_child].postcode == "PR1 1AA"
    assert [k.child for k in known_children(cast.blackpool.pk)] == [cast.seaside_child]


def test_accepting_an_uncertain_match_is_audited(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    decision = records.decision(cast)
    client = client_for("charlie")
    url = reverse("identification:match_review", args=[decision.pk])
    page = client.get(url).content.decode()
    assert "Population record" in page
    assert "Child known to the LA" in page
    assert "On roll at Stepping Stones" in page
    assert client.post(url, {}).status_code == 200  # no choice: error shown
    response = client.post(url, {"decision": "accept"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.decided_by) == (DecisionStatus.ACCEPTED, cast.charlie)
    event = AuditEvent.objects.get(action="identification.match_accepted")
    assert (event.actor, event.child_id, event.object_id) == (
        cast.charlie,
        cast.pru_child.pk,
        str(decision.pk),
    )
    run = decision.run
    run.refresh_from_db()
    assert (run.matched_count, run.review_count, run.unmatched_count) == (1, 0, 1)
    with pytest.raises(ValidationError, match="already been decided"):
        services.match_decide(decision=decision, accept=False, acting_user=cast.charlie)


def test_rejecting_an_uncertain_match_is_audited_and_leaves_the_child_on_no_roll(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    decision = records.decision(cast)
    response = client_for("charlie").post(
        reverse("identification:match_review", args=[decision.pk]), {"decision": "reject"}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REJECTED
    event = AuditEvent.objects.get(action="identification.match_rejected")
    assert (event.actor, event.child_id) == (cast.charlie, cast.pru_child.pk)
    results = run_results(decision.run)
    assert {r.record.record_id for r in results.unmatched} == {"H1", "H2"}


def test_children_on_no_roll_become_cases_in_bulk_after_confirmation(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    run = records.run(cast)
    nobody = run.upload.records.get(record_id="H2")
    client = client_for("charlie")
    url = reverse("identification:run_cases", args=[run.pk])
    choose = client.get(url).content.decode()
    assert "Nobody Onroll" in choose
    assert "Ava Dewhurst" not in choose  # waiting for review, not on the list
    check = reverse("identification:run_cases_check", args=[run.pk])
    open_url = reverse("identification:run_cases_open", args=[run.pk])
    confirm = client.post(check, {"records": [nobody.pk]})
    assert "Open 1 CME case?" in confirm.content.decode()
    assert not Notification.objects.exists()  # nothing until confirmed
    response = client.post(open_url, {"records": [nobody.pk]})
    assert response.status_code == 302
    nobody.refresh_from_db()
    notification = nobody.notification
    assert notification is not None
    assert notification.case is not None
    assert (notification.local_authority, notification.source) == (cast.lancashire, "la")
    link = CaseChild.objects.get(case=notification.case)
    assert (link.child.legal_forename, link.child.legal_surname) == ("Nobody", "Onroll")
    assert link.child.date_of_birth == date(2014, 2, 3)
    event = AuditEvent.objects.get(action="identification.cases_created")
    assert event.actor == cast.charlie
    assert event.detail["created"] == [{"record": "H2", "notification": notification.reference}]
    # done once: no second case from the same record, by the page or the service
    assert "Nobody Onroll" not in client.get(url).content.decode()
    stale = client.post(open_url, {"records": [nobody.pk]}).content.decode()
    assert "A child you chose is no longer on the list: choose again" in stale
    again = bulk_cases.cases_create_for_unmatched(
        run=run, record_ids=[nobody.pk], acting_user=cast.charlie, today=TODAY
    )
    assert again.created == []
    assert again.skipped == [(nobody, "a case was already made for this record")]
    assert Notification.objects.count() == 1


def test_a_child_who_already_has_an_open_case_is_not_given_another(cast: Cast) -> None:
    run = records.run(cast)
    nobody = run.upload.records.get(record_id="H2")
    child = ChildFactory(
        legal_forename="NOBODY", legal_surname="Onroll", date_of_birth=date(2014, 2, 3)
    )
    existing = notification_submit(
        local_authority=cast.lancashire,
        kind=NotificationKind.CME_REFERRAL,
        source=NotificationSource.LA,
        details={},
        child=child,
        submitted_by=cast.charlie,
        open_case=True,
    )
    assert existing.case is not None
    made = bulk_cases.cases_create_for_unmatched(
        run=run, record_ids=[nobody.pk], acting_user=cast.charlie, today=TODAY
    )
    assert made.created == []
    assert made.skipped == [(nobody, f"already in open CME case {existing.case.reference}")]
    assert Notification.objects.count() == 1
    event = AuditEvent.objects.get(action="identification.cases_created")
    assert event.detail["skipped"][0]["record"] == "H2"


def test_the_same_child_twice_in_a_file_makes_one_case(cast: Cast) -> None:
    upload = upload_text(
        cast,
        "id,forename,surname,dob\na,Zara,Quill,2014-03-03\nb,zara,QUILL,03/03/2014\n",
    )
    run = services.linkage_run_start(upload=upload, acting_user=cast.charlie, today=TODAY)
    assert run.status == RunStatus.SUCCEEDED, run.error
    ids = list(upload.records.values_list("pk", flat=True))
    made = bulk_cases.cases_create_for_unmatched(
        run=run, record_ids=ids, acting_user=cast.charlie, today=TODAY
    )
    assert len(made.created) == 1
    assert len(made.skipped) == 1
    assert "the same child as another row" in made.skipped[0][1]
    assert Notification.objects.count() == 1
    assert set(upload.records.values_list("notification", flat=True)) == {made.created[0][1].pk}


def test_children_not_of_compulsory_school_age_are_not_offered(cast: Cast) -> None:
    upload = upload_text(cast, "id,forename,surname,dob\nt,Tiny,Tot,2024-01-01\n")
    run = services.linkage_run_start(upload=upload, acting_user=cast.charlie, today=TODAY)
    made = bulk_cases.cases_create_for_unmatched(
        run=run,
        record_ids=[upload.records.get().pk],
        acting_user=cast.charlie,
        today=TODAY,
    )
    assert made.created == []
    assert made.skipped[0][1] == "not of compulsory school age"


def test_children_the_la_knows_are_home_educated_are_known(cast: Cast) -> None:
    child = ChildFactory(
        legal_forename="Hettie", legal_surname="Homeschool", date_of_birth=date(2014, 6, 1)
    )
    CaseChildFactory(
        case__reference="CASE-EHE1-TEST",
        case__local_authority=cast.lancashire,
        case__opened_on=TODAY,
        case__stage=CaseStage.CLOSED,
        case__closed_on=TODAY,
        case__outcome=Outcome.EHE,
        case__outcome_evidence="Parent's written notice of elective home education.",
        child=child,
        is_open=False,
    )
    known = {k.child: k for k in known_children(cast.lancashire.pk)}
    assert known[child].known_as == ["Elective home education (case CASE-EHE1-TEST)"]
    assert not known[child].open_case


def test_the_results_page_reads_in_a_fixed_number_of_queries(
    cast: Cast, client_for: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    run = records.run(cast)
    client = client_for("charlie")
    url = reverse("identification:run_detail", args=[run.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(20):
        PopulationRecordFactory(
            upload=run.upload,
            line=10 + i,
            record_id=f"X{i}",
            forename="More",
            surname=f"Children{i}",
            date_of_birth=date(2014, 1, 1 + i),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_child_without_both_names_is_not_opened_in_bulk(cast: Cast) -> None:
    upload = upload_text(cast, "id,forename,surname,dob\nn,,Nameless,2014-04-04\n")
    run = services.linkage_run_start(upload=upload, acting_user=cast.charlie, today=TODAY)
    results = run_results(run)
    assert results.eligible_for_case == []
    assert [r.record.record_id for r in results.unnamed_of_school_age] == ["n"]
    made = bulk_cases.cases_create_for_unmatched(
        run=run,
        record_ids=[upload.records.get().pk],
        acting_user=cast.charlie,
        today=TODAY,
    )
    assert made.created == []
    assert "record it from the CME inbox" in made.skipped[0][1]


def test_a_list_of_children_none_of_whom_is_on_a_roll_still_runs(cast: Cast) -> None:
    """No pair scoring above the engine's floor is a normal answer: everyone on no roll."""
    fill_roll(cast, 10)
    upload = upload_text(
        cast,
        "id,forename,surname,dob,postcode\n"
        "x,Zara,Quill,2014-03-03,LA1 2AB\n"
        "y,Kacper,Wojcikowski,2013-10-01,\n",
    )
    run = services.linkage_run_start(upload=upload, acting_user=cast.charlie, today=TODAY)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert (run.matched_count, run.review_count, run.unmatched_count) == (0, 0, 2)
    assert not run.decisions.exists()


def test_matched_records_are_shown_a_hundred_to_a_page(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    run = records.run(cast)
    for i in range(105):
        MatchDecisionFactory(
            run=run,
            record__line=100 + i,
            record__record_id=f"M{i}",
            record__forename="Matched",
            record__surname=f"Pupil{i:03d}",
            child=cast.hawthorn_child,
            probability=0.99,
            match_weight=9.0,
            engine_decision="linked",
            status=DecisionStatus.AUTO,
        )
    url = reverse("identification:run_detail", args=[run.pk])
    client = client_for("charlie")
    first = client.get(url).content.decode()
    assert "Pupil099" in first
    assert "Pupil100" not in first
    assert "Showing 1 to 100 of 105 matched records" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Pupil104" in second
    assert "Pupil000" not in second
    assert "Showing 101 to 105 of 105 matched records" in second
