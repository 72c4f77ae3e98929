"""Children and families: shape and rules on input, sensitive fields by role, history kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.test import Client
from django.urls import reverse

from onroll.accounts.factories import UserFactory
from onroll.accounts.roles import Role
from onroll.core.models import AuditAction, AuditEvent
from onroll.core.services import audit_record
from onroll.people.models import ChildCarer
from onroll.registers.models import Registration
from tests.clock import TODAY
from tests.conftest import Cast, sign_in


def _details(cast: Cast, **override: str) -> dict[str, str]:
    child = cast.pru_child
    data = {
        "legal_forename": child.legal_forename,
        "legal_surname": child.legal_surname,
        "date_of_birth_0": str(child.date_of_birth.day),
        "date_of_birth_1": str(child.date_of_birth.month),
        "date_of_birth_2": str(child.date_of_birth.year),
        "sex": child.sex,
        "upn": child.upn,
    }
    data.update(override)
    return data


def test_a_wrong_upn_check_letter_is_named_and_nothing_changes(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    url = reverse("people:child_edit", args=[cast.pru_child.pk])
    response = client_for("alice").post(url, _details(cast, upn="A888700125001"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "the check letter is wrong (expected N, found A)" in body
    cast.pru_child.refresh_from_db()
    assert cast.pru_child.upn == "N888700125001"
    assert not AuditEvent.objects.filter(action="child.updated").exists()


def test_a_date_of_birth_in_the_future_is_refused_and_nothing_changes(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    future = TODAY + timedelta(days=3)
    url = reverse("people:child_edit", args=[cast.pru_child.pk])
    response = client_for("alice").post(
        url,
        _details(
            cast,
            date_of_birth_0=str(future.day),
            date_of_birth_1=str(future.month),
            date_of_birth_2=str(future.year),
        ),
    )
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Date of birth must be in the past" in body
    cast.pru_child.refresh_from_db()
    assert cast.pru_child.date_of_birth == date(2013, 5, 17)


def test_admitting_with_a_future_date_of_birth_changes_nothing(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    from onroll.people.models import Child

    before = Child.objects.count()
    future = TODAY + timedelta(days=30)
    response = client_for("alice").post(
        reverse("registers:admit"),
        {
            "legal_forename": "Nova",
            "legal_surname": "Lomax",
            "date_of_birth_0": str(future.day),
            "date_of_birth_1": str(future.month),
            "date_of_birth_2": str(future.year),
            "sex": "F",
            "kind": "C",
            "starting_day_0": "1",
            "starting_day_1": "12",
            "starting_day_2": "2026",
        },
    )
    assert "Date of birth must be in the past" in response.content.decode()
    assert Child.objects.count() == before


def test_valid_details_are_saved_and_audited(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    url = reverse("people:child_edit", args=[cast.pru_child.pk])
    response = client_for("alice").post(url, _details(cast, preferred_forename="Avie"))
    assert response.status_code == 302
    cast.pru_child.refresh_from_db()
    assert cast.pru_child.other_names == "Avie Dewhurst"
    assert AuditEvent.objects.filter(action="child.updated", child_id=cast.pru_child.pk).exists()


def test_safeguarding_fields_are_seen_only_by_safeguarding_roles(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    child = cast.pru_child
    child.social_worker_name = "Jan Social-Worker"
    child.risk_factors = ["missing_or_runaway", "service_family"]
    child.save()
    record = reverse("people:child", args=[child.pk])
    alice_page = client_for("alice").get(record).content.decode()
    assert "Jan Social-Worker" not in alice_page
    assert "Goes missing or runs away" not in alice_page  # a safeguarding factor
    assert "From a family of service personnel" in alice_page
    assert (
        client_for("alice").get(reverse("people:child_safeguarding", args=[child.pk])).status_code
        == 403  # the role matrix: admissions does not see safeguarding (docs/roles.md)
    )
    dsl = UserFactory(username="dsl", organisation=cast.pru, roles=[Role.SAFEGUARDING_LEAD])
    client = sign_in(Client(), dsl)
    dsl_page = client.get(record).content.decode()
    assert "Jan Social-Worker" in dsl_page
    assert "Goes missing or runs away" in dsl_page
    response = client.post(
        reverse("people:child_safeguarding", args=[child.pk]),
        {"risk_factors": ["gypsy_roma_traveller"], "looked_after": "on"},
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.risk_factors == ["gypsy_roma_traveller"]
    assert child.looked_after
    event = AuditEvent.objects.get(action="child.safeguarding_updated")
    assert "Jan" not in str(event.detail)


def test_a_new_address_keeps_the_old_one_as_history(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    response = client_for("alice").post(
        reverse("people:child_address", args=[cast.pru_child.pk]),
        {
            "line_1": "9 Canal Side",
            "town": "Burnley",
            "from_date_0": "1",
            "from_date_1": "11",
            "from_date_2": "2026",
        },
    )
    assert response.status_code == 302
    addresses = list(cast.pru_child.addresses.order_by("from_date"))
    assert [a.to_date for a in addresses] == [date(2026, 10, 31), None]


def test_a_parent_the_child_lives_with_needs_an_emergency_number(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    url = reverse("people:carer_add", args=[cast.pru_child.pk])
    data = {"forename": "Lee", "surname": "Dewhurst", "relationship": "Father", "lives_with": "on"}
    body = client_for("alice").post(url, data).content.decode()
    assert "at least one emergency telephone number" in body
    assert ChildCarer.objects.filter(child=cast.pru_child).count() == 1
    response = client_for("alice").post(
        url, {**data, "emergency_phone": "07700 900111", "parental_responsibility": "on"}
    )
    assert response.status_code == 302
    assert ChildCarer.objects.filter(child=cast.pru_child, lives_with=True).count() == 2


def test_chronology_lists_who_did_what(cast: Cast, client_for: Callable[[str], Client]) -> None:
    client = client_for("alice")
    client.post(
        reverse("people:child_edit", args=[cast.pru_child.pk]),
        _details(cast, middle_names="Rose"),
    )
    page = client.get(reverse("people:chronology", args=[cast.pru_child.pk])).content.decode()
    assert "Details changed" in page
    assert "alice" in page
    assert "Stepping Stones" in page


def test_chronology_shows_another_organisations_details_as_a_label_only(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    from onroll.core.models import AuditAction
    from onroll.core.services import audit_record

    audit_record(
        action=AuditAction.CASE_ENQUIRY_RECORDED,
        actor=cast.charlie,
        obj=cast.pru_child,
        detail={"note": "Police welfare check requested"},
    )
    page = (
        client_for("alice")
        .get(reverse("people:chronology", args=[cast.pru_child.pk]))
        .content.decode()
    )
    assert "Lancashire" in page
    assert "Police welfare check" not in page


def test_an_address_without_a_town_is_refused_and_nothing_changes(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    url = reverse("people:child_address", args=[cast.pru_child.pk])
    response = client_for("alice").post(url, {"line_1": "9 Canal Side"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert cast.pru_child.addresses.count() == 1
    assert not AuditEvent.objects.filter(action="child.address_changed").exists()


def test_an_unknown_risk_group_is_refused_and_nothing_changes(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    dsl = UserFactory(username="dsl", organisation=cast.pru, roles=[Role.SAFEGUARDING_LEAD])
    url = reverse("people:child_safeguarding", args=[cast.pru_child.pk])
    response = sign_in(Client(), dsl).post(url, {"risk_factors": ["no_such_group"]})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    cast.pru_child.refresh_from_db()
    assert cast.pru_child.risk_factors == []
    assert not AuditEvent.objects.filter(action="child.safeguarding_updated").exists()


def test_the_record_shows_what_the_register_and_the_la_know(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    """The registers and cases apps fill their parts of the page through the registry."""
    page = client_for("alice").get(reverse("people:child", args=[cast.pru_child.pk]))
    body = page.content.decode()
    assert "Dual registration (subsidiary) at Stepping Stones" in body  # the caption
    assert reverse("registers:leaving", args=[_here(cast).pk]) in body  # the actions
    assert 'data-testid="registrations"' in body
    assert "Hawthorn Lane High" in body  # every school the child was on the roll of
    summary = client_for("charlie").get(reverse("people:child_detail", args=[cast.pru_child.pk]))
    assert "Hawthorn Lane High" in summary.content.decode()
    assert reverse("registers:leaving", args=[_here(cast).pk]) not in summary.content.decode()


def _here(cast: Cast) -> Registration:
    return Registration.objects.get(child=cast.pru_child, school=cast.pru)


def test_the_chronology_shows_every_event_a_page_at_a_time(
    cast: Cast, client_for: Callable[[str], Client], django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for n in range(55):
        audit_record(
            action=AuditAction.CHILD_UPDATED,
            actor=cast.alice,
            obj=cast.pru_child,
            detail={"step": f"change-{n:02d}"},
        )
    client = client_for("alice")
    url = reverse("people:chronology", args=[cast.pru_child.pk])
    with django_assert_max_num_queries(14):  # the same bound as for one event
        first = client.get(url).content.decode()
    events = AuditEvent.objects.filter(child_id=cast.pru_child.pk).exclude(action="child.viewed")
    total = events.count()
    assert total >= 55
    assert f"Showing 1 to 50 of {total} events" in first
    assert "change-54" in first  # newest first
    second = client.get(url, {"page": 2}).content.decode()
    assert f"Showing 51 to {total} of {total} events" in second
    assert "change-00" in second


def test_the_chronology_reads_each_event_in_words(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    from onroll.core.models import AuditAction
    from onroll.core.services import audit_record

    audit_record(
        action=AuditAction.LA_RETURN_DUE,
        actor=cast.alice,
        obj=cast.pru_child,
        detail={"kind": "new_pupil", "dual": True, "due": "2026-12-03", "nested": {"a": 1}},
    )
    page = (
        client_for("alice")
        .get(reverse("people:chronology", args=[cast.pru_child.pk]))
        .content.decode()
    )
    assert "Return to the LA due" in page
    # each detail in words (PostgreSQL's jsonb keeps keys in its own order, so no order here)
    for part in ("Kind: new pupil", "Dual: Yes", "Due: 3 December 2026"):
        assert part in page
    assert "new_pupil" not in page
    assert "la_return.due" not in page
