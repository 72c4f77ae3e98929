from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.conftest import Cast


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
