"""Issue 12, bypasses 1 and 6 on the registers side: the deletion facts carry the open
exclusion process (R-DEL-PEX-OPEN), review steps are dated only within their windows
(R-EXC-DATES), and the exclusion page reads its stage and its end from one fact."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from onroll.registers.facts.deletion import Attestation, deletion_facts
from onroll.registers.models import Exclusion, ExclusionEvent, Registration
from onroll.registers.placements import exclusion_event_record
from onroll.registers.selectors_pages import exclusion_page
from onroll.rules.deletion import decide_deletion
from onroll.rules.exclusions import ReviewState
from onroll.schools.selectors import school_calendar
from tests.conftest import Cast
from tests.registers import records

NOTIFIED = date(2026, 11, 2)  # parent told of the board's decision (Monday)


@pytest.fixture
def declined(cast: Cast) -> Exclusion:
    """Hawthorn's exclusion with the board's decision not to reinstate on 2 Nov 2026."""
    records.with_calendar(cast)
    exclusion = records.exclusion(cast)
    exclusion.first_day = exclusion.state_since = date(2026, 10, 5)
    exclusion.save()
    for event in ("board_notified", "board_declined"):
        exclusion_event_record(
            exclusion=exclusion,
            event=event,
            occurred_on=NOTIFIED,
            today=records.TODAY,
            acting_user=cast.bob,
        )
    return exclusion


def _deadline(exclusion: Exclusion) -> date:
    return school_calendar(exclusion.school).add_school_days(NOTIFIED, 15)


def test_window_passed_dated_before_its_deadline_is_refused_naming_it(
    cast: Cast, declined: Exclusion
) -> None:
    deadline = _deadline(declined)
    assert deadline == date(2026, 11, 23)
    with pytest.raises(ValidationError) as refused:
        exclusion_event_record(
            exclusion=declined,
            event="irp_window_expired",
            occurred_on=deadline,
            today=records.TODAY,
            acting_user=cast.bob,
        )
    assert refused.value.message_dict["occurred_on"] == [
        "The 15 school days to apply for an independent review end on Monday 23 November "
        "2026: this step cannot be dated on or before then."
    ]
    assert not ExclusionEvent.objects.filter(exclusion=declined, event="irp_window_expired")
    declined.refresh_from_db()
    assert declined.state == ReviewState.IRP_WINDOW
    exclusion_event_record(
        exclusion=declined,
        event="irp_window_expired",
        occurred_on=date(2026, 11, 24),
        today=records.TODAY,
        acting_user=cast.bob,
    )
    declined.refresh_from_db()
    assert declined.state == ReviewState.PROCESS_ENDED


def test_page_stage_and_end_agree(cast: Cast, declined: Exclusion) -> None:
    # a step recorded early before this rule existed: the page must not say both
    Exclusion.objects.filter(pk=declined.pk).update(
        state=ReviewState.PROCESS_ENDED, state_since=date(2026, 11, 3)
    )
    page = exclusion_page(cast.bob, declined.pk, today=date(2026, 11, 20))
    assert page.ended_on is None
    assert page.state_label.startswith("The parent may apply")
    assert (page.since, page.deadline) == (NOTIFIED, _deadline(declined))
    later = exclusion_page(cast.bob, declined.pk, today=records.TODAY)
    assert later.ended_on == _deadline(declined)
    assert later.state_label.startswith("Process ended")
    assert later.since == later.ended_on


def _decide(registration: Registration, ground: str, on: date):  # type: ignore[no-untyped-def]
    facts = deletion_facts(
        registration, Attestation(ceased_to_attend=True, died=True), deletion_date=on, today=on
    )
    return decide_deletion(ground, facts, deletion_date=on, recorded_on=on)


def test_deletion_facts_carry_the_open_exclusion(cast: Cast, declined: Exclusion) -> None:
    registration = records.hawthorn_registration(cast)
    on = date(2026, 11, 20)
    refused = _decide(registration, "C", on)
    [reason] = [m for m in refused.unmet if "exclusion process is still open" in m]
    assert "permanently excluded the pupil from Monday 5 October 2026" in reason
    assert "which end on Monday 23 November 2026" in reason
    assert not [m for m in _decide(registration, "K", on).unmet if "still open" in m]
