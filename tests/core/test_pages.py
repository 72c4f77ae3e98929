from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from onroll.accounts.factories import UserFactory
from onroll.accounts.roles import Role
from onroll.registers.factories import RegistrationFactory
from onroll.schools.factories import SchoolFactory
from tests.conftest import Cast, sign_in


def test_healthz_reports_the_database(db: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_security_headers(cast: Cast, client_for: Callable[[str], Client]) -> None:
    response = client_for("alice").get("/school/")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    ("member", "home", "text"),
    [
        ("alice", "/school/", "pupils on roll"),
        ("bob", "/school/", "pupils on roll"),
        ("charlie", "/la/", "Children missing education"),
        ("diana", "/la/", "Children missing education"),
    ],
)
def test_each_role_lands_on_its_home(
    cast: Cast, client_for: Callable[[str], Client], member: str, home: str, text: str
) -> None:
    response = client_for(member).get("/", follow=True)
    assert response.request["PATH_INFO"] == home
    assert text in response.content.decode()


def test_school_home_counts_its_own_roll(cast: Cast, client_for: Callable[[str], Client]) -> None:
    body = client_for("bob").get("/school/").content.decode()
    assert 'data-testid="on-roll-count">2<' in body  # pru_child (dual main) + hawthorn_child


def test_pupil_list_shows_only_this_schools_pupils(
    cast: Cast, client_for: Callable[[str], Client], django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = client_for("alice")
    with django_assert_max_num_queries(12):
        body = client.get("/school/pupils/").content.decode()
    assert "Dewhurst" in body
    assert "Haworth" not in body
    assert "Nowak" not in body


def test_la_sees_only_its_own_schools(cast: Cast, client_for: Callable[[str], Client]) -> None:
    body = client_for("charlie").get("/la/schools/").content.decode()
    assert "Stepping Stones" in body
    assert "Seaside Primary" not in body


def test_unknown_page_is_a_gov_uk_404(db: None) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_static_assets_are_served(db: None) -> None:
    """The GOV.UK styles and the script that sets govuk-frontend-supported must load."""
    client = Client()
    for path in (
        "/static/vendor/govuk-frontend/govuk-frontend.min.css",
        "/static/vendor/govuk-frontend/govuk-frontend.min.js",
        "/static/onroll/init.js",
    ):
        response = client.get(path)
        assert response.status_code == 200, path


def test_a_system_administrator_lands_on_the_administration_page(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    admin = UserFactory(username="sam", organisation=cast.lancashire, roles=[Role.SYSTEM_ADMIN])
    response = sign_in(Client(), admin).get("/", follow=True)
    assert response.request["PATH_INFO"] == reverse("core:admin_home")
    assert "Open the administration site" in response.content.decode()
    assert client_for("charlie").get(reverse("core:admin_home")).status_code == 404


def test_the_pupil_list_shows_every_pupil_a_page_at_a_time(
    cast: Cast, client_for: Callable[[str], Client], django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    RegistrationFactory.create_batch(55, school=cast.pru, child__legal_surname="Zephyr")
    client = client_for("alice")
    with django_assert_max_num_queries(12):  # the same bound as for one pupil
        first = client.get(reverse("registers:pupil_list")).content.decode()
    assert "56 pupils on roll" in first
    assert "Showing 1 to 50 of 56 pupils" in first
    assert first.count("Zephyr") == 49  # Dewhurst first, then 49 of the 55
    second = client.get(reverse("registers:pupil_list"), {"page": 2}).content.decode()
    assert "Showing 51 to 56 of 56 pupils" in second
    assert second.count("Zephyr") == 6


def test_the_las_schools_are_listed_a_page_at_a_time(
    cast: Cast, client_for: Callable[[str], Client], django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    SchoolFactory.create_batch(55, local_authority=cast.lancashire)
    client = client_for("charlie")
    with django_assert_max_num_queries(12):
        first = client.get(reverse("la:schools")).content.decode()
    assert "Showing 1 to 50 of 57 schools" in first
    second = client.get(reverse("la:schools"), {"page": 2}).content.decode()
    assert "Showing 51 to 57 of 57 schools" in second
    assert "Stepping Stones" in second  # "School 1" ... sort before it
    assert "57 schools in Lancashire" in client.get(reverse("la:home")).content.decode()
