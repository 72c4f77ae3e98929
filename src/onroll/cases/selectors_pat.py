"""What the LA Pupil Access Team's pages show: the permanent exclusions from the schools in
the officer's LA, their review and whether the team has directed removal (404 for anyone
who is not a Pupil Access Team officer of that LA)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import F, QuerySet
from django.http import Http404

from onroll.registers.facts.review import review_ended_on
from onroll.registers.forms import EVENT_LABELS, STATE_LABELS
from onroll.registers.models import Exclusion, ExclusionEvent
from onroll.rules.exclusions import ReviewEvent, ReviewState, state_deadline
from onroll.schools.selectors import school_calendar

if TYPE_CHECKING:
    from onroll.accounts.models import User
    from onroll.rules.school_calendar import SchoolCalendar
    from onroll.schools.models import School


def pat_exclusions(user: User) -> QuerySet[Exclusion]:
    """Every permanent exclusion from a school in the officer's LA: those awaiting the team's
    direction first, then the newest (none for anyone who is not a PAT officer)."""
    la_id = user.organisation_id if user.is_pupil_access_team else 0
    return (
        Exclusion.objects.filter(school__local_authority_id=la_id)
        .select_related("child", "school", "pat_directed_by_user")
        .order_by(F("pat_directed_on").asc(nulls_first=True), "-first_day", "pk")
    )


def pat_exclusion_for_user_or_404(user: User, exclusion_id: int) -> Exclusion:
    try:
        return pat_exclusions(user).get(pk=exclusion_id)
    except Exclusion.DoesNotExist:
        raise Http404("No such exclusion") from None


@dataclass(frozen=True)
class PatRow:
    """One exclusion as the team's list shows it."""

    exclusion: Exclusion
    state_label: str
    deadline: date | None


def _deadline(exclusion: Exclusion, calendar: SchoolCalendar) -> date | None:
    try:
        return state_deadline(
            ReviewState(exclusion.state), exclusion.state_since, calendar=calendar
        )
    except ValueError:
        return None


def pat_rows(exclusions: Iterable[Exclusion]) -> list[PatRow]:
    """The rows of one page of the list, each review deadline on its school's calendar."""
    calendars: dict[int, SchoolCalendar] = {}

    def calendar_of(school: School) -> SchoolCalendar:
        if school.pk not in calendars:
            calendars[school.pk] = school_calendar(school)
        return calendars[school.pk]

    return [
        PatRow(
            exclusion=item,
            state_label=STATE_LABELS[ReviewState(item.state)],
            deadline=_deadline(item, calendar_of(item.school)),
        )
        for item in exclusions
    ]


@dataclass(frozen=True)
class PatExclusionPage:
    """One exclusion on the team's page: the review so far and the team's direction."""

    exclusion: Exclusion
    state_label: str
    deadline: date | None
    ended_on: date | None
    events: list[tuple[ExclusionEvent, str]]

    @property
    def directed(self) -> bool:
        return self.exclusion.pat_directed_on is not None


def pat_exclusion_page(user: User, exclusion_id: int, *, today: date) -> PatExclusionPage:
    item = pat_exclusion_for_user_or_404(user, exclusion_id)
    return PatExclusionPage(
        exclusion=item,
        state_label=STATE_LABELS[ReviewState(item.state)],
        deadline=_deadline(item, school_calendar(item.school)),
        ended_on=review_ended_on(item, today=today),
        events=[(e, EVENT_LABELS.get(ReviewEvent(e.event), e.event)) for e in item.events.all()],
    )


def pat_awaiting_direction(user: User, *, today: date) -> list[tuple[Exclusion, date]]:
    """The exclusions whose review has ended (the exclusion stands) and which wait for the
    team's direction, with the day each review ended."""
    waiting = (
        pat_exclusions(user)
        .filter(pat_directed_on__isnull=True)
        .exclude(state=ReviewState.REINSTATED)
        .prefetch_related("events")
    )
    found = []
    for item in waiting:
        ended = review_ended_on(item, today=today)
        if ended is not None:
            found.append((item, ended))
    return found
