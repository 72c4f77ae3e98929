"""The officer's pages through the test client: triage, tracing, closing, reports, exports,
the school's referral form and list, and the work queue."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from onroll.cases.models import Case, Notification
from onroll.cases.reports import safe_cell
from onroll.cases.workflow import CaseStage, EnquiryStepKind
from onroll.core.registry import work_queue_for
from tests.cases.factories import agency_report, school_referral, ten_day_returns
from tests.clock import TODAY
from tests.conftest import Cast
from tests.forms import date_fields as _date


def test_school_refers_a_pupil_and_sees_stage_then_outcome(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    bob = client_for("bob")
    page = bob.get(reverse("cases:refer")).content.decode()
    assert "Haworth, Leo" in page
    assert "Nowak" not in page
    response = bob.post(
        reverse("cases:refer"),
        {
            "kind": "cme_referral",
            "pupil": cast.hawthorn_child.pk,
            "situation": "may_have_moved_away",
            "narrative": "Home visit: house empty, neighbours say they moved.",
        },
    )
    assert response.status_code == 302
    notification = Notification.objects.get()
    case = notification.case
    assert case is not None
    assert "Received by the CME team" in bob.get(reverse("cases:school_referrals")).content.decode()

    charlie = client_for("charlie")
    detail = reverse("cases:case_detail", args=[case.pk])
    for stage in ("triage", "tracing"):
        charlie.post(reverse("cases:case_move", args=[case.pk]), {"to_stage": stage})
    today = TODAY
    response = charlie.post(
        reverse("cases:case_enquiry", args=[case.pk]),
        {
            "step": EnquiryStepKind.CONTACT_CALLS,
            "person": "Charlie",
            "method": "phone",
            "result": "Mother answered: started at Stepping Stones",
            **_date("done_on", today),
        },
    )
    assert response.status_code == 302
    assert "Mother answered" in charlie.get(detail).content.decode()
    charlie.post(reverse("cases:case_move", args=[case.pk]), {"to_stage": "located"})
    bad = charlie.post(reverse("cases:case_close", args=[case.pk]), {"outcome": "on_roll"})
    assert "Enter the evidence" in bad.content.decode()
    response = charlie.post(
        reverse("cases:case_close", args=[case.pk]),
        {"outcome": "on_roll", "school": cast.pru.pk, "evidence": "Confirmed by the PRU office"},
    )
    assert response.status_code == 302
    listing = bob.get(reverse("cases:school_referrals")).content.decode()
    assert "On roll at a named school (confirmed): Stepping Stones" in listing


def test_classification_is_shown_with_its_reasons(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    case = school_referral(cast).case
    assert case is not None
    url = reverse("cases:case_classify", args=[case.pk, cast.pru_child.pk])
    charlie = client_for("charlie")
    assert "Onroll shows the child on a school roll now" in charlie.get(url).content.decode()
    charlie.post(url, {"known": ["on_roll", "whereabouts_unknown"]})
    page = charlie.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Whereabouts unknown" in page
    assert "joint reasonable enquiries" in page  # the engine's reason, in words


def test_officers_overdue_cases_come_first_on_their_home(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    late = school_referral(cast).case
    soon = school_referral(cast, cast.hawthorn_child).case
    assert late is not None
    assert soon is not None
    Case.objects.filter(pk=late.pk).update(due_on=TODAY - timedelta(days=14))
    items = work_queue_for(cast.charlie, TODAY)
    assert [i.href for i in items[:2]] == [
        reverse("cases:case_detail", args=[late.pk]),
        reverse("cases:case_detail", args=[soon.pk]),
    ]
    assert items[0].overdue
    assert not items[1].overdue
    home = client_for("charlie").get(reverse("la:home")).content.decode()
    assert home.index(late.reference) < home.index(soon.reference)
    assert "Overdue by" in home
    assert work_queue_for(cast.diana, TODAY) == []


def test_reports_and_exports_are_safe_against_formula_injection(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    case = school_referral(cast).case
    assert case is not None
    Case.objects.filter(pk=case.pk).update(
        stage=CaseStage.CLOSED,
        outcome="moved_abroad",
        outcome_detail='=HYPERLINK("x")',
        outcome_evidence="e",
        closed_on=TODAY,
    )
    charlie = client_for("charlie")
    page = charlie.get(reverse("cases:reports")).content.decode()
    assert "<svg" in page
    assert "Open cases by stage" in page
    assert "<table" in page
    assert charlie.get(reverse("cases:export_csv")).status_code == 302  # POST only
    rows = list(csv.reader(io.StringIO(charlie.post(reverse("cases:export_csv")).content.decode())))
    assert rows[0][0] == "Case reference"
    assert rows[1][9] == '\'=HYPERLINK("x")'
    assert "Dewhurst" not in str(rows)  # no names in the export
    book = load_workbook(io.BytesIO(charlie.post(reverse("cases:export_xlsx")).content))
    sheet = book["CME cases"]
    assert sheet.cell(row=2, column=10).value == '\'=HYPERLINK("x")'
    assert sheet.cell(row=2, column=10).data_type == "s"
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell(5) == 5
    assert safe_cell("Preston") == "Preston"


def test_transfer_pack_names_whom_to_contact(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    case = school_referral(cast).case
    assert case is not None
    page = client_for("charlie").get(reverse("cases:transfer_pack", args=[case.pk]))
    body = page.content.decode()
    assert "cme@lancashire.gov.uk" in body
    assert "Dewhurst" in body


def test_joint_enquiry_agreed_by_the_school_through_its_page(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    case = school_referral(cast).case
    assert case is not None
    charlie = client_for("charlie")
    today = TODAY
    charlie.post(
        reverse("cases:case_joint", args=[case.pk]),
        {
            "school": cast.hawthorn.pk,
            "child": cast.pru_child.pk,
            "ground": "I",
            **_date("proposed_off_roll_date", today + timedelta(days=5)),
        },
    )
    joint = case.joint_enquiries.get()
    bob = client_for("bob")
    assert "agree the outcome" in bob.get(reverse("cases:school_referrals")).content.decode()
    assert client_for("alice").get(reverse("cases:joint_agree", args=[joint.pk])).status_code == 404
    response = bob.post(
        reverse("cases:joint_agree", args=[joint.pk]),
        {
            "outcome": "whereabouts_unknown",
            **_date("agreed_off_roll_date", today + timedelta(days=5)),
        },
    )
    assert response.status_code == 302
    joint.refresh_from_db()
    assert joint.agreed_off_roll_date == today + timedelta(days=5)


def test_record_a_phone_report_from_an_agency(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    response = client_for("charlie").post(
        reverse("cases:record_report"),
        {
            "source": "agency",
            "agency": "Health visiting",
            "child_forename": "Ada",
            "child_surname": "Lovelace",
            "concern": "Not in school",
            "in_danger": "no",
        },
    )
    assert response.status_code == 302
    n = Notification.objects.get()
    assert n.kind == "agency_report"
    assert n.case is not None
    assert n.submitted_by == cast.charlie


def test_contacts_are_kept_by_the_cme_manager_and_shown_on_the_public_form(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    from onroll.accounts.models import RoleGrant

    values = {
        "cme_team_name": "Children Missing Education Team",
        "cme_email": "cme.new@lancashire.gov.uk",
        "cme_phone": "01257 000111",
        "cmooe_email": "CMOOE@lancashire.gov.uk",
        "cmooe_phone": "",
        "contact_address": "County Hall, Preston",
    }
    charlie = client_for("charlie")
    charlie.post(reverse("cases:contacts"), values)  # an officer cannot change them
    cast.lancashire.refresh_from_db()
    assert cast.lancashire.cme_email == "cme@lancashire.gov.uk"
    RoleGrant.objects.create(user=cast.charlie, role="cme_manager")
    assert client_for("charlie").post(reverse("cases:contacts"), values).status_code == 302
    public = Client().get(reverse("cases:public_report")).content.decode()
    assert "cme.new@lancashire.gov.uk" in public
    assert "01257 000111" in public
    assert (
        client_for("diana")
        .get(reverse("cases:contacts"))
        .content.decode()
        .count("cme.new@lancashire.gov.uk")
        == 0
    )


def test_reporter_thinks_child_in_danger_makes_the_case_urgent(cast: Cast) -> None:
    from onroll.cases.services import notification_submit

    n = notification_submit(
        local_authority=cast.lancashire,
        kind="public_report",
        source="public",
        details={"forename": "A", "surname": "B", "in_danger": "yes"},
    )
    assert n.case is not None
    assert n.case.priority_label == "Urgent"
    assert any("in danger" in r for r in n.case.priority_reasons)


def test_assign_to_an_officer_of_the_same_la_only(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    case = school_referral(cast).case
    assert case is not None
    charlie = client_for("charlie")
    charlie.post(reverse("cases:case_assign", args=[case.pk]), {"officer": cast.diana.pk})
    case.refresh_from_db()
    assert case.assigned_to is None
    charlie.post(reverse("cases:case_assign", args=[case.pk]), {"officer": cast.charlie.pk})
    case.refresh_from_db()
    assert case.assigned_to == cast.charlie


def test_case_list_query_count_does_not_grow_with_cases(
    cast: Cast, client_for: Callable[[str], Client], django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(12):
        agency_report(cast.lancashire, forename=f"C{i}", surname="Test")
    charlie = client_for("charlie")
    with django_assert_max_num_queries(20):
        response = charlie.get(reverse("cases:case_list"))
    assert response.content.decode().count("CASE-") >= 12


def test_reports_give_the_counts_an_la_reports_upwards(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    school_referral(cast)
    page = client_for("charlie").get(reverse("cases:reports")).content.decode()
    assert "Counts to report upwards" in page
    assert "Child missing education referral" in page
    assert "CME cases opened" in page
    assert "Cases closed by month (last 12 months)" in page
    assert page.count("<svg") == 5  # every chart has its table beside it
    assert page.count('role="img"') == 5


def test_returns_waiting_in_the_inbox_are_one_item_on_the_queue(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    ten_day_returns(cast, 2)
    items = [i for i in work_queue_for(cast.charlie, TODAY) if i.kind == "cme_inbox"]
    assert [i.title for i in items] == ["2 notifications in the CME inbox to read"]
    assert not Notification.objects.filter(case__isnull=False).exists()
    inbox = client_for("charlie").get(reverse("cases:inbox")).content.decode()
    assert inbox.count("Not in a case") == 2
    assert [i for i in work_queue_for(cast.diana, TODAY) if i.kind == "cme_inbox"] == []
