"""The LA Pupil Access Team records its direction on its own pages; the school cannot record
it and sees it once it is recorded (issue 12: every party acts for itself)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse

from onroll.accounts.factories import UserFactory
from onroll.accounts.models import LocalAuthority, User
from onroll.accounts.roles import Role
from onroll.core.models import AuditEvent
from onroll.registers.models import Exclusion
from onroll.registers.placements import exclusion_event_record, exclusion_pat_direction_record
from tests.clock import TODAY
from tests.conftest import Cast, sign_in
from tests.forms import date_fields as _date
from tests.registers import records

FIRST_DAY = date(2026, 11, 23)


@pytest.fixture
def calendar(cast: Cast) -> None:
    records.with_calendar(cast)


def _pat(la: LocalAuthority, username: str = "rachel") -> User:
    return UserFactory(
        username=username,
        first_name="Rachel",
        last_name="Hughes",
        organisation=la,
        roles=[Role.PUPIL_ACCESS_TEAM],
    )


def _record(exclusion: Exclusion, user: User, **kwargs: object) -> Exclusion:
    return exclusion_pat_direction_record(
        exclusion=exclusion,
        directed_on=kwargs.pop("directed_on", TODAY),  # type: ignore[arg-type]
        today=TODAY,
        acting_user=user,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("who", ["bob", "alice", "charlie", "diana", "blackpool_pat", "manager"])
def test_only_a_pat_officer_of_the_schools_la_may_record_the_direction(
    cast: Cast, calendar: None, who: str
) -> None:
    exclusion = records.exclusion(cast)
    others = {
        "blackpool_pat": lambda: _pat(cast.blackpool, "blackpool.pat"),
        "manager": lambda: UserFactory(organisation=cast.lancashire, roles=[Role.CME_MANAGER]),
    }
    user = others[who]() if who in others else cast.members[who]
    with pytest.raises(PermissionDenied):
        _record(exclusion, user)
    exclusion.refresh_from_db()
    assert exclusion.pat_directed_on is None
    assert not AuditEvent.objects.filter(action="exclusion.pat_direction").exists()


def test_the_pat_officer_records_who_directed_and_when(cast: Cast, calendar: None) -> None:
    exclusion = records.exclusion(cast)
    officer = _pat(cast.lancashire)
    _record(exclusion, officer, note="  Stays at Stepping Stones  ")
    exclusion.refresh_from_db()
    assert exclusion.pat_directed_on == TODAY
    assert exclusion.pat_directed_by_user == officer
    assert exclusion.pat_directed_by == "Rachel Hughes"
    assert exclusion.pat_note == "Stays at Stepping Stones"
    assert exclusion.pat_recorded_at is not None
    event = AuditEvent.objects.get(action="exclusion.pat_direction")
    assert event.actor == officer
    with pytest.raises(ValidationError, match="already recorded"):
        _record(exclusion, officer)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (TODAY + timedelta(days=1), "today or in the past"),
        (FIRST_DAY - timedelta(days=1), "before"),
    ],
)
def test_the_direction_date_is_checked(cast: Cast, calendar: None, day: date, message: str) -> None:
    exclusion = records.exclusion(cast)
    with pytest.raises(ValidationError, match=message):
        _record(exclusion, _pat(cast.lancashire), directed_on=day)
    exclusion.refresh_from_db()
    assert exclusion.pat_directed_on is None


def _pat_urls(exclusion: Exclusion) -> list[str]:
    return [reverse("la:pat_home"), reverse("la:pat_exclusion", args=[exclusion.pk])]


def test_the_pat_pages_are_404_for_everyone_else(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    exclusion = records.exclusion(cast)
    clients = [client_for(name) for name in cast.members]  # school users and CME officers
    clients.append(
        sign_in(Client(), UserFactory(organisation=cast.lancashire, roles=[Role.CME_MANAGER]))
    )
    elsewhere = sign_in(Client(), _pat(cast.blackpool, "blackpool.pat"))
    for client in clients:
        for url in _pat_urls(exclusion):
            assert client.get(url).status_code == 404, url
    for client in [*clients, elsewhere]:
        url = reverse("la:pat_exclusion", args=[exclusion.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, _date("directed_on", TODAY)).status_code == 404
    exclusion.refresh_from_db()
    assert exclusion.pat_directed_on is None


def test_another_las_pat_officer_lists_none_of_lancashires(cast: Cast, calendar: None) -> None:
    records.exclusion(cast)
    body = sign_in(Client(), _pat(cast.blackpool, "blackpool.pat")).get(reverse("la:pat_home"))
    assert body.status_code == 200
    assert cast.hawthorn_child.full_name not in body.content.decode()


def test_the_school_can_no_longer_record_the_direction(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    exclusion = records.exclusion(cast)
    with pytest.raises(NoReverseMatch):
        reverse("registers:exclusion_pat", args=[exclusion.pk])
    client = client_for("bob")
    gone = client.post(f"/school/exclusions/{exclusion.pk}/pat/", _date("directed_on", TODAY))
    assert gone.status_code == 404
    page = client.get(reverse("registers:exclusion", args=[exclusion.pk])).content.decode()
    assert "Record the direction" not in page
    assert "directed_on" not in page
    assert "Awaited: the local authority's Pupil Access Team" in page


def test_the_pat_officer_records_it_on_the_la_page_and_the_school_sees_it(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    exclusion = records.exclusion(cast)
    officer = sign_in(Client(), _pat(cast.lancashire))
    assert officer.get(reverse("core:home"))["Location"] == reverse("la:pat_home")
    listing = officer.get(reverse("la:pat_home")).content.decode()
    assert cast.hawthorn_child.full_name in listing
    assert "Hawthorn Lane High" in listing
    assert 'href="/la/pat/"' in listing  # the navigation link
    url = reverse("la:pat_exclusion", args=[exclusion.pk])
    refused = officer.post(url, _date("directed_on", TODAY + timedelta(days=1)))
    assert refused.status_code == 200
    assert "today or in the past" in refused.content.decode()
    done = officer.post(url, {**_date("directed_on", TODAY), "note": "Stays at Stepping Stones"})
    assert done.status_code == 302
    assert "Record the direction" not in officer.get(url).content.decode()
    school = client_for("bob").get(reverse("registers:exclusion", args=[exclusion.pk]))
    shown = school.content.decode()
    assert "Directed removal on 30 November 2026, recorded by Rachel Hughes" in shown
    assert "Stays at Stepping Stones" in shown


def test_the_pat_queue_lists_reviews_ended_awaiting_the_direction(
    cast: Cast, calendar: None
) -> None:
    exclusion = records.exclusion(cast)
    officer = sign_in(Client(), _pat(cast.lancashire))
    queue = officer.get(reverse("la:pat_home")).content.decode()
    assert "Direct removal or not" not in queue
    for event in ("board_notified", "board_declined", "parent_waived_irp_in_writing"):
        exclusion_event_record(
            exclusion=exclusion, event=event, occurred_on=TODAY, today=TODAY, acting_user=cast.bob
        )
    queue = officer.get(reverse("la:pat_home")).content.decode()
    assert f"Direct removal or not: {cast.hawthorn_child.full_name}, Hawthorn Lane High" in queue


def test_the_list_paginates(cast: Cast, calendar: None) -> None:
    registration = records.hawthorn_registration(cast)
    Exclusion.objects.bulk_create(
        Exclusion(
            child=registration.child,
            school=cast.hawthorn,
            registration=registration,
            first_day=FIRST_DAY - timedelta(days=i),
            state="excluded",
            state_since=FIRST_DAY - timedelta(days=i),
        )
        for i in range(53)
    )
    officer = sign_in(Client(), _pat(cast.lancashire))
    first = officer.get(reverse("la:pat_home")).content.decode()
    assert "of 53" in first
    assert first.count('href="/la/pat/exclusions/') == 50
    second = officer.get(reverse("la:pat_home") + "?page=2").content.decode()
    assert second.count('href="/la/pat/exclusions/') == 3
