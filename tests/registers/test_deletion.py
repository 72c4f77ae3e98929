"""Deletion from the register: only under a reg 9 ground the rules accept; refusals show the
error summary with every unmet precondition and change nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from onroll.accounts.factories import UserFactory
from onroll.accounts.roles import Role
from onroll.core.models import AuditEvent
from onroll.registers.models import LaReturn, Leaving, Registration
from onroll.registers.placements import exclusion_event_record, exclusion_pat_direction_record
from tests.clock import TODAY
from tests.conftest import Cast
from tests.forms import date_fields as _date
from tests.registers import records
from tests.registers.test_deletion_check import confirm_deletion


@pytest.fixture
def calendar(cast: Cast) -> None:
    records.with_calendar(cast)


def _delete(client: Client, registration: Registration, **data: object) -> str:
    today = TODAY
    payload: dict[str, object] = {**_date("deletion_date", data.pop("on", today)), **data}
    response = client.post(reverse("registers:delete", args=[registration.pk]), payload)
    assert response.status_code == 200, "a refused deletion re-renders the page"
    return response.content.decode()


def _unchanged(registration: Registration) -> None:
    registration.refresh_from_db()
    assert registration.deleted_on is None
    assert registration.deletion_ground == ""
    assert not AuditEvent.objects.filter(action="registration.deleted").exists()
    assert not LaReturn.objects.filter(kind="deletion").exists()


def test_deletion_with_no_ground_is_refused(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    registration = records.pru_single_child(cast)
    body = _delete(client_for("alice"), registration, ground="")
    assert "govuk-error-summary" in body
    assert "No ground of deletion is recorded" in body
    _unchanged(registration)


def test_back_dated_deletion_is_refused(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    registration = records.pru_single_child(cast)
    yesterday = TODAY - timedelta(days=1)
    body = _delete(client_for("alice"), registration, ground="K", died="on", on=yesterday)
    assert "govuk-error-summary" in body
    assert "back-dated deletions are refused" in body
    _unchanged(registration)


def test_ground_i_with_a_broken_absence_run_is_refused(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    registration = records.pru_single_child(cast)
    codes = " ".join(["N", "N"] * 12 + ["/", "N"] + ["O", "O"] * 8)  # 8-day run after a break
    body = _delete(
        client_for("alice"),
        registration,
        ground="I",
        absence_codes=codes,
        joint_enquiries_logged="on",
    )
    assert "govuk-error-summary" in body
    assert "8 consecutive school day(s) coded G, N or O; ground I needs 20" in body
    _unchanged(registration)


def test_ground_i_with_bad_codes_names_the_problem(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    registration = records.pru_single_child(cast)
    body = _delete(client_for("alice"), registration, ground="I", absence_codes="N N ZZ N")
    assert "Check the register codes" in body
    _unchanged(registration)


def test_ground_a_needs_the_destination_confirmed_on_roll(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    registration = records.pru_single_child(cast)
    client = client_for("alice")
    destination = reverse("registers:leaving_destination", args=[registration.pk])
    client.post(
        reverse("registers:leaving_start", args=[registration.pk]),
        {"reason": "Moving to Cotton Mill"},
    )
    client.post(destination, {"school": "Cotton Mill Academy"})
    body = _delete(client, registration, ground="A")
    assert "govuk-error-summary" in body
    assert "It is not recorded who confirmed the child is on the destination roll" in body
    _unchanged(registration)
    today = TODAY
    client.post(
        destination,
        {
            "school": "Cotton Mill Academy",
            "laestab": "8884102",
            "confirmed_by": "Mrs Lord, admissions",
            "confirmed_how": "Phone call",
            **_date("confirmed_on", today),
        },
    )
    response = confirm_deletion(
        client, registration, {"ground": "A", **_date("deletion_date", today)}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.deleted_on, registration.deletion_ground) == (today, "A")
    leaving = Leaving.objects.get(registration=registration)
    assert (leaving.ctf_kind, leaving.ctf_destination) == ("to_next_school", "8884102")
    deletion_return = LaReturn.objects.get(kind="deletion", child=registration.child)
    assert deletion_return.due_on == today
    page = client.get(reverse("registers:la_return", args=[deletion_return.pk])).content.decode()
    for field in ("(a) Full name", "Ruby Clegg", "(d) Emergency", "01257 000000", "Cotton Mill"):
        assert field in page
    assert deletion_return.status == "sent"  # with the deletion (reg 13: no later)
    assert deletion_return.sent_at is not None
    assert deletion_return.sent_at.date() == today
    assert deletion_return.notification is not None
    assert deletion_return.notification.details["g_ground"] == "A"


def test_mainstream_ground_o_refused_until_review_ended_and_pat_directed(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    today = TODAY
    exclusion = records.exclusion(cast)
    registration = records.hawthorn_registration(cast)
    client = client_for("bob")
    body = _delete(client, registration, ground="O")
    assert "The exclusion review process has not ended" in body
    assert "Pupil Access Team has not directed removal" in body
    _unchanged(registration)
    for event in ("board_notified", "board_declined", "parent_waived_irp_in_writing"):
        exclusion_event_record(
            exclusion=exclusion,
            event=event,
            occurred_on=today,
            today=today,
            acting_user=cast.bob,
        )
    body = _delete(client, registration, ground="O")
    assert "review process has not ended" not in body
    assert "Pupil Access Team has not directed removal" in body
    _unchanged(registration)
    exclusion_pat_direction_record(
        exclusion=exclusion,
        directed_on=today,
        today=today,
        acting_user=UserFactory(organisation=cast.lancashire, roles=[Role.PUPIL_ACCESS_TEAM]),
    )
    response = confirm_deletion(
        client, registration, {"ground": "O", **_date("deletion_date", today)}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.deletion_ground == "O"
    assert AuditEvent.objects.filter(action="registration.deleted").count() == 1


def test_a_mainstream_school_cannot_delete_a_pupil_on_a_referral_placement(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    from onroll.registers.models import Placement

    Placement.objects.create(
        child=cast.pru_child,
        school=cast.pru,
        kind="referral",
        home_school=cast.hawthorn,
        status="on_roll",
        registration=records.pru_registration(cast),
        on_roll_on=records.pru_registration(cast).starting_day,
    )
    main = cast.pru_child.registrations.get(school=cast.hawthorn)
    body = _delete(client_for("bob"), main, ground="C", ceased_to_attend="on")
    assert "referral placement" in body
    _unchanged(main)


def _marks(cast: Cast, registration: Registration, codes: list[str]) -> None:
    """Register marks for the last school days up to today (AM and PM the same code)."""
    from onroll.attendance.models import Mark
    from onroll.schools.selectors import school_calendar

    calendar = school_calendar(registration.school)
    days = calendar.school_days(TODAY - timedelta(days=60), TODAY)
    for day, code in zip(days[-len(codes) :], codes, strict=True):
        for session in ("AM", "PM"):
            Mark.objects.create(
                child=registration.child,
                school=registration.school,
                date=day,
                session=session,
                code=code,
                source="register",
            )


def test_ground_i_reads_a_broken_run_from_the_attendance_register(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    registration = records.pru_single_child(cast)
    _marks(cast, registration, ["N"] * 10 + ["/"] + ["O"] * 12)
    client = client_for("alice")
    page = client.get(reverse("registers:delete", args=[registration.pk])).content.decode()
    assert "The attendance register shows 12 consecutive school days" in page
    body = _delete(client, registration, ground="I", joint_enquiries_logged="on")
    assert "12 consecutive school day(s) coded G, N or O; ground I needs 20" in body
    _unchanged(registration)


def test_ground_i_after_20_days_whereabouts_unknown_owes_a_lost_pupil_ctf(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    from onroll.cases.models import Notification
    from tests.registers.test_joint_enquiries import _agreed

    registration = records.pru_single_child(cast)
    _marks(cast, registration, ["G"] * 5 + ["N"] * 15)
    _agreed(cast, registration)
    response = confirm_deletion(
        client_for("alice"), registration, {"ground": "I", **_date("deletion_date", TODAY)}
    )
    assert response.status_code == 302
    leaving = Leaving.objects.get(registration=registration)
    assert (leaving.ctf_kind, leaving.ctf_destination) == ("lost_pupil", "XXXXXXX")
    notified = Notification.objects.get(kind="deletion_unknown_destination")
    assert leaving.referral == notified
    assert notified.details["ground"] == "I"


def test_a_pending_leaver_stays_on_roll_and_can_stop_leaving(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    registration = records.pru_single_child(cast)
    client = client_for("alice")
    url = reverse("registers:leaving", args=[registration.pk])
    client.post(
        reverse("registers:leaving_start", args=[registration.pk]), {"reason": "Family may move"}
    )
    leaving = registration.leavings.get()
    assert leaving.status == "pending"
    assert registration.deleted_on is None
    client.post(
        reverse("registers:leaving_cancel", args=[registration.pk]),
        {"cancel_reason": "Move fell through"},
    )
    leaving.refresh_from_db()
    assert leaving.status == "cancelled"
    assert AuditEvent.objects.filter(action="leaving.cancelled").exists()
    assert "Mark as a pending leaver" in client.get(url).content.decode()


def test_ground_h_counts_school_days_since_the_leave_ended(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    from onroll.schools.selectors import school_calendar

    registration = records.pru_single_child(cast)
    today = TODAY
    calendar = school_calendar(cast.pru)
    ended = calendar.add_school_days(calendar.school_day_on_or_before(today), -5)
    body = _delete(
        client_for("alice"),
        registration,
        ground="H",
        joint_enquiries_logged="on",
        **_date("leave_of_absence_ended_on", ended),
    )
    assert "Only 5 school day(s) have passed since the leave ended; ground H needs 10" in body
    _unchanged(registration)


def test_ground_i_relies_on_joint_enquiries_agreed_with_the_la_from_the_agreed_date(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    """The school need not tick 'joint enquiries logged' when it has agreed them with the
    CME team in Onroll; the deletion can rely on them from the agreed off-roll date."""
    from onroll.cases.models import Case, JointEnquiry

    registration = records.pru_single_child(cast)
    _marks(cast, registration, ["G"] * 5 + ["N"] * 15)
    today = TODAY
    case = Case.objects.create(
        reference="CASE-TEST-J001",
        local_authority=cast.lancashire,
        opened_on=today,
        stage_entered_on=today,
    )
    joint = JointEnquiry.objects.create(
        case=case,
        school=cast.pru,
        child=registration.child,
        ground="I",
        started_on=today - timedelta(days=7),
        la_officer=cast.charlie,
        outcome="whereabouts_unknown",
        agreed_off_roll_date=today + timedelta(days=1),
        agreed_by=cast.alice,
    )
    client = client_for("alice")
    body = _delete(client, registration, ground="I")
    assert "have not logged joint reasonable enquiries" in body
    _unchanged(registration)

    joint.agreed_off_roll_date = today
    joint.save()
    response = confirm_deletion(
        client, registration, {"ground": "I", **_date("deletion_date", today)}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.deletion_ground == "I"
