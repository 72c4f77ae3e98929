"""The school's work queue: what is due, with deadlines in school days (overdue first)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from onroll.core.registry import QueueItem
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
from onroll.rules.deadlines import school_days_left, work_by
from onroll.rules.exclusions import ReviewState, state_deadline
from onroll.rules.placements import OnRollStatus
from onroll.rules.school_calendar import SchoolCalendar
from onroll.schools.selectors import school_calendar


def _item(calendar: SchoolCalendar, today: date, due: date | None, **fields: Any) -> QueueItem:
    """A queue item due on the day the work must be done by: a deadline on a day the school
    does not meet (a new-pupil return's fifth calendar day on a Saturday, a review or leaving
    date in a weekend) is shown on the school day before it (R-CAL-7), with the law's own
    date in the detail; the school days left are counted to that day (R-CAL-6)."""
    work = None if due is None else work_by(calendar, due, today=today)
    if due is not None and work != due:
        note = f"Due {due:%A} {due.day} {due:%B %Y}; the school does not meet that day"
        fields["detail"] = f"{fields['detail']} · {note}" if fields.get("detail") else note
    return QueueItem(due=work, school_days_left=school_days_left(calendar, today, work), **fields)


def school_queue(user: Any, today: date) -> list[QueueItem]:
    """Day-6 deadlines, returns due, pending leavers without a confirmed destination, moves
    to follow up, exclusion review deadlines, CTFs owed and placement reviews."""
    if not user.is_authenticated or not user.is_school_user:
        return []
    school = user.school
    calendar = school_calendar(school)
    items: list[QueueItem] = []
    waiting = Placement.objects.filter(
        school=school,
        kind=PlacementKind.PERMANENT_EXCLUSION,
        status=PlacementStatus.AWAITING_ROLL,
    ).select_related("child", "home_school", "school", "exclusion")
    for placement in waiting:
        deadline = day6_deadline(placement, today=today)
        if deadline is not None and deadline.status is OnRollStatus.NOT_NEEDED:
            continue  # reinstated: the day-6 duty has ended (R-PRU-D6)
        due = deadline.deadline if deadline else None
        items.append(
            _item(
                calendar,
                today,
                due,
                title=f"Put {placement.child.full_name} on roll by day 6",
                href=reverse("registers:placement", args=[placement.pk]),
                kind="day6",
                detail=f"Permanently excluded from {placement.home_school}",
            )
        )
    for la_return in LaReturn.objects.filter(school=school, status=ReturnStatus.DUE).select_related(
        "child"
    ):
        items.append(
            _item(
                calendar,
                today,
                la_return.due_on,
                title=f"Send the {la_return.get_kind_display().lower()} for "
                f"{la_return.child.full_name}",
                href=reverse("registers:la_return", args=[la_return.pk]),
                kind="return",
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
            _item(
                calendar,
                today,
                leaving.expected_leaving_on,
                title=f"Confirm where {child.full_name} is going",
                href=reverse("registers:leaving", args=[leaving.registration_id]),
                kind="leaver",
                detail="Pending leaver: destination not confirmed on roll",
            )
        )
    for move in Move.objects.filter(school=school, followed_up_on__isnull=True).select_related(
        "child"
    ):
        items.append(
            _item(
                calendar,
                today,
                move.move_on,
                title=f"Follow up {move.child.full_name}'s move",
                href=reverse("registers:move", args=[move.pk]),
                kind="move",
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
                _item(
                    calendar,
                    today,
                    exclusion.first_day,
                    title=f"Notify the governing board of {exclusion.child.full_name}'s exclusion",
                    href=reverse("registers:exclusion", args=[exclusion.pk]),
                    kind="exclusion",
                )
            )
        elif (
            exclusion.state == ReviewState.PROCESS_ENDED
            and exclusion.pat_directed_on is not None
            and exclusion.registration.deleted_on is None
        ):
            items.append(
                _item(
                    calendar,
                    today,
                    exclusion.pat_directed_on,
                    title=f"Remove {exclusion.child.full_name} from roll under ground O",
                    href=reverse("registers:delete", args=[exclusion.registration_id]),
                    kind="exclusion",
                    detail="Review ended and the Pupil Access Team directed removal",
                )
            )
        elif due is not None:
            items.append(
                _item(
                    calendar,
                    today,
                    due,
                    title=f"Exclusion review for {exclusion.child.full_name}",
                    href=reverse("registers:exclusion", args=[exclusion.pk]),
                    kind="exclusion",
                    detail=STATE_LABELS[ReviewState(exclusion.state)],
                )
            )
    owed = Leaving.objects.filter(
        registration__school=school, status=LeavingStatus.DELETED, ctf_due_on__isnull=False
    ).select_related("registration__child")
    for leaving in owed:
        destination = leaving.ctf_destination or leaving.destination_school or "the next school"
        items.append(
            _item(
                calendar,
                today,
                leaving.ctf_due_on,
                title=f"Send {leaving.registration.child.full_name}'s CTF to {destination}",
                href=reverse("registers:leaving", args=[leaving.registration_id]),
                kind="ctf",
                detail=leaving.get_ctf_kind_display(),
            )
        )
    reviews = Placement.objects.filter(
        school=school, status=PlacementStatus.ON_ROLL, next_review_on__isnull=False
    ).select_related("child")
    for placement in reviews:
        items.append(
            _item(
                calendar,
                today,
                placement.next_review_on,
                title=f"Review {placement.child.full_name}'s placement",
                href=reverse("registers:placement", args=[placement.pk]),
                kind="placement_review",
            )
        )
    return items
