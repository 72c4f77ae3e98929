"""The school's work queue: what is due, with deadlines in school days (overdue first)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from onroll.core.registry import QueueItem
from onroll.registers.facts import calendar_for, school_days_left
from onroll.registers.forms import STATE_LABELS
from onroll.registers.models import (
    Exclusion,
    LaReturn,
    Leaving,
    LeavingStatus,
    Move,
    Placement,
    PlacementKind,
    PlacementStatus,
    ReturnStatus,
)
from onroll.registers.placements import day6_deadline
from onroll.rules.school_calendar import SchoolCalendar
from onroll.rules.exclusions import ReviewState, state_deadline


def _left(calendar: SchoolCalendar, today: date, due: date | None) -> int | None:
    try:
        return school_days_left(calendar, today, due)
    except ValueError:
        return None


def school_queue(user: Any, today: date) -> list[QueueItem]:
    """Day-6 deadlines, returns due, pending leavers without a confirmed destination, moves
    to follow up, exclusion review deadlines, CTFs owed and placement reviews."""
    if not user.is_authenticated or not user.is_school_user:
        return []
    school = user.school
    calendar = calendar_for(school)
    items: list[QueueItem] = []
    waiting = Placement.objects.filter(
        school=school,
        kind=PlacementKind.PERMANENT_EXCLUSION,
        status=PlacementStatus.AWAITING_ROLL,
    ).select_related("child", "home_school")
    for placement in waiting:
        deadline = day6_deadline(placement, today=today)
        due = deadline.deadline if deadline else None
        items.append(
            QueueItem(
                title=f"Put {placement.child.full_name} on roll by day 6",
                href=reverse("registers:placement", args=[placement.pk]),
                due=due,
                kind="day6",
                school_days_left=_left(calendar, today, due),
                detail=f"Permanently excluded from {placement.home_school}",
            )
        )
    for la_return in LaReturn.objects.filter(school=school, status=ReturnStatus.DUE).select_related(
        "child"
    ):
        items.append(
            QueueItem(
                title=f"Send the {la_return.get_kind_display().lower()} for "
                f"{la_return.child.full_name}",
                href=reverse("registers:la_return", args=[la_return.pk]),
                due=la_return.due_on,
                kind="return",
                school_days_left=_left(calendar, today, la_return.due_on),
            )
        )
    pending = Leaving.objects.filter(
        registration__school=school, status=LeavingStatus.PENDING
    ).select_related("registration__child")
    for leaving in pending:
        if leaving.destination_confirmed:
            continue
        child = leaving.registration.child
        items.append(
            QueueItem(
                title=f"Confirm where {child.full_name} is going",
                href=reverse("registers:leaving", args=[leaving.registration_id]),
                due=leaving.expected_leaving_on,
                kind="leaver",
                school_days_left=_left(calendar, today, leaving.expected_leaving_on),
                detail="Pending leaver: destination not confirmed on roll",
            )
        )
    for move in Move.objects.filter(school=school, followed_up_on__isnull=True).select_related(
        "child"
    ):
        items.append(
            QueueItem(
                title=f"Follow up {move.child.full_name}'s move",
                href=reverse("registers:move", args=[move.pk]),
                due=move.move_on,
                kind="move",
                school_days_left=_left(calendar, today, move.move_on),
                detail=f"Moving to {move.intended_la or 'an unknown area'}",
            )
        )
    exclusions = Exclusion.objects.filter(school=school).select_related("child", "registration")
    for exclusion in exclusions:
        due = None
        try:
            due = state_deadline(
                ReviewState(exclusion.state), exclusion.state_since, calendar=calendar
            )
        except ValueError:
            due = None
        if exclusion.state == ReviewState.EXCLUDED:
            items.append(
                QueueItem(
                    title=f"Notify the governing board of {exclusion.child.full_name}'s exclusion",
                    href=reverse("registers:exclusion", args=[exclusion.pk]),
                    due=exclusion.first_day,
                    kind="exclusion",
                    school_days_left=_left(calendar, today, exclusion.first_day),
                )
            )
        elif (
            exclusion.state == ReviewState.PROCESS_ENDED
            and exclusion.pat_directed_on is not None
            and exclusion.registration.deleted_on is None
        ):
            items.append(
                QueueItem(
                    title=f"Remove {exclusion.child.full_name} from roll under ground O",
                    href=reverse("registers:delete", args=[exclusion.registration_id]),
                    due=exclusion.pat_directed_on,
                    kind="exclusion",
                    school_days_left=_left(calendar, today, exclusion.pat_directed_on),
                    detail="Review ended and the Pupil Access Team directed removal",
                )
            )
        elif due is not None:
            items.append(
                QueueItem(
                    title=f"Exclusion review for {exclusion.child.full_name}",
                    href=reverse("registers:exclusion", args=[exclusion.pk]),
                    due=due,
                    kind="exclusion",
                    school_days_left=_left(calendar, today, due),
                    detail=STATE_LABELS[ReviewState(exclusion.state)],
                )
            )
    owed = Leaving.objects.filter(
        registration__school=school, status=LeavingStatus.DELETED, ctf_due_on__isnull=False
    ).select_related("registration__child")
    for leaving in owed:
        destination = leaving.ctf_destination or leaving.destination_school or "the next school"
        items.append(
            QueueItem(
                title=f"Send {leaving.registration.child.full_name}'s CTF to {destination}",
                href=reverse("registers:leaving", args=[leaving.registration_id]),
                due=leaving.ctf_due_on,
                kind="ctf",
                school_days_left=_left(calendar, today, leaving.ctf_due_on),
                detail=leaving.get_ctf_kind_display(),
            )
        )
    reviews = Placement.objects.filter(
        school=school, status=PlacementStatus.ON_ROLL, next_review_on__isnull=False
    ).select_related("child")
    for placement in reviews:
        items.append(
            QueueItem(
                title=f"Review {placement.child.full_name}'s placement",
                href=reverse("registers:placement", args=[placement.pk]),
                due=placement.next_review_on,
                kind="placement_review",
                school_days_left=_left(calendar, today, placement.next_review_on),
            )
        )
    return items
