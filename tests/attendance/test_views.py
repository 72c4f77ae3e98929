"""The attendance pages: register, corrections, imports, the pupil calendar, school and LA."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onroll.attendance.models import AlertRule, AttendanceAlert, Mark, MarkChange, MarkImport
from onroll.registers.models import LaReturn
from tests.attendance.test_imports import marks_csv, term_days
from tests.conftest import Cast

Clients = Callable[[str], Client]
NOW = "2026-11-27 10:00:00+00:00"


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_register_page_lists_the_roll_with_defaults(
    term: Cast, client_for: Clients, frozen: None
) -> None:
    response = client_for("bob").get(
        "/attendance/register/", {"date": "2026-11-23", "session": "AM", "group": "all"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Haworth, Leo" in body
    assert f'name="code_{term.hawthorn_child.pk}" type="text" value="/"' in body
    assert "Dual registered" in body  # Ava is dual registered at Hawthorn and the PRU


def test_taking_a_register_from_the_page(term: Cast, client_for: Clients, frozen: None) -> None:
    url = "/attendance/register/?date=2026-11-23&session=PM&group=all"
    client = client_for("bob")
    response = client.post(
        url, {f"code_{term.hawthorn_child.pk}": "n", f"code_{term.pru_child.pk}": "\\"}
    )
    assert response.status_code == 302
    assert Mark.objects.get(child=term.hawthorn_child, date=date(2026, 11, 23)).code == "N"
    page = client.get(url).content.decode()
    assert "Register saved" in page
    # a change without a reason is refused and named
    response = client.post(
        url, {f"code_{term.hawthorn_child.pk}": "I", f"code_{term.pru_child.pk}": "\\"}
    )
    assert response.status_code == 200
    assert "Leo Haworth: give a reason for changing N to I" in response.content.decode()
    response = client.post(
        url,
        {
            f"code_{term.hawthorn_child.pk}": "I",
            f"code_{term.pru_child.pk}": "\\",
            "reason": "Dad phoned",
        },
    )
    assert response.status_code == 302
    assert MarkChange.objects.get().reason == "Dad phoned"


def test_an_unknown_code_is_named(term: Cast, client_for: Clients, frozen: None) -> None:
    response = client_for("bob").post(
        "/attendance/register/?date=2026-11-23&session=AM&group=all",
        {f"code_{term.hawthorn_child.pk}": "H", f"code_{term.pru_child.pk}": "/"},
    )
    assert "Leo Haworth: &#x27;H&#x27; is not a 2024 attendance code" in response.content.decode()
    assert not Mark.objects.exists()


def test_register_on_a_weekend_says_so(term: Cast, client_for: Clients, frozen: None) -> None:
    response = client_for("bob").get(
        "/attendance/register/", {"date": "2026-11-22", "session": "AM", "group": "all"}
    )
    assert "is not a school day" in response.content.decode()


def _upload(client: Client, content: bytes, name: str = "sims.csv") -> Any:
    """Post the file and follow to the page that shows what it would change."""
    return client.post(
        "/attendance/import/", {"file": SimpleUploadedFile(name, content)}, follow=True
    )


def _confirm(client: Client) -> Any:
    record = MarkImport.objects.get(status="previewed")
    return client.post(f"/attendance/import/{record.pk}/confirm/")


def test_import_journey_bad_row_then_good_then_again(
    term: Cast, client_for: Clients, frozen: None
) -> None:
    client = client_for("bob")
    days = term_days(term, date(2026, 11, 2), date(2026, 11, 27))
    good = marks_csv(term, days, "O")
    bad = good.replace(b"2026-11-03,PM,O", b"2026-11-03,PM,OO")
    response = _upload(client, bad)
    body = response.content.decode()
    assert "The file was not imported" in body
    assert "row 4 (line 5): code &#x27;OO&#x27; is not a 2024 attendance code" in body
    assert not Mark.objects.exists()
    response = _upload(client, good)
    assert "Check the import" in response.content.decode()
    response = _confirm(client)
    assert response.status_code == 302
    assert Mark.objects.count() == 40
    # the alert reaches the school's queue and the LA's
    home = client.get("/school/").content.decode()
    assert "Leo Haworth: 10 school days of unauthorised absence (10-day return)" in home
    assert LaReturn.objects.filter(kind="ten_day_absence").exists()
    la_home = client_for("charlie").get("/la/").content.decode()
    assert "Leo Haworth at Hawthorn Lane High: 20 school days" in la_home
    assert "Leo Haworth" in client_for("charlie").get("/attendance/la/").content.decode()
    # the same file again: nothing to do
    response = _upload(client, good)
    assert "importing it would change nothing" in response.content.decode()


def test_pupil_calendar_for_the_school_and_the_la(
    term: Cast, client_for: Clients, frozen: None
) -> None:
    _upload(
        client_for("bob"),
        marks_csv(term, term_days(term, date(2026, 11, 16), date(2026, 11, 20)), "I"),
    )
    _confirm(client_for("bob"))
    for member in ("bob", "charlie"):
        response = client_for(member).get(f"/attendance/children/{term.hawthorn_child.pk}/")
        body = response.content.decode()
        assert response.status_code == 200
        assert "November 2026" in body
        assert "onroll-att--authorised-absence" in body
        assert 'data-date="2026-11-16" data-am="I" data-pm="I"' in body
    assert (
        client_for("alice").get(f"/attendance/children/{term.hawthorn_child.pk}/").status_code
        == 404
    )
    assert (
        client_for("diana").get(f"/attendance/children/{term.hawthorn_child.pk}/").status_code
        == 404
    )


def test_correcting_a_mark_from_the_page(term: Cast, client_for: Clients, frozen: None) -> None:
    client = client_for("bob")
    client.post(
        "/attendance/register/?date=2026-11-23&session=AM&group=all",
        {f"code_{term.hawthorn_child.pk}": "N", f"code_{term.pru_child.pk}": "/"},
    )
    url = f"/attendance/children/{term.hawthorn_child.pk}/correct/"
    response = client.post(
        url,
        {
            "date_0": "23",
            "date_1": "11",
            "date_2": "2026",
            "session": "AM",
            "code": "I",
            "reason": "",
        },
    )
    assert "Enter the reason for the correction" in response.content.decode()
    response = client.post(
        url,
        {
            "date_0": "23",
            "date_1": "11",
            "date_2": "2026",
            "session": "AM",
            "code": "I",
            "reason": "Doctor's note",
        },
    )
    assert response.status_code == 302
    assert Mark.objects.get(child=term.hawthorn_child).code == "I"


def test_school_and_la_overviews(term: Cast, client_for: Clients, frozen: None) -> None:
    client = client_for("bob")
    _upload(client, marks_csv(term, term_days(term, date(2026, 11, 2), date(2026, 11, 27)), "O"))
    _confirm(client)
    body = client.get("/attendance/").content.decode()
    assert "Attendance week by week" in body
    assert "<svg" in body
    assert 'data-testid="weekly-table"' in body
    assert "Severe" in body
    la = client_for("charlie").get("/attendance/la/").content.decode()
    assert "Hawthorn Lane High" in la
    assert 'data-testid="la-schools-table"' in la
    assert AttendanceAlert.objects.filter(rule_id=AlertRule.RUN_20).exists()
    # the other LA sees none of it
    other = client_for("diana").get("/attendance/la/").content.decode()
    assert "Haworth" not in other


def test_dual_pattern_page_sets_the_expected_sessions(
    term: Cast, client_for: Clients, frozen: None
) -> None:
    url = f"/attendance/children/{term.pru_child.pk}/pattern/"
    client = client_for("alice")
    assert client.get(url).status_code == 200
    response = client.post(url, {"expected": ["Mon AM", "Mon PM", "Tue AM"]})
    assert response.status_code == 302
    assert term.pru_child.dual_patterns.get(school=term.pru).expected == "1110000000"
    # Leo is single registered: no pattern page for him
    assert (
        client_for("bob").get(f"/attendance/children/{term.hawthorn_child.pk}/pattern/").status_code
        == 404
    )


def test_another_school_cannot_correct_or_read_a_pupil_it_does_not_have(
    term: Cast, client_for: Clients, frozen: None
) -> None:
    for path in ("correct/", "pattern/", ""):
        url = f"/attendance/children/{term.hawthorn_child.pk}/{path}"
        assert client_for("alice").get(url).status_code == 404, url
        assert client_for("eve").get(url).status_code == 404, url
    assert client_for("charlie").get("/attendance/register/").status_code == 404
    assert client_for("bob").get("/attendance/la/").status_code == 404


def test_pages_query_count_does_not_grow_with_pupils(
    term: Cast, client_for: Clients, frozen: None, django_assert_max_num_queries: Any
) -> None:
    client = client_for("bob")
    _upload(client, marks_csv(term, term_days(term, date(2026, 11, 2), date(2026, 11, 27)), "O"))
    _confirm(client)
    with django_assert_max_num_queries(25):
        client.get("/attendance/register/?date=2026-11-23&session=AM&group=all")
    with django_assert_max_num_queries(25):
        client.get("/attendance/")
    la_client = client_for("charlie")
    with django_assert_max_num_queries(25):
        la_client.get("/attendance/la/")


def test_admin_shows_attendance_read_only() -> None:
    from django.contrib import admin

    from onroll.attendance.models import Mark

    model_admin = admin.site._registry[Mark]
    assert not model_admin.has_change_permission(None)  # type: ignore[arg-type]
    assert not model_admin.has_delete_permission(None)  # type: ignore[arg-type]
    assert not model_admin.has_add_permission(None)  # type: ignore[arg-type]


def test_expected_sickness_makes_the_return_due_at_once(
    term: Cast, client_for: Clients, frozen: None
) -> None:
    client = client_for("bob")
    client.post(
        "/attendance/register/?date=2026-11-23&session=AM&group=all",
        {f"code_{term.hawthorn_child.pk}": "I", f"code_{term.pru_child.pk}": "/"},
    )
    url = f"/attendance/children/{term.hawthorn_child.pk}/sickness/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"expected_days": "twenty"})
    assert "Enter a whole number of school days" in response.content.decode()
    client.post(url, {"expected_days": "14"})
    assert not AttendanceAlert.objects.filter(rule_id=AlertRule.SICKNESS_15).exists()
    assert client.post(url, {"expected_days": "20"}).status_code == 302
    alert = AttendanceAlert.objects.get(rule_id=AlertRule.SICKNESS_15)
    assert alert.la_return is not None
    assert alert.la_return.kind == "sickness"
    assert client_for("alice").get(url).status_code == 404
