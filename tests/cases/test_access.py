"""Every CME page, for every member of the cast and anonymous visitors (the same rules as
tests/core/test_access_sweep.py, run here over the cases URLs alone)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from onroll.cases.models import Case
from tests.cases.factories import agency_report, sweep_records
from tests.conftest import Cast

PUBLIC = {"public_report", "public_report_received"}


def _urls(cast: Cast) -> list[tuple[str, str, bool]]:
    records = sweep_records(cast)
    values = {
        "case_id": records.case.pk,
        "notification_id": records.notification.pk,
        "joint_id": records.joint.pk,
        "child_id": cast.pru_child.pk,
    }
    resolver = get_resolver().url_patterns
    cases = next(r for r in resolver if getattr(r, "namespace", None) == "cases")
    found = []
    for pattern in cases.url_patterns:  # type: ignore[attr-defined]
        keys = list(pattern.pattern.regex.groupindex)
        url = reverse(f"cases:{pattern.name}", kwargs={k: values[k] for k in keys})
        found.append((pattern.name, url, bool(keys)))
    assert len(found) >= 20
    return found


def test_anonymous_visitors_reach_only_the_public_form(cast: Cast) -> None:
    client = Client()
    for name, url, _ in _urls(cast):
        response = client.get(url)
        if name in PUBLIC:
            assert response.status_code == 200, name
        else:
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("accounts:sign_in")), name


@pytest.mark.parametrize("member", ["alice", "bob", "charlie", "diana", "eve"])
def test_no_one_reads_another_organisations_case(
    cast: Cast, client_for: Callable[[str], Client], member: str
) -> None:
    client = client_for(member)
    secret = cast.pru_child.legal_surname
    for name, url, has_object in _urls(cast):
        response = client.get(url)
        assert response.status_code < 500, f"{name} failed for {member}"
        body = response.content.decode() if response.status_code == 200 else ""
        if member in {"diana", "eve"}:
            assert secret not in body, f"{member} read a Lancashire child on {name}"
            if has_object:
                assert response.status_code == 404, f"{name} gave {member} {response.status_code}"
        if member == "charlie" and has_object and name != "joint_agree":
            assert response.status_code in {200, 302}, name


def test_another_la_sees_its_own_cases_only(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    mine = agency_report(cast.blackpool, forename="Zed", surname="Blackpoolchild").case
    theirs = sweep_records(cast).case
    assert isinstance(mine, Case)
    diana = client_for("diana")
    listing = diana.get(reverse("cases:case_list")).content.decode()
    assert mine.reference in listing
    assert theirs.reference not in listing
    assert diana.get(reverse("cases:case_detail", args=[theirs.pk])).status_code == 404
    charlie = client_for("charlie")
    assert charlie.get(reverse("cases:case_detail", args=[mine.pk])).status_code == 404
    assert mine.reference not in charlie.get(reverse("cases:inbox")).content.decode()


def test_school_sees_only_its_own_referrals(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    records = sweep_records(cast)  # Hawthorn (bob) referred Ava
    bob = client_for("bob").get(reverse("cases:school_referrals")).content.decode()
    assert records.notification.reference in bob
    alice = client_for("alice").get(reverse("cases:school_referrals")).content.decode()
    assert records.notification.reference not in alice


def test_la_officer_cannot_link_a_child_outside_its_scope(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    """Charlie may not attach a Blackpool pupil to a Lancashire notification."""
    records = sweep_records(cast)
    response = client_for("charlie").post(
        reverse("cases:notification_link", args=[records.notification.pk]),
        {"child_id": cast.seaside_child.pk},
    )
    assert response.status_code == 404


def test_la_officer_sees_no_pupil_who_was_not_referred(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    """Leo Haworth is on Hawthorn's roll but nobody referred him: no CME page shows him."""
    records = sweep_records(cast)  # only Ava (pru_child) is referred
    charlie = client_for("charlie")
    for url in (
        reverse("cases:inbox"),
        reverse("cases:case_list"),
        reverse("cases:case_detail", args=[records.case.pk]),
        reverse("cases:notification", args=[records.notification.pk]),
        reverse("cases:reports"),
    ):
        body = charlie.get(url).content.decode()
        assert "Haworth" not in body, url
