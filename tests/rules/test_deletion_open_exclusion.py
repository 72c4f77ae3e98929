"""R-DEL-PEX-OPEN: no other route off the excluding school's roll while a permanent
exclusion process is open (issue 12, bypass 1)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from onroll.rules.deletion import (
    MID_EXCLUSION_GROUNDS,
    DeletionGround,
    decide_deletion,
    open_exclusion_refusal,
)
from onroll.rules.exclusions import ReviewState
from tests.rules.test_deletion import DAY, facts_for

OPEN = {
    "permanently_excluded": True,
    "exclusion_first_day": date(2026, 2, 2),
    "exclusion_review_state": ReviewState.EXCLUDED,
}
#: grounds that stand while the process is open; every other is refused
STANDING = {DeletionGround.K, DeletionGround.O}

TABLE = [
    (ground, process, process == "none" or ground in STANDING)
    for ground in DeletionGround
    if ground is not DeletionGround.O
    for process in ("open", "none")
]


@pytest.mark.parametrize(("ground", "process", "allowed"), TABLE)
def test_every_ground_with_and_without_an_open_exclusion(
    ground: DeletionGround, process: str, allowed: bool
) -> None:
    change = OPEN if process == "open" else {}
    facts = facts_for(ground, **change)
    decision = decide_deletion(ground, facts, deletion_date=DAY, recorded_on=DAY)
    refusal = [m for m in decision.unmet if "exclusion process is still open" in m]
    assert bool(refusal) is not allowed, decision.unmet
    if ground is not DeletionGround.A:  # A also says "use O, never A" for an excluded pupil
        assert decision.allowed is allowed, decision.unmet


def test_every_ground_is_in_the_table_with_a_source() -> None:
    assert set(MID_EXCLUSION_GROUNDS) == set(DeletionGround)
    assert {g for g, (stands, _) in MID_EXCLUSION_GROUNDS.items() if stands} == STANDING
    assert all("domain.md" in source for _, source in MID_EXCLUSION_GROUNDS.values())


def test_ground_o_is_never_refused_by_its_own_process() -> None:
    facts = facts_for(DeletionGround.O, **{**OPEN, "exclusion_review_ended_on": None})
    assert open_exclusion_refusal(DeletionGround.O, facts, deletion_date=DAY) == []


@pytest.mark.parametrize(
    ("ended_on", "pat", "refused"),
    [
        (None, False, True),
        (None, True, True),
        (date(2026, 3, 3), True, True),  # the review ends the day after the deletion date
        (DAY, False, True),  # review ended, the Pupil Access Team has not directed removal
        (DAY, True, False),  # ground O met on the deletion date
        (date(2026, 3, 1), True, False),
    ],
)
def test_boundary_ground_o_met_or_not(ended_on: date | None, pat: bool, refused: bool) -> None:
    facts = facts_for(
        DeletionGround.C,
        **OPEN,
        exclusion_review_ended_on=ended_on,
        pupil_access_team_directed_removal=pat,
    )
    assert bool(open_exclusion_refusal(DeletionGround.C, facts, deletion_date=DAY)) is refused


def test_no_pat_direction_needed_where_the_la_does_not_require_it() -> None:
    facts = facts_for(
        DeletionGround.C, **OPEN, exclusion_review_ended_on=DAY, require_pat_direction=False
    )
    assert open_exclusion_refusal(DeletionGround.C, facts, deletion_date=DAY) == []


def test_reinstated_pupil_is_not_refused() -> None:
    facts = facts_for(DeletionGround.C, **OPEN, reinstated=True)
    assert open_exclusion_refusal(DeletionGround.C, facts, deletion_date=DAY) == []


DUE = date(2026, 3, 16)


@pytest.mark.parametrize(
    ("state", "deadline", "awaited"),
    [
        (ReviewState.EXCLUDED, None, "the governing board to be told of the exclusion"),
        (None, None, "the governing board to be told of the exclusion"),
        (
            ReviewState.BOARD_PENDING,
            DUE,
            "the governing board's decision on reinstatement, due by Monday 16 March 2026",
        ),
        (ReviewState.BOARD_PENDING, None, "the governing board's decision on reinstatement."),
        (
            ReviewState.IRP_WINDOW,
            DUE,
            "15 school days to apply for an independent review, which end on Monday 16 March "
            "2026; with no application, the process ends then",
        ),
        (ReviewState.IRP_WINDOW, None, "the end of the parent's 15 school days"),
        (
            ReviewState.IRP_PENDING,
            DUE,
            "the panel must meet, due by Monday 16 March 2026",
        ),
        (ReviewState.IRP_PENDING, None, "the panel must meet soon"),
        (
            ReviewState.RECONSIDERATION_PENDING,
            DUE,
            "reconsideration, due by Monday 16 March 2026",
        ),
        (ReviewState.PROCESS_ENDED, None, "Pupil Access Team's direction"),
    ],
)
def test_refusal_names_the_open_exclusion_and_what_is_awaited(
    state: ReviewState | None, deadline: date | None, awaited: str
) -> None:
    facts = facts_for(
        DeletionGround.C,
        **{**OPEN, "exclusion_review_state": state, "exclusion_review_deadline": deadline},
    )
    [message] = open_exclusion_refusal(DeletionGround.C, facts, deletion_date=DAY)
    assert "permanently excluded the pupil from Monday 2 February 2026" in message
    assert "ground C cannot take the pupil off this school's roll until ground O is met" in (
        message
    )
    assert awaited in message


def test_refusal_without_a_first_day_still_reads() -> None:
    facts = dataclasses.replace(facts_for(DeletionGround.C, **OPEN), exclusion_first_day=None)
    [message] = open_exclusion_refusal(DeletionGround.C, facts, deletion_date=DAY)
    assert message.startswith("This school permanently excluded the pupil and the exclusion")
