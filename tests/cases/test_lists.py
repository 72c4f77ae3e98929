"""The CME lists a page at a time (nothing cut without saying so), in a number of queries that
does not grow with the rows; and the per-action URLs that refuse bad input change nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from onroll.cases.factories import CaseChildFactory, CaseFactory
from onroll.cases.models import Case, Notification
from onroll.people.models import Child
from tests.cases.factories import agency_report, school_referral, ten_day_returns
from tests.clock import TODAY
from tests.conftest import Cast

ROWS = 55  # more than a page (50)


def _cases(cast: Cast, n: int) -> list[Case]:
    cases = [
        CaseFactory.create(local_authority=cast.lancashire, due_on=TODAY + timedelta(days=i % 9))
        for i in range(n)
    ]
    for case in cases[::5]:
        CaseChildFactory.create(case=case)
    return cases


def test_case_list_shows_page_two_with_the_whole_count(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    cases = _cases(cast, ROWS)
    charlie = client_for("charlie")
    first = charlie.get(reverse("cases:case_list")).content.decode()
    assert f"{ROWS} cases, overdue first" in first
    assert f"Showing 1 to 50 of {ROWS} cases" in first
    assert 'href="?page=2"' in first
    second = charlie.get(reverse("cases:case_list"), {"stage": "open", "page": "2"})
    body = second.content.decode()
    assert f"Showing 51 to {ROWS} of {ROWS} cases" in body
    shown = {c.reference for c in cases if c.reference in first or c.reference in body}
    assert len(shown) == ROWS  # every case on one page or the other


def test_case_list_keeps_its_filter_on_every_page(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    _cases(cast, ROWS)
    body = client_for("charlie").get(reverse("cases:case_list"), {"stage": "new", "mine": "1"})
    assert "No cases." in body.content.decode()  # none assigned to Charlie
    body = client_for("charlie").get(reverse("cases:case_list"), {"stage": "new"})
    assert "stage=new&amp;page=2" in body.content.decode()


@pytest.mark.parametrize("rows", [5, ROWS])
def test_case_list_query_count_is_bounded(
    cast: Cast, client_for: Callable[[str], Client], django_assert_max_num_queries: Any, rows: int
) -> None:
    _cases(cast, rows)
    charlie = client_for("charlie")
    with django_assert_max_num_queries(16):
        assert charlie.get(reverse("cases:case_list"), {"page": "2"}).status_code == 200


def test_inbox_shows_page_two_with_the_whole_count(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    ten_day_returns(cast, ROWS)
    charlie = client_for("charlie")
    assert f"of {ROWS} notifications" in charlie.get(reverse("cases:inbox")).content.decode()
    body = charlie.get(reverse("cases:inbox"), {"page": "2"}).content.decode()
    assert f"Showing 51 to {ROWS} of {ROWS} notifications" in body
    assert body.count("Not in a case") == ROWS - 50


@pytest.mark.parametrize("rows", [5, ROWS])
def test_inbox_query_count_is_bounded(
    cast: Cast, client_for: Callable[[str], Client], django_assert_max_num_queries: Any, rows: int
) -> None:
    ten_day_returns(cast, rows)
    charlie = client_for("charlie")
    with django_assert_max_num_queries(12):
        assert charlie.get(reverse("cases:inbox")).status_code == 200


def test_school_referrals_show_page_two_with_the_whole_count(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    ten_day_returns(cast, ROWS)
    bob = client_for("bob")
    assert f"of {ROWS} referrals" in bob.get(reverse("cases:school_referrals")).content.decode()
    body = bob.get(reverse("cases:school_referrals"), {"page": "2"}).content.decode()
    assert f"Showing 51 to {ROWS} of {ROWS} referrals" in body


@pytest.mark.parametrize("rows", [5, ROWS])
def test_school_referrals_query_count_is_bounded(
    cast: Cast, client_for: Callable[[str], Client], django_assert_max_num_queries: Any, rows: int
) -> None:
    ten_day_returns(cast, rows)
    school_referral(cast)  # one in a case, with its stage
    bob = client_for("bob")
    with django_assert_max_num_queries(12):
        assert bob.get(reverse("cases:school_referrals")).status_code == 200


def test_new_child_record_refused_without_a_name_changes_nothing(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    notification = agency_report(cast.lancashire, forename="", surname="Unknown")
    children = Child.objects.count()
    url = reverse("cases:notification_new_child", args=[notification.pk])
    charlie = client_for("charlie")
    assert charlie.get(url).status_code == 302  # POST only
    response = charlie.post(url, follow=True)
    assert "needs the child&#x27;s forename and surname" in response.content.decode()
    assert Child.objects.count() == children
    notification.refresh_from_db()
    assert notification.child is None
    assert client_for("diana").post(url).status_code == 404  # another LA's notification


def test_new_child_record_made_from_the_notification(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    notification = agency_report(
        cast.lancashire, forename="Nell", surname="Quarry", date_of_birth="2015-04-01"
    )
    url = reverse("cases:notification_new_child", args=[notification.pk])
    response = client_for("charlie").post(url)
    notification.refresh_from_db()
    assert notification.child is not None
    assert notification.child.full_name == "Nell Quarry"
    assert response["Location"] == reverse("cases:case_detail", args=[notification.case_id])


def test_assign_refused_shows_on_the_case_page_and_changes_nothing(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    case = school_referral(cast).case
    assert case is not None
    response = client_for("charlie").post(
        reverse("cases:case_assign", args=[case.pk]), {"officer": cast.diana.pk}
    )
    assert response.status_code == 200
    assert 'data-testid="assign-error"' in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to is None


def test_joint_agreement_refused_before_the_enquiries_began_changes_nothing(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    from tests.cases.factories import sweep_records

    joint = sweep_records(cast).joint
    early = joint.started_on - timedelta(days=3)
    response = client_for("bob").post(
        reverse("cases:joint_agree", args=[joint.pk]),
        {
            "outcome": "whereabouts_unknown",
            "agreed_off_roll_date_0": str(early.day),
            "agreed_off_roll_date_1": str(early.month),
            "agreed_off_roll_date_2": str(early.year),
        },
    )
    assert response.status_code == 200
    assert "cannot be before the enquiries began" in response.content.decode()
    joint.refresh_from_db()
    assert joint.agreed_off_roll_date is None


def test_notifications_in_the_list_are_the_las_own(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    ten_day_returns(cast, 3)
    assert Notification.objects.count() == 3
    body = client_for("diana").get(reverse("cases:inbox")).content.decode()
    assert "Nothing has arrived." in body
    assert "Showing" not in body


def test_the_officers_work_queue_pages_with_the_whole_count(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    _cases(cast, ROWS)
    charlie = client_for("charlie")
    first = charlie.get(reverse("la:home")).content.decode()
    assert f"{ROWS} things to do, overdue first" in first
    assert f"Showing 1 to 50 of {ROWS} things to do" in first
    second = charlie.get(reverse("la:home") + "?queue=2").content.decode()
    assert f"Showing 51 to {ROWS} of {ROWS} things to do" in second
