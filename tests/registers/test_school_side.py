"""Admission and the new-pupil return, PRU placements and day 6, the exclusion review,
referrals to the LA with their status, moves, and the work queue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from onroll.cases.models import Notification
from onroll.core.models import AuditEvent
from onroll.core.registry import work_queue_for
from onroll.people.factories import ChildFactory
from onroll.registers.factories import RegistrationFactory
from onroll.registers.models import LaReturn, Move, Placement, Registration
from onroll.registers.placements import exclusion_event_record, placement_put_on_roll
from tests.clock import TODAY
from tests.conftest import Cast
from tests.forms import date_fields as _d
from tests.registers import records


@pytest.fixture
def calendar(cast: Cast) -> None:
    records.with_calendar(cast)


def test_admission_creates_the_new_pupil_return_with_its_due_date(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    today = TODAY
    response = client_for("alice").post(
        reverse("registers:admit"),
        {
            "legal_forename": "Nova",
            "legal_surname": "Lomax",
            **_d("date_of_birth", date(2013, 4, 4)),
            "sex": "F",
            "upn": "B801200005001",
            "kind": "C",
            **_d("starting_day", today),
            "address_line_1": "3 Moor Road",
            "town": "Burnley",
            "carer_forename": "Kim",
            "carer_surname": "Lomax",
            "carer_emergency_phone": "01282 000000",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(child__legal_surname="Lomax")
    new_pupil = LaReturn.objects.get(registration=registration)
    assert (new_pupil.kind, new_pupil.status) == ("new_pupil", "due")
    assert (new_pupil.due_on - today).days == 5  # reg 13(1): fifth day after entry
    assert AuditEvent.objects.filter(action="registration.created").exists()
    client = client_for("alice")
    client.post(reverse("registers:la_return_send", args=[new_pupil.pk]))
    new_pupil.refresh_from_db()
    assert new_pupil.status == "sent"


def test_admitting_with_an_invalid_upn_changes_nothing(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    before = Registration.objects.count()
    body = (
        client_for("alice")
        .post(
            reverse("registers:admit"),
            {
                "legal_forename": "Nova",
                "legal_surname": "Lomax",
                **_d("date_of_birth", date(2013, 4, 4)),
                "sex": "F",
                "upn": "X80120000A001",
                "kind": "C",
                **_d("starting_day", TODAY),
            },
        )
        .content.decode()
    )
    assert "govuk-error-summary" in body
    assert "Enter a valid UPN: character 10 must be a digit" in body
    assert Registration.objects.count() == before


def test_pex_pupil_goes_on_roll_by_day_6_dual_registered(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    exclusion = records.exclusion(cast)  # Hawthorn excludes Leo on Mon 23 Nov 2026
    placement = records.placement(cast)
    queue = work_queue_for(cast.alice, date(2026, 11, 25))
    day6 = [item for item in queue if item.kind == "day6"]
    assert day6[0].due == date(2026, 11, 30)  # Mon 23 + 5 school days (weekend skipped)
    assert day6[0].school_days_left == 3
    response = client_for("alice").post(
        reverse("registers:placement_on_roll", args=[placement.pk]),
        _d("starting_day", date(2026, 11, 27)),
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "on_roll"
    kinds = dict(
        Registration.objects.filter(child=exclusion.child, deleted_on__isnull=True).values_list(
            "school__laestab", "kind"
        )
    )
    assert kinds == {"8884101": "M", "8881100": "S"}
    assert LaReturn.objects.filter(child=exclusion.child, kind="new_pupil").exists()


def test_review_moves_only_along_the_rules_transitions(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    exclusion = records.exclusion(cast)
    url = reverse("registers:exclusion", args=[exclusion.pk])
    step = reverse("registers:exclusion_event", args=[exclusion.pk])
    body = (
        client_for("bob")
        .post(step, {"event": "irp_upheld", **_d("occurred_on", date(2026, 11, 24))})
        .content.decode()
    )
    assert "govuk-error-summary" in body
    exclusion.refresh_from_db()
    assert exclusion.state == "excluded"
    response = client_for("bob").post(
        step, {"event": "board_notified", **_d("occurred_on", date(2026, 11, 24))}
    )
    assert response.status_code == 302
    exclusion.refresh_from_db()
    assert exclusion.state == "board_pending"
    page = client_for("bob").get(url).content.decode()
    assert "15 December 2026" in page  # 15 school days after 24 Nov (board deadline)
    assert "The LA&#x27;s Pupil Access Team has not directed removal" in page


def test_only_the_excluding_school_moves_the_review(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    exclusion = records.exclusion(cast)
    response = client_for("alice").post(
        reverse("registers:exclusion_event", args=[exclusion.pk]),
        {"event": "board_notified", **_d("occurred_on", date(2026, 11, 24))},
    )
    assert response.status_code == 404
    exclusion.refresh_from_db()
    assert exclusion.state == "excluded"


def test_cmooe_report_reaches_the_la_and_shows_its_status(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    child = cast.pru_child
    client = client_for("alice")
    bad = client.post(
        reverse("registers:cmooe", args=[child.pk]),
        {"reason": "", "hours_offered": "50", "plan": "", **_d("review_on", date(2020, 1, 1))},
    ).content.decode()
    assert "govuk-error-summary" in bad
    assert not Notification.objects.exists()
    response = client.post(
        reverse("registers:cmooe", args=[child.pk]),
        {
            "reason": "Anxiety-based school avoidance; attends two mornings",
            "hours_offered": "6",
            "plan": "Build up by one session a fortnight with CAMHS support",
            **_d("review_on", date(2027, 1, 15)),
        },
    )
    assert response.status_code == 302
    report = Notification.objects.get(kind="cmooe_report")
    assert report.details["hours_offered"] == 6
    assert report.child == child
    page = client.get(reverse("cases:school_referrals")).content.decode()
    assert report.reference in page
    assert "Received" in page
    report.status = "triaged"
    report.save()
    assert "Being worked" in client.get(reverse("cases:school_referrals")).content.decode()


def test_leaver_with_no_destination_becomes_a_cme_referral(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    registration = records.pru_single_child(cast)
    client = client_for("alice")
    url = reverse("registers:leaving", args=[registration.pk])
    client.post(
        reverse("registers:leaving_start", args=[registration.pk]),
        {"reason": "Left the area", "destination_unknown": "on"},
    )
    page = client.get(url).content.decode()
    assert "Refer to the LA CME team" in page
    assert "Pending leaver" in page
    registration.refresh_from_db()
    assert registration.deleted_on is None  # still on roll
    leaving = registration.leavings.get()
    response = client.post(
        reverse("registers:cme_referral", args=[registration.child_id]),
        {"situation": "moved_out_of_area_no_school", "narrative": "", "leaving": leaving.pk},
    )
    assert response.status_code == 200, "a referral must say what the school knows"
    assert "Enter what you know" in response.content.decode()
    assert not Notification.objects.exists()
    response = client.post(
        reverse("registers:cme_referral", args=[registration.child_id]),
        {
            "situation": "moved_out_of_area_no_school",
            "narrative": "Last seen 20 November; the family's phone is disconnected",
            "leaving": leaving.pk,
        },
    )
    assert response.status_code == 302
    referral = Notification.objects.get(kind="cme_referral")
    assert referral.details["legal_name"] == "Ruby Clegg"
    assert referral.details["address"].startswith("5 Mill Lane")
    leaving.refresh_from_db()
    assert leaving.referral == referral


def test_moving_family_is_followed_up(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    client = client_for("alice")
    response = client.post(
        reverse("registers:move_new", args=[cast.pru_child.pk]),
        {"parent_name": "Pat Dewhurst", "town": "Whitby", **_d("move_on", date(2026, 11, 26))},
    )
    assert response.status_code == 302
    move = Move.objects.get()
    queue = work_queue_for(cast.alice, date(2026, 11, 30))
    assert any(item.kind == "move" and item.overdue for item in queue)
    page = client.get(reverse("registers:move", args=[move.pk])).content.decode()
    assert "Refer to the LA CME team" in page  # no intended school or LA
    client.post(
        reverse("registers:move", args=[move.pk]), {"outcome": "not_known", "note": "No reply"}
    )
    move.refresh_from_db()
    assert move.followed_up_on == TODAY
    assert not any(i.kind == "move" for i in work_queue_for(cast.alice, date(2026, 11, 30)))


def test_notification_about_a_child_who_is_not_our_pupil(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    client = client_for("bob")
    old_form = client.get(reverse("registers:non_pupil"))
    assert old_form.status_code == 302
    assert old_form["Location"] == reverse("cases:refer")
    response = client.post(
        reverse("cases:refer"),
        {
            "kind": "non_pupil",
            "forename": "Kai",
            "surname": "Doe",
            "situation": "moved_into_area_no_school",
            "narrative": "Seen daily at the shops in school hours",
        },
    )
    assert response.status_code == 302
    notification = Notification.objects.get(kind="non_pupil")
    assert notification.child is None
    assert notification.from_organisation.pk == cast.hawthorn.pk


def test_queue_lists_overdue_first(cast: Cast, calendar: None) -> None:
    records.exclusion(cast)
    placement = records.placement(cast)
    placement_put_on_roll(
        placement=placement,
        starting_day=date(2026, 11, 24),
        today=date(2026, 11, 24),
        acting_user=cast.alice,
    )
    exclusion_event_record(
        exclusion=records.exclusion(cast),
        event="board_notified",
        occurred_on=date(2026, 11, 24),
        today=date(2026, 11, 24),
        acting_user=cast.bob,
    )
    items = work_queue_for(cast.alice, date(2026, 12, 7))
    assert items[0].overdue  # the new-pupil return was due 29 Nov
    assert items[0].kind == "return"
    assert Placement.objects.get().status == "on_roll"


def test_referral_placement_dual_registers_the_mainstream_pupil(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    child = cast.hawthorn_child
    data = {
        "legal_forename": child.legal_forename,
        "legal_surname": child.legal_surname,
        **_d("date_of_birth", child.date_of_birth),
        "sex": child.sex,
        "upn": child.upn,
        **_d("starting_day", TODAY),
        "referral_placement": "on",
        "aim": "return",
        **_d("next_review_on", date(2027, 1, 20)),
    }
    body = client_for("alice").post(reverse("registers:admit"), {**data, "kind": "C"})
    assert "A referral placement is at the Short Stay School" in body.content.decode()
    response = client_for("alice").post(
        reverse("registers:admit"),
        {**data, "kind": "S", "partner_school": str(cast.hawthorn.pk)},
    )
    assert response.status_code == 302
    kinds = dict(
        Registration.objects.filter(child=child, deleted_on__isnull=True).values_list(
            "school__laestab", "kind"
        )
    )
    assert kinds == {"8884101": "M", "8881100": "S"}
    placement = Placement.objects.get(child=child)
    assert (placement.kind, placement.aim, placement.home_school) == (
        "referral",
        "return",
        cast.hawthorn,
    )
    page = client_for("alice").get(reverse("registers:placement", args=[placement.pk]))
    assert "Return to their mainstream school" in page.content.decode()
    outcome = client_for("alice").post(
        reverse("registers:placement_outcome", args=[placement.pk]),
        {"outcome": "returned", "note": "Back full time"},
    )
    assert outcome.status_code == 302
    placement.refresh_from_db()
    assert (placement.status, placement.outcome) == ("ended", "returned")


def test_exempt_new_pupil_return_is_kept_as_not_required(cast: Cast, calendar: None) -> None:
    from onroll.registers.admission import registration_create

    child = ChildFactory(
        legal_forename="Tia", legal_surname="Kay", date_of_birth=date(2015, 1, 1), sex="F"
    )
    registration_create(
        child=child,
        school=cast.hawthorn,
        kind="C",
        starting_day=date(2026, 9, 3),  # first day of the school year
        national_curriculum_year=7,  # Hawthorn's most junior class
        today=date(2026, 9, 3),
        acting_user=cast.bob,
    )
    exempt = LaReturn.objects.get(child=child)
    assert exempt.status == "not_required"
    assert "reg 13(2)" in exempt.reason


def test_cme_referral_carries_the_social_worker_to_the_la_only(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    child = cast.pru_child
    child.social_worker_name = "Jan Social-Worker"
    child.save()
    client = client_for("alice")
    page = client.get(reverse("registers:cme_referral", args=[child.pk])).content.decode()
    assert "Jan Social-Worker" not in page
    client.post(
        reverse("registers:cme_referral", args=[child.pk]),
        {"situation": "may_have_moved_away", "narrative": "Home visit: house empty"},
    )
    referral = Notification.objects.get(kind="cme_referral")
    assert referral.details["safeguarding"]["social_worker"] == "Jan Social-Worker"
    assert referral.details["situation"].startswith("Not attending school and a home visit")


def test_pupil_records_list_does_not_query_per_pupil(
    cast: Cast, client_for: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    client = client_for("alice")
    client.get(reverse("registers:children"))  # warm the session
    for n in range(15):
        RegistrationFactory(
            school=cast.pru,
            starting_day=date(2025, 9, 3),
            child__legal_forename=f"P{n}",
            child__legal_surname="Many",
            child__date_of_birth=date(2013, 1, 1),
        )
    with django_assert_max_num_queries(15):
        response = client.get(reverse("registers:children"))
    assert response.content.decode().count("Many, P") == 15
