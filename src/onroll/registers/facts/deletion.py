"""The deletion rules' inputs: what the records say about a registration, plus what the
officer attests on the deletion form, as the engine's ``DeletionFacts``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from onroll.core.la_inbox import la_inbox
from onroll.people.models import Child
from onroll.registers.facts.leaving import destination_of
from onroll.registers.facts.returns import DECLARED
from onroll.registers.facts.review import review_facts, review_stage_of
from onroll.registers.models import Registration
from onroll.registers.selectors import (
    latest_exclusion,
    moves_from_school,
    other_current_registrations,
    pending_leaving,
    referral_placement_open,
)
from onroll.rules.age import academic_year_start
from onroll.rules.deletion import (
    DeletionFacts,
    JointEnquiries,
    ceases_csa_before_school_next_meets,
    school_days_since,
)
from onroll.rules.placements import PlacementKind as RulesPlacementKind
from onroll.rules.school_calendar import SchoolCalendar
from onroll.schools.selectors import school_calendar


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
    #: The register codes the school typed for sessions Onroll does not hold, in words.
    typed_register_codes: str = ""


def _last_term_end(calendar: SchoolCalendar, on: date) -> date | None:
    start = academic_year_start(on)
    ends = [
        last for _, last in calendar.terms if start <= last < start.replace(year=start.year + 1)
    ]
    return max(ends) if ends else None


#: What the deletion return says when the joint enquiries rest on the school's word.
JOINT_ENQUIRIES_DECLARED = (
    f"{DECLARED} the school and the LA jointly made reasonable enquiries "
    "(the LA's CME team does not use Onroll, so Onroll holds no record of them)"
)


def la_uses_onroll(registration: Registration) -> bool:
    """Whether the school's LA's CME team works in Onroll (the port decides)."""
    return la_inbox().uses_onroll(local_authority=registration.school.local_authority)


def _joint_enquiries(
    registration: Registration, attestation: Attestation, *, deletion_date: date
) -> JointEnquiries:
    """Joint enquiries agreed with the LA's CME team in Onroll count as logged from their
    agreed off-roll date; before it the school cannot rely on them. Where the LA works in
    Onroll they are the only joint enquiries: a box the school ticks is ignored. Only where
    it does not does the school's declaration count."""
    agreed = la_inbox().agreed_joint_enquiry(school=registration.school, child=registration.child)
    applies = agreed is not None and agreed.agreed_off_roll_date <= deletion_date
    declared = attestation.joint_enquiries_logged and not la_uses_onroll(registration)
    return JointEnquiries(
        logged=declared or applies,
        whereabouts_established=attestation.whereabouts_established
        or (applies and agreed is not None and agreed.whereabouts_established),
    )


def declarations(
    registration: Registration, attestation: Attestation, *, ground: str | None
) -> list[str]:
    """What a deletion under ``ground`` rests on the school's word for rather than on Onroll's
    records: shown on the check page and carried to the LA with the deletion return."""
    said: list[str] = []
    if (
        ground in ("H", "I")
        and attestation.joint_enquiries_logged
        and not la_uses_onroll(registration)
    ):
        said.append(JOINT_ENQUIRIES_DECLARED)
    if ground == "I" and attestation.typed_register_codes:
        said.append(f"{DECLARED} {attestation.typed_register_codes}")
    return said


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
    exclusion = latest_exclusion(registration)
    review = review_facts(exclusion) if exclusion else None
    stage = review_stage_of(exclusion, today=deletion_date) if exclusion else None
    ended_on = stage.ended_on if stage else None
    destination = destination_of(leaving)
    leave_ended = attestation.leave_of_absence_ended_on
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
        referral_placement=RulesPlacementKind.REFERRAL
        if referral_placement_open(registration)
        else None,
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
        joint_enquiries=_joint_enquiries(registration, attestation, deletion_date=deletion_date),
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
        alternative_provision_in_place=any(r.school.is_pru for r in others),
        exclusion_first_day=exclusion.first_day if exclusion else None,
        exclusion_review_state=stage.state if stage else None,
        exclusion_review_deadline=stage.deadline if stage else None,
        in_most_senior_class=registration.national_curriculum_year == school.most_senior_year,
        last_term_end=_last_term_end(calendar, deletion_date),
        future_address_recorded=bool(moves_from_school(registration)),
    )
