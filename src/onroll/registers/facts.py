"""Turn register rows into the rules engine's plain facts (and school-day counts).

Nothing here decides anything: the decisions are ``onroll.rules``'. This module only reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from onroll.cases.selectors import agreed_joint_enquiry
from onroll.cases.workflow import JointEnquiryOutcome
from onroll.people.models import Child
from onroll.registers.models import (
    Exclusion,
    Leaving,
    LeavingStatus,
    Move,
    Placement,
    PlacementStatus,
    Registration,
)
from onroll.rules.age import academic_year_start
from onroll.rules.attendance import summarise_attendance
from onroll.rules.deletion import (
    DeletionFacts,
    JointEnquiries,
    ceases_csa_before_school_next_meets,
    school_days_since,
)
from onroll.rules.deletion_return import DeletionReturnRecord, ParentContact
from onroll.rules.exclusions import IrpOutcome, ReviewEvent, ReviewFacts, review_process_end
from onroll.rules.placements import DestinationConfirmation
from onroll.rules.placements import PlacementKind as RulesPlacementKind
from onroll.rules.school_calendar import SchoolCalendar
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
    end = review_process_end(
        review_facts(exclusion), calendar=school_calendar(exclusion.school), today=today
    )
    return end.ended_on if end else None


def destination_of(leaving: Leaving | None) -> DestinationConfirmation | None:
    if leaving is None or not leaving.destination_school.strip():
        return None
    return DestinationConfirmation(
        school_name=leaving.destination_school,
        laestab=leaving.destination_laestab,
        confirmed_by=leaving.confirmed_by,
        confirmed_how=leaving.confirmed_how,
        confirmed_on=leaving.confirmed_on,
        on_roll_from=leaving.destination_start_on,
    )


def pending_leaving(registration: Registration) -> Leaving | None:
    return registration.leavings.filter(status=LeavingStatus.PENDING).first()


def other_current_registrations(registration: Registration) -> list[Registration]:
    return list(
        Registration.objects.filter(child_id=registration.child_id, deleted_on__isnull=True)
        .exclude(pk=registration.pk)
        .select_related("school")
    )


class AbsenceCodesError(ValueError):
    """The register codes typed for a ground I deletion are not valid."""


def gno_run_from_codes(text: str) -> int | None:
    """The current run of school days all coded G, N or O, from codes typed AM then PM of
    each day, oldest first (``summarise_attendance`` decides). ``None`` when none typed."""
    codes: Sequence[str] = text.replace(",", " ").split()
    if not codes:
        return None
    try:
        return summarise_attendance(list(codes)).current_unauthorised_run_days
    except ValueError as exc:
        raise AbsenceCodesError(str(exc)) from exc


def _last_term_end(calendar: SchoolCalendar, on: date) -> date | None:
    start = academic_year_start(on)
    ends = [
        last for _, last in calendar.terms if start <= last < start.replace(year=start.year + 1)
    ]
    return max(ends) if ends else None


@dataclass(frozen=True)
class Attestation:
    """What the officer states on the deletion form (facts the register cannot know)."""

    ceased_to_attend: bool = False
    lives_beyond_reasonable_distance: bool = False
    will_attend_again: bool = False
    sickness_believed: bool = False
    joint_enquiries_logged: bool = False
    whereabouts_established: bool = False
    died: bool = False
    parent_said_will_stop_attending: bool = False
    ehe_written_notice_on: date | None = None
    ehe_start_date: date | None = None
    detained_under_court_order: bool = False
    gno_run_school_days: int | None = None
    leave_of_absence_ended_on: date | None = None
    attended_since_leave_ended: bool = False


def deletion_facts(
    registration: Registration,
    attestation: Attestation,
    *,
    deletion_date: date,
    today: date,
) -> DeletionFacts:
    """Everything the register, placements, exclusions, leaving and moves records say,
    plus the officer's attestation, as the engine's ``DeletionFacts``."""
    school = registration.school
    child: Child = registration.child
    calendar = school_calendar(school)
    leaving = pending_leaving(registration)
    others = other_current_registrations(registration)
    other_names = tuple(r.school.name for r in others)
    referral = Placement.objects.filter(
        child=child,
        home_school=school,
        kind=RulesPlacementKind.REFERRAL.value,
    ).exclude(status=PlacementStatus.ENDED)
    exclusion = Exclusion.objects.filter(child=child, school=school).order_by("-first_day").first()
    review = review_facts(exclusion) if exclusion else None
    ended_on = review_ended_on(exclusion, today=deletion_date) if exclusion else None
    destination = destination_of(leaving)
    at_pru_now = any(r.school.is_pru for r in others)
    leave_ended = attestation.leave_of_absence_ended_on
    # Joint enquiries agreed with the LA's CME team in Onroll (cases.JointEnquiry) count as
    # logged from their agreed off-roll date; before it the school cannot rely on them.
    agreed = agreed_joint_enquiry(school, child)
    agreed_on = agreed.agreed_off_roll_date if agreed is not None else None
    agreed_applies = agreed_on is not None and agreed_on <= deletion_date
    try:
        since_leave = (
            school_days_since(calendar, leave_ended, deletion_date) if leave_ended else None
        )
        csa_ends = ceases_csa_before_school_next_meets(
            child.date_of_birth, calendar=calendar, on=deletion_date
        )
    except ValueError:  # the calendar does not reach that far
        since_leave, csa_ends = None, False
    return DeletionFacts(
        date_of_birth=child.date_of_birth,
        registered_elsewhere=bool(others) or destination is not None,
        destination=destination,
        other_registering_schools=other_names,
        consents_from=frozenset(other_names)
        if leaving and leaving.other_schools_consented
        else frozenset(),
        dual_registration_agreed=registration.kind != "C" and bool(others),
        referral_placement=RulesPlacementKind.REFERRAL if referral.exists() else None,
        deleting_school_is_pru=school.is_pru,
        will_attend_again=attestation.will_attend_again,
        ehe_written_notice_on=attestation.ehe_written_notice_on,
        ehe_start_date=attestation.ehe_start_date,
        leave_of_absence_granted=leave_ended is not None,
        school_days_since_leave_ended=since_leave,
        attended_since_leave_ended=attestation.attended_since_leave_ended,
        csa_ends_before_school_next_meets=csa_ends,
        ceased_to_attend=attestation.ceased_to_attend,
        no_longer_lives_within_reasonable_distance=attestation.lives_beyond_reasonable_distance,
        sickness_or_unavoidable_cause_believed=attestation.sickness_believed,
        joint_enquiries=JointEnquiries(
            logged=attestation.joint_enquiries_logged or agreed_applies,
            whereabouts_established=attestation.whereabouts_established
            or (
                agreed_applies
                and agreed is not None
                and agreed.outcome == JointEnquiryOutcome.WHEREABOUTS_ESTABLISHED
            ),
        ),
        gno_run_school_days=attestation.gno_run_school_days,
        detained_under_court_order=attestation.detained_under_court_order,
        died=attestation.died,
        parent_said_will_stop_attending=attestation.parent_said_will_stop_attending,
        permanently_excluded=exclusion is not None and not (review and review.reinstated),
        reinstated=bool(review and review.reinstated),
        exclusion_review_ended_on=ended_on,
        pupil_access_team_directed_removal=bool(
            exclusion and exclusion.pat_directed_on and exclusion.pat_directed_on <= deletion_date
        ),
        alternative_provision_in_place=at_pru_now,
        in_most_senior_class=registration.national_curriculum_year == school.most_senior_year,
        last_term_end=_last_term_end(calendar, deletion_date),
        future_address_recorded=Move.objects.filter(child=child, school=school).exists(),
    )


def deletion_return_record(registration: Registration, ground: str) -> DeletionReturnRecord:
    """What the register holds for the deletion return (reg 13(4) (a)-(g))."""
    child = registration.child
    current = child.current_address()
    address = str(current.address) if current else ""
    parents = []
    for link in child.carer_links.select_related("carer", "carer__address"):
        if not link.lives_with:
            continue
        carer = link.carer
        parents.append(
            ParentContact(
                full_name=f"{carer.forename} {carer.surname}",
                address=str(carer.address) if carer.address else address,
                emergency_phones=tuple(p for p in (carer.emergency_phone, carer.phone) if p),
            )
        )
    move = Move.objects.filter(child=child, school=registration.school).last()
    leaving = registration.leavings.exclude(status=LeavingStatus.CANCELLED).first()
    destination = leaving.destination_school if leaving else ""
    return DeletionReturnRecord(
        full_name=child.full_legal_name,
        address=address,
        parents_lived_with=tuple(parents),
        future_address_recorded=move is not None,
        future_address=move.future_address if move else "",
        future_address_parent=move.parent_name if move else "",
        future_address_from=move.move_on if move else None,
        destination_recorded=bool(destination),
        destination_school=destination,
        destination_start=(leaving.destination_start_on or leaving.confirmed_on)
        if leaving
        else None,
        ground=ground,
    )


def deletion_return_content(registration: Registration) -> dict[str, Any]:
    """The deletion return as sent to the LA: every field, lettered as in reg 13(4)."""
    record = deletion_return_record(registration, registration.deletion_ground)
    return {
        "a_full_name": record.full_name,
        "b_address": record.address,
        "c_parents": [
            {"name": p.full_name, "address": p.address} for p in record.parents_lived_with
        ],
        "d_emergency_phones": [
            {"name": p.full_name, "phones": list(p.emergency_phones)}
            for p in record.parents_lived_with
        ],
        "e_future_address": {
            "parent": record.future_address_parent,
            "address": record.future_address,
            "from": record.future_address_from.isoformat() if record.future_address_from else "",
        }
        if record.future_address_recorded
        else None,
        "f_destination_school": {
            "name": record.destination_school,
            "start": record.destination_start.isoformat() if record.destination_start else "",
        }
        if record.destination_recorded
        else None,
        "g_ground": record.ground,
        "date_of_birth": registration.child.date_of_birth.isoformat(),
        "upn": registration.child.upn,
        "school": registration.school.name,
        "deleted_on": registration.deleted_on.isoformat() if registration.deleted_on else "",
    }


def child_details(child: Child) -> dict[str, Any]:
    """What a referral to the LA carries about the child and family, from the record.

    ``safeguarding`` (risk groups, social worker, plans) is for the LA's CME team, whose roles
    may see it (the seed: a social worker informs the LA's decision); school pages never
    display it to roles that may not."""
    current = child.current_address()
    carers = [
        {
            "name": f"{link.carer.forename} {link.carer.surname}",
            "relationship": link.relationship,
            "lives_with": link.lives_with,
            "phone": link.carer.phone,
            "emergency_phone": link.carer.emergency_phone,
        }
        for link in child.carer_links.select_related("carer")
    ]
    registrations = [
        {
            "school": r.school.name,
            "laestab": r.school.laestab,
            "kind": r.get_kind_display(),
            "starting_day": r.starting_day.isoformat(),
            "deleted_on": r.deleted_on.isoformat() if r.deleted_on else "",
            "ground": r.deletion_ground,
        }
        for r in child.registrations.select_related("school")
    ]
    moves = [
        {
            "future_address": m.future_address,
            "move_on": m.move_on.isoformat(),
            "intended_school": m.intended_school,
            "intended_la": m.intended_la,
        }
        for m in child.moves.all()
    ]
    return {
        "legal_name": child.full_legal_name,
        "other_names": child.other_names,
        "date_of_birth": child.date_of_birth.isoformat(),
        "sex": child.get_sex_display(),
        "upn": child.upn,
        "address": str(current.address) if current else "",
        "carers": carers,
        "registrations": registrations,
        "moves": moves,
        "ehc_plan": child.ehc_plan,
        "safeguarding": {
            "risk_factors": list(child.risk_factors),
            "social_worker": ", ".join(
                p
                for p in (
                    child.social_worker_name,
                    child.social_worker_team,
                    child.social_worker_phone,
                )
                if p
            ),
            "child_protection_plan": child.child_protection_plan,
            "child_in_need": child.child_in_need,
            "looked_after": child.looked_after,
        },
    }


def gno_run_from_register(registration: Registration, *, on: date) -> int | None:
    """The current run of school days all coded G, N or O at ``registration``'s school up to
    ``on``, from the attendance register's marks (``summarise_attendance`` decides). Counts
    back over consecutive school days that have marks; a school day with no mark at all ends
    the evidence. ``None`` when the register holds no marks for the pupil there."""
    from django.apps import apps

    mark_model = apps.get_model("attendance", "Mark")
    calendar = school_calendar(registration.school)
    start = max(registration.starting_day, on - timedelta(days=120))
    marks: dict[tuple[date, str], str] = {
        (m.date, m.session): m.code
        for m in mark_model.objects.filter(
            child_id=registration.child_id,
            school_id=registration.school_id,
            date__gte=start,
            date__lte=on,
        )
    }
    if not marks:
        return None
    days = calendar.school_days(start, on)
    while days and not ((days[-1], "AM") in marks or (days[-1], "PM") in marks):
        days.pop()  # today's register may not be taken yet
    codes: list[str] = []
    for day in reversed(days):
        am, pm = marks.get((day, "AM")), marks.get((day, "PM"))
        if am is None and pm is None:
            break
        codes[:0] = [am or "Z", pm or "Z"]  # an unmarked session is not a possible one
    return summarise_attendance(codes).current_unauthorised_run_days if codes else None
