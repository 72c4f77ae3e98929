"""The exclusion review's recorded events as the engine's ``ReviewFacts``."""

from __future__ import annotations

from datetime import date
from typing import Any

from onroll.registers.models import Exclusion
from onroll.rules.exclusions import (
    IrpOutcome,
    ReviewEvent,
    ReviewFacts,
    ReviewStage,
    ReviewState,
    review_process_end,
    review_stage,
)
from onroll.schools.selectors import school_calendar


def review_facts(exclusion: Exclusion) -> ReviewFacts:
    """The review's recorded events as the engine's ``ReviewFacts``."""
    values: dict[str, Any] = {}
    for event in exclusion.events.all():
        kind, on = event.event, event.occurred_on
        if kind == ReviewEvent.BOARD_DECLINED:
            values["board_declined_to_reinstate"] = True
            values["parent_notified_of_board_decision_on"] = on
        elif kind in (ReviewEvent.BOARD_REINSTATED, ReviewEvent.RECONSIDERED_REINSTATED):
            values["reinstated"] = True
        elif kind == ReviewEvent.PARENT_WAIVED_IRP_IN_WRITING:
            values["parent_waived_irp_in_writing_on"] = on
        elif kind == ReviewEvent.IRP_APPLIED:
            values["irp_applied_on"] = on
        elif kind == ReviewEvent.IRP_UPHELD:
            values["irp_outcome"], values["irp_decision_on"] = IrpOutcome.UPHELD, on
        elif kind == ReviewEvent.IRP_RECOMMENDED_RECONSIDERATION:
            values["irp_outcome"] = IrpOutcome.RECOMMENDED_RECONSIDERATION
            values["irp_decision_on"] = on
        elif kind == ReviewEvent.IRP_QUASHED:
            values["irp_outcome"], values["irp_decision_on"] = IrpOutcome.QUASHED, on
        elif kind == ReviewEvent.RECONSIDERED_DECLINED:
            values["reconsidered_declined_on"] = on
    return ReviewFacts(**values)


def review_ended_on(exclusion: Exclusion, *, today: date) -> date | None:
    """The day the review process ended (the exclusion stands), or None while it runs."""
    end = review_process_end(
        review_facts(exclusion), calendar=school_calendar(exclusion.school), today=today
    )
    return end.ended_on if end else None


def review_stage_of(exclusion: Exclusion, *, today: date) -> ReviewStage:
    """Where the review stands (stage, since, deadline, end), read from one fact: the page
    and the deletion rules both use it."""
    return review_stage(
        ReviewState(exclusion.state),
        exclusion.state_since,
        review_facts(exclusion),
        calendar=school_calendar(exclusion.school),
        today=today,
    )
