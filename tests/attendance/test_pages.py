"""The attendance pages after issue 11: one URL per action, refusals change nothing, and every
list pages with its whole count in a bounded number of queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from onroll.attendance.models import AlertRule, AttendanceAlert, Mark, MarkImport
from onroll.people.factories import ChildFactory
from onroll.people.models import Child
from tests.attendance.test_imports import marks_csv, term_days
from tests.attendance.test_views import NOW, _upload
from tests.conftest import Cast

Clients = Callable[[str], Client]


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _alerts(cast: Cast, n: int) -> None:
    children = ChildFactory.create_batch(n)
    AttendanceAlert.objects.bulk_create(
        AttendanceAlert(
            child=child,
            school=cast.hawthorn,
            rule_id=AlertRule.RUN_10,
            reason="10 school days of unauthorised absence",
            since=date(2026, 11, 2),
            raised_on=date(2026, 11, 16),
        )
        for child in children
    )


def test_applying_an_import_has_its_own_url_and_refuses_a_bad_file(
    term: Cast, client_for: Clients, frozen: None
) -> None:
    client = client_for("bob")
    days = term_days(term, date(2026, 11, 2), date(2026, 11, 6))
    bad = marks_csv(term, days, "O").replace(b"2026-11-03,PM,O", b"2026-11-03,PM,OO")
    page = _upload(client, bad)
    assert page.redirect_chain[-1][0].startswith("/attendance/import/")
    rejected = MarkImport.objects.get()
    assert rejected.status == "rejected"
    # a rejected file is not waiting: it cannot be applied, and nothing changes
    assert client.post(f"/attendance/import/{rejected.pk}/confirm/").status_code == 404
    assert not Mark.objects.exists()
    # another school's import is not found either
    _upload(client, marks_csv(term, days, "O"))
    waiting = MarkImport.objects.get(status="previewed")
    assert client_for("alice").post(f"/attendance/import/{waiting.pk}/confirm/").status_code == 404
    assert client_for("alice").get(f"/attendance/import/{waiting.pk}/").status_code == 404
    assert not Mark.objects.exists()
    # a GET of the confirm URL changes nothing
    assert client.get(f"/attendance/import/{waiting.pk}/confirm/").status_code == 302
    assert not Mark.objects.exists()


def test_the_school_page_pages_its_alerts_in_bounded_queries(
    term: Cast, client_for: Clients, frozen: None, django_assert_max_num_queries: Any
) -> None:
    client = client_for("bob")
    _alerts(term, 3)
    with django_assert_max_num_queries(25) as few:
        client.get("/attendance/")
    _alerts(term, 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/attendance/").content.decode()
    assert "Open attendance alerts (63)" in body
    assert "Showing 1 to 50 of 63 alerts" in body
    second = client.get("/attendance/", {"alerts": 2}).content.decode()
    assert "Showing 51 to 63 of 63 alerts" in second
    la = client_for("charlie").get("/attendance/la/", {"alerts": 2}).content.decode()
    assert "Showing 51 to 63 of 63 alerts" in la


def test_the_register_is_taken_a_page_at_a_time(
    term: Cast, client_for: Clients, frozen: None, django_assert_max_num_queries: Any
) -> None:
    from onroll.registers.factories import RegistrationFactory

    for child in ChildFactory.create_batch(55):  # with Leo and Ava, 57 on the roll
        RegistrationFactory(child=child, school=term.hawthorn, starting_day=date(2026, 9, 2))
    url = "/attendance/register/?date=2026-11-23&session=AM&group=all"
    client = client_for("bob")
    with django_assert_max_num_queries(30):
        first = client.get(url).content.decode()
    assert "Showing 1 to 50 of 57 pupils" in first
    second = client.get(url + "&page=2").content.decode()
    assert "Showing 51 to 57 of 57 pupils" in second
    last = list(
        Child.objects.filter(registrations__school=term.hawthorn)
        .order_by("legal_surname", "legal_forename", "pk")
        .distinct()
    )[50:]
    response = client.post(url + "&page=2", {f"code_{c.pk}": "/" for c in last})
    assert response.status_code == 302
    assert response["Location"].endswith("&page=2")
    assert Mark.objects.count() == len(last)
    # a bad code on the page is refused and nothing is written
    response = client.post(url + "&page=2", {f"code_{c.pk}": "H" for c in last})
    assert response.status_code == 200
    assert Mark.objects.filter(code="H").count() == 0


def _area_with_schools(cast: Cast, n: int) -> None:
    from onroll.attendance.models import PupilAttendance
    from onroll.schools.factories import SchoolFactory

    schools = SchoolFactory.create_batch(
        n, local_authority=cast.lancashire, name=factory_names("Zeta Academy", n)
    )
    PupilAttendance.objects.bulk_create(
        PupilAttendance(
            child=child,
            school=school,
            year_start=date(2026, 9, 1),
            possible_sessions=100,
            attended_sessions=80,
            persistent_absence=True,
        )
        for school, child in zip(schools, ChildFactory.create_batch(n), strict=True)
    )


def factory_names(prefix: str, n: int) -> Any:
    import factory

    return factory.Iterator([f"{prefix} {i:03d}" for i in range(n)])


def test_the_la_overview_shows_its_schools_a_page_at_a_time_with_the_areas_totals(
    cast: Cast, client_for: Clients, frozen: None, django_assert_max_num_queries: Any
) -> None:
    _area_with_schools(cast, 55)  # with Hawthorn Lane and Stepping Stones: 57 schools
    client = client_for("charlie")
    first = client.get("/attendance/la/").content.decode()
    assert "Showing 1 to 50 of 57 schools" in first
    assert "55 pupils with marks this school year" in first
    assert "55 persistently absent" in first
    second = client.get("/attendance/la/?schools=2").content.decode()
    assert "Showing 51 to 57 of 57 schools" in second
    assert "Zeta Academy 054" in second
    assert "Zeta Academy 000" not in second
    assert "80.0%" in second  # the rate is summed in the database
    with CaptureQueriesContext(connection) as few:
        client.get("/attendance/la/?schools=2")  # 7 schools on the page
    with CaptureQueriesContext(connection) as many:
        client.get("/attendance/la/")  # 50 schools on the page
    assert len(many) == len(few)
    with django_assert_max_num_queries(20):
        client.get("/attendance/la/")
