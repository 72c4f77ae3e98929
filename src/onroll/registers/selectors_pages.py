"""What each school page shows, read in one place and scoped to the user (else 404): the
views render these and change nothing themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from onroll.accounts.models import User
from onroll.people.selectors import child_for_user_or_404
from onroll.registers.facts.leaving import leaver_facts
from onroll.registers.facts.review import review_facts, review_stage_of
from onroll.registers.forms import EVENT_LABELS, STATE_LABELS
from onroll.registers.models import (
    Exclusion,
    ExclusionEvent,
    Leaving,
    LeavingStatus,
    Placement,
    PlacementKind,
    PlacementStatus,
    Registration,
)
from onroll.registers.placements import day6_deadline
from onroll.registers.selectors import (
    exclusion_for_user_or_404,
    latest_leaving,
    placement_for_user_or_404,
    registration_for_user_or_404,
)
from onroll.rules.exclusions import (
    GroundOEligibility,
    ReviewEvent,
    ReviewState,
    allowed_events,
    ground_o_eligibility,
)
from onroll.rules.placements import LeaverDecision, OnRollDeadline, leaver_destination_check
from onroll.schools.selectors import school_calendar


@dataclass(frozen=True)
class ExclusionPage:
    """A permanent exclusion's review: its state, deadline, the steps so far, the Pupil Access
    Team's direction and whether ground O is met."""

    exclusion: Exclusion
    owner: bool
    state_label: str
    since: date
    deadline: date | None
    events: list[tuple[ExclusionEvent, str]]
    next_events: tuple[ReviewEvent, ...]
    eligibility: GroundOEligibility
    ended_on: date | None
    placement: Placement | None

    @property
    def can_move(self) -> bool:
        return bool(self.next_events)


def exclusion_page(user: User, exclusion_id: int, *, today: date) -> ExclusionPage:
    item = exclusion_for_user_or_404(user, exclusion_id)
    child_for_user_or_404(user, item.child_id)
    calendar = school_calendar(item.school)
    # the stage, its deadline and the end of the review: one fact (R-EXC-STAGE)
    stage = review_stage_of(item, today=today)
    return ExclusionPage(
        exclusion=item,
        owner=item.school_id == user.organisation_id,
        state_label=STATE_LABELS[stage.state],
        since=stage.since,
        deadline=stage.deadline,
        events=[(e, EVENT_LABELS.get(ReviewEvent(e.event), e.event)) for e in item.events.all()],
        next_events=allowed_events(ReviewState(item.state)),
        eligibility=ground_o_eligibility(
            review_facts(item),
            calendar=calendar,
            today=today,
            pupil_access_team_directed_removal=item.pat_directed_on is not None,
        ),
        ended_on=stage.ended_on,
        placement=getattr(item, "placement", None),
    )


@dataclass(frozen=True)
class PlacementPage:
    """A placement at the Short Stay School: its day-6 deadline (permanent exclusion), or its
    aim, reviews and outcome (referral)."""

    placement: Placement
    at_pru: bool
    deadline: OnRollDeadline | None

    @property
    def is_pex(self) -> bool:
        return self.placement.kind == PlacementKind.PERMANENT_EXCLUSION

    @property
    def awaiting(self) -> bool:
        return self.placement.status == PlacementStatus.AWAITING_ROLL

    @property
    def on_roll(self) -> bool:
        return self.placement.status == PlacementStatus.ON_ROLL


def placement_page(user: User, placement_id: int, *, today: date) -> PlacementPage:
    item = placement_for_user_or_404(user, placement_id)
    return PlacementPage(
        placement=item,
        at_pru=item.school_id == user.organisation_id,
        deadline=day6_deadline(item, today=today),
    )


@dataclass(frozen=True)
class LeavingPage:
    """A pupil leaving: the pending-leaver state, the destination and the rules' check of it."""

    registration: Registration
    leaving: Leaving | None
    check: LeaverDecision | None

    @property
    def pending(self) -> bool:
        return self.leaving is not None and self.leaving.status == LeavingStatus.PENDING


def leaving_page(user: User, registration_id: int) -> LeavingPage:
    registration = registration_for_user_or_404(user, registration_id)
    current = latest_leaving(registration)
    pending = current is not None and current.status == LeavingStatus.PENDING
    return LeavingPage(
        registration=registration,
        leaving=current,
        check=leaver_destination_check(leaver_facts(registration, current))
        if pending and current is not None
        else None,
    )
