"""Joint enquiries are joint (issue 12, bypass 3): where the LA's CME team works in Onroll,
grounds H and I rely only on a joint enquiry it agreed in Onroll, and a ticked box is
ignored; only where it does not is the box asked for, as the school's declaration, and the
deletion return tells the LA the deletion rests on it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from onroll.cases.models import Case, JointEnquiry, Notification
from onroll.core.la_inbox import la_inbox
from onroll.registers.facts.deletion import JOINT_ENQUIRIES_DECLARED
from onroll.registers.models import Registration
from tests.clock import TODAY
from tests.conftest import Cast
from tests.registers import records
from tests.registers.test_deletion import _date, _delete, _marks, _unchanged
from tests.registers.test_deletion_check import check_page, confirm_deletion

GROUND_I = {"ground": "I", **_date("deletion_date", TODAY)}


def _agreed(cast: Cast, registration: Registration) -> JointEnquiry:
    case = Case.objects.create(
        reference="CASE-TEST-J002",
        local_authority=cast.lancashire,
        opened_on=TODAY,
        stage_entered_on=TODAY,
    )
    return JointEnquiry.objects.create(
        case=case,
        school=cast.pru,
        child=registration.child,
        ground="I",
        started_on=TODAY - timedelta(days=7),
        la_officer=cast.charlie,
        outcome="whereabouts_unknown",
        agreed_off_roll_date=TODAY,
        agreed_by=cast.alice,
    )


def _la_off_onroll(cast: Cast) -> None:
    """Lancashire's CME team stops using Onroll: no active CME staff there."""
    cast.charlie.is_active = False
    cast.charlie.save(update_fields=["is_active"])


def test_an_la_uses_onroll_when_it_has_active_cme_staff_here(cast: Cast) -> None:
    assert la_inbox().uses_onroll(local_authority=cast.lancashire)
    _la_off_onroll(cast)
    assert not la_inbox().uses_onroll(local_authority=cast.lancashire)


def test_a_ticked_box_does_not_stand_for_the_onroll_la_s_joint_enquiry(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    """The bypass: Lancashire's CME team works in Onroll, no joint enquiry is agreed there,
    the school ticks the box: refused, naming where the enquiry must be agreed."""
    records.with_calendar(cast)
    registration = records.pru_single_child(cast)
    _marks(cast, registration, ["N"] * 20)
    client = client_for("alice")
    page = client.get(reverse("registers:delete", args=[registration.pk])).content.decode()
    assert "jointly made reasonable enquiries" not in page
    body = _delete(client, registration, ground="I", joint_enquiries_logged="on")
    assert "have not logged joint reasonable enquiries" in body
    assert "works in Onroll: the joint reasonable enquiries must be agreed with them" in body
    _unchanged(registration)


def test_an_agreed_joint_enquiry_and_onroll_s_own_run_are_accepted(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    records.with_calendar(cast)
    registration = records.pru_single_child(cast)
    _marks(cast, registration, ["N"] * 20)
    _agreed(cast, registration)
    client = client_for("alice")
    assert "Declared by the school" not in check_page(client, registration, GROUND_I)
    assert confirm_deletion(client, registration, GROUND_I).status_code == 302
    registration.refresh_from_db()
    assert registration.deletion_ground == "I"
    sent = Notification.objects.get(kind="deletion_return")
    assert sent.details["declared_by_school"] == []


def test_where_the_la_does_not_use_onroll_the_box_is_the_school_s_declaration(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    records.with_calendar(cast)
    _la_off_onroll(cast)
    registration = records.pru_single_child(cast)
    _marks(cast, registration, ["N"] * 20)
    client = client_for("alice")
    page = client.get(reverse("registers:delete", args=[registration.pk])).content.decode()
    assert "We declare that the school and the LA jointly made reasonable enquiries" in page
    body = _delete(client, registration, **GROUND_I)
    assert "have not logged joint reasonable enquiries" in body
    assert "works in Onroll" not in body
    answers = {**GROUND_I, "joint_enquiries_logged": "on"}
    assert escape(JOINT_ENQUIRIES_DECLARED) in check_page(client, registration, answers)
    assert confirm_deletion(client, registration, answers).status_code == 302
    sent = Notification.objects.get(kind="deletion_return")
    assert sent.details["declared_by_school"] == [JOINT_ENQUIRIES_DECLARED]


def test_typed_codes_cannot_overwrite_the_register_onroll_holds(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    """The bypass: Onroll's register holds 20 days present; the school types 40 N codes and
    has an agreed joint enquiry: refused, naming a session and what Onroll holds."""
    records.with_calendar(cast)
    registration = records.pru_single_child(cast)
    _marks(cast, registration, ["/"] * 20)
    _agreed(cast, registration)
    body = _delete(client_for("alice"), registration, **GROUND_I, absence_codes="N " * 40)
    assert "type codes only for sessions Onroll&#x27;s register does not hold" in body
    assert "AM: Onroll&#x27;s register holds /" in body
    assert "and 37 more session(s)" in body
    _unchanged(registration)


def test_typed_codes_fill_only_sessions_onroll_does_not_hold_and_are_declared(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    """Onroll holds 12 days of N, then nothing for the last 8 school days; the school types
    those 8 days (16 codes, ending on the deletion date): a 20-day run, accepted, the typed
    codes shown as declared on the check page and carried on the deletion return."""
    from onroll.attendance.models import Mark
    from onroll.schools.selectors import school_calendar

    records.with_calendar(cast)
    registration = records.pru_single_child(cast)
    days = school_calendar(cast.pru).school_days(TODAY - timedelta(days=60), TODAY)
    for day in days[-20:-8]:
        for session in ("AM", "PM"):
            Mark.objects.create(
                child=registration.child,
                school=cast.pru,
                date=day,
                session=session,
                code="N",
                source="register",
            )
    _agreed(cast, registration)
    client = client_for("alice")
    assert "ground I needs 20" in _delete(client, registration, **GROUND_I)
    answers = {**GROUND_I, "absence_codes": "N " * 16}
    declared = "Declared by the school: 16 register code(s) typed by the school for sessions"
    assert declared in check_page(client, registration, answers)
    assert confirm_deletion(client, registration, answers).status_code == 302
    sent = Notification.objects.get(kind="deletion_return")
    (said,) = sent.details["declared_by_school"]
    assert said.startswith(declared)
    assert f"from {days[-8]:%d %B %Y} AM" in said
