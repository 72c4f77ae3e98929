"""Day 6 is kept or visibly missed (issue 12, bypass 5): a start after day 6 needs its
reason, a back-dated start says so, and a reinstated pupil is never overdue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from onroll.core.models import AuditEvent
from onroll.core.registry import work_queue_for
from onroll.registers.models import Placement
from onroll.registers.placements import exclusion_event_record, placement_put_on_roll
from tests.conftest import Cast
from tests.forms import date_fields as _d
from tests.registers import records

DAY6 = date(2026, 11, 30)  # Hawthorn excludes Leo on Mon 23 Nov 2026


@pytest.fixture
def calendar(cast: Cast) -> None:
    records.with_calendar(cast)


def test_start_after_day_6_without_a_reason_is_refused_naming_day_6(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    records.exclusion(cast)
    placement = records.placement(cast)
    body = (
        client_for("alice")
        .post(
            reverse("registers:placement_on_roll", args=[placement.pk]),
            _d("starting_day", date(2026, 12, 1)),
        )
        .content.decode()
    )
    assert "govuk-error-summary" in body
    assert "Monday 30 November 2026" in body
    placement.refresh_from_db()
    assert placement.status == "awaiting"


def test_start_after_day_6_with_a_reason_is_flagged_and_audited(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    records.exclusion(cast)
    placement = records.placement(cast)
    response = client_for("alice").post(
        reverse("registers:placement_on_roll", args=[placement.pk]),
        {**_d("starting_day", date(2026, 12, 1)), "late_start_reason": "No place until Tuesday"},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.late_start_reason == "No place until Tuesday"
    event = AuditEvent.objects.filter(action="placement.on_roll").get()
    assert event.detail["after_day6"] is True
    assert event.detail["late_start_reason"] == "No place until Tuesday"
    page = client_for("alice").get(reverse("registers:placement", args=[placement.pk]))
    assert "Started after day 6" in page.content.decode()


def test_start_on_day_6_needs_no_reason(cast: Cast, calendar: None) -> None:
    records.exclusion(cast)
    placement = placement_put_on_roll(
        placement=records.placement(cast), starting_day=DAY6, today=DAY6, acting_user=cast.alice
    ).placements.get()
    assert placement.late_start_reason == ""
    assert placement.on_roll_recorded_on == DAY6


def test_back_dated_start_says_so_and_is_judged_on_the_real_start(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    records.exclusion(cast)
    placement = records.placement(cast)
    with pytest.raises(ValidationError) as refused:
        placement_put_on_roll(
            placement=placement,
            starting_day=date(2026, 12, 1),
            today=date(2026, 12, 3),
            acting_user=cast.alice,
        )
    assert "late_start_reason" in refused.value.message_dict
    placement_put_on_roll(
        placement=placement,
        starting_day=DAY6,
        today=date(2026, 12, 3),
        acting_user=cast.alice,
    )
    placement.refresh_from_db()
    assert placement.on_roll_recorded_on == date(2026, 12, 3)
    assert placement.late_start_reason == ""
    page = client_for("alice").get(reverse("registers:placement", args=[placement.pk]))
    assert "Start entered on 3 December 2026 for 30 November 2026" in page.content.decode()


def test_reinstated_pupil_is_not_overdue_in_the_queue_or_on_the_page(
    cast: Cast, calendar: None, client_for: Callable[[str], Client]
) -> None:
    exclusion = records.exclusion(cast)
    placement = records.placement(cast)
    later = date(2026, 12, 7)
    assert next(i for i in work_queue_for(cast.alice, later) if i.kind == "day6").overdue
    for event, on in (("board_notified", date(2026, 11, 24)), ("board_reinstated", DAY6)):
        exclusion_event_record(
            exclusion=exclusion, event=event, occurred_on=on, today=DAY6, acting_user=cast.bob
        )
    assert not [i for i in work_queue_for(cast.alice, later) if i.kind == "day6"]
    page = client_for("alice").get(reverse("registers:placement", args=[placement.pk]))
    assert "no longer needed" in page.content.decode()
    assert Placement.objects.get().status == "awaiting"
