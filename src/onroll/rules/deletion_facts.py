"""The facts a deletion decision is taken on, and the decision itself (Regs 2024 reg 9).

Split from :mod:`onroll.rules.deletion`, which holds one function per ground; the names here
are re-exported there, so callers import everything from ``onroll.rules.deletion``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from onroll.rules.age import compulsory_school_age_end
from onroll.rules.deletion_return import (
    ReturnField,
)
from onroll.rules.exclusions import ReviewState
from onroll.rules.placements import (
    DestinationConfirmation,
    PlacementKind,
)
from onroll.rules.school_calendar import SchoolCalendar

GROUND_H_SCHOOL_DAYS = 10
GROUND_I_SCHOOL_DAYS = 20
LOST_PUPIL_LAESTAB = "XXXXXXX"
MOVED_ABROAD_LAESTAB = "MMMMMMM"


class DeletionGround(StrEnum):
    """Reg 9(1) grounds, by the letters commonly used ("Ground A" ... "Ground O")."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"
    H = "H"
    I = "I"  # noqa: E741 - the statutory letter
    J = "J"
    K = "K"
    L = "L"
    M = "M"
    N = "N"
    O = "O"  # noqa: E741 - the statutory letter

    @property
    def label(self) -> str:
        return _GROUND_LABELS[self]


_GROUND_LABELS = {
    DeletionGround.A: "Registered at another school",
    DeletionGround.B: "Nursery education not continuing",
    DeletionGround.C: "Dual registered: other school(s) consent",
    DeletionGround.D: "School attendance order amended to another school",
    DeletionGround.E: "School attendance order revoked",
    DeletionGround.F: "Education otherwise than at school (home education)",
    DeletionGround.G: "Moved away",
    DeletionGround.H: "Not returned after leave of absence",
    DeletionGround.I: "20 school days' continuous absence, whereabouts unknown",
    DeletionGround.J: "Detained under a court order",
    DeletionGround.K: "Died",
    DeletionGround.L: "Leaving at the end of compulsory school age",
    DeletionGround.M: "Boarding charges unpaid",
    DeletionGround.N: "Left an independent or non-maintained special school",
    DeletionGround.O: "Permanently excluded",
}


class CtfKind(StrEnum):
    TO_NEXT_SCHOOL = "to_next_school"
    LOST_PUPIL = "lost_pupil"  # destination LAESTAB XXXXXXX, one pupil per file, to S2S
    MOVED_ABROAD = "moved_abroad"  # destination LAESTAB MMMMMMM (local rule)
    NONE = "none"


@dataclass(frozen=True)
class JointEnquiries:
    """Reasonable enquiries made jointly by the school and the LA (grounds H and I)."""

    logged: bool = False  # made jointly, each step logged (date, person, outcome)
    whereabouts_established: bool = False


@dataclass(frozen=True)
class DeletionFacts:
    """Everything a deletion decision may need. Defaults mean "not recorded / not so"."""

    date_of_birth: date | None = None
    # registration elsewhere, destination, dual registration (A, C)
    registered_elsewhere: bool = False
    destination: DestinationConfirmation | None = None
    other_registering_schools: tuple[str, ...] = ()
    consents_from: frozenset[str] = field(default_factory=frozenset)
    sao_names_this_school: bool = False
    mobile_child_main_school_here: bool = False
    dual_registration_agreed: bool = False
    #: the pupil's placement at the Short Stay School (PRU), if any
    referral_placement: PlacementKind | None = None
    #: True when the school deleting is the PRU itself (its own C deletion is not refused)
    deleting_school_is_pru: bool = False
    will_attend_again: bool = False  # reasonable grounds to believe the pupil will attend again
    # nursery (B)
    admitted_for_nursery: bool = False
    nursery_completed: bool = False
    would_move_to_reception_or_higher_here: bool = False
    # school attendance orders (D, E)
    sao_amended_to_other_school: bool = False
    sao_revoked_for_education_otherwise: bool = False
    # home education (F)
    ehe_written_notice_on: date | None = None
    ehe_oral_notice_only: bool = False
    ehe_start_date: date | None = None
    ceased_to_attend: bool = False
    special_school_placed_by_la: bool = False
    la_consent_for_special_school: bool = False
    s47_enquiries_or_action: bool = False
    la_consent_to_withdraw: bool = False
    s434a_commencement: date | None = None
    # moved away (G)
    no_longer_lives_within_reasonable_distance: bool = False
    boarder: bool = False
    # leave of absence (H)
    leave_of_absence_granted: bool = False
    school_days_since_leave_ended: int | None = None
    attended_since_leave_ended: bool = False
    # H and I
    sickness_or_unavoidable_cause_believed: bool = False
    joint_enquiries: JointEnquiries = field(default_factory=JointEnquiries)
    # 20-day run (I): school days, every session G, N or O
    gno_run_school_days: int | None = None
    # detention (J)
    detained_under_court_order: bool = False
    detention_four_months_or_more: bool | None = None
    # death (K)
    died: bool = False
    # end of compulsory school age (L)
    csa_ends_before_school_next_meets: bool = False
    parent_said_will_stop_attending: bool = False
    fails_sixth_form_entry_requirements: bool = False
    # boarding (M)
    maintained_or_academy: bool = True
    boarding_charges_unpaid_at_term_end: bool = False
    # independent / non-maintained special school (N)
    school_is_independent_or_nmss: bool = False
    ceased_to_be_pupil: bool = False
    # permanent exclusion (O)
    permanently_excluded: bool = False
    reinstated: bool = False
    exclusion_review_ended_on: date | None = None
    pupil_access_team_directed_removal: bool = False
    require_pat_direction: bool = True
    alternative_provision_in_place: bool = False
    #: the open permanent-exclusion process, for the refusal of other routes off the roll
    exclusion_first_day: date | None = None
    exclusion_review_state: ReviewState | None = None
    exclusion_review_deadline: date | None = None
    # moving abroad (CTF)
    moved_abroad: bool = False
    abroad_destination_confirmed: bool = False
    # deletion return
    in_most_senior_class: bool = False
    last_term_end: date | None = None
    future_address_recorded: bool = False


@dataclass(frozen=True)
class DeletionDecision:
    ground: DeletionGround | None
    allowed: bool
    unmet: tuple[str, ...]
    joint_enquiries_required: bool = False
    deletion_return_due: bool = False
    deletion_return_due_by: date | None = None
    deletion_return_fields: tuple[ReturnField, ...] = ()
    ctf: CtfKind = CtfKind.NONE
    ctf_destination: str | None = None
    open_cme_case: bool = False
    notes: tuple[str, ...] = ()

    @property
    def lost_pupil_ctf(self) -> bool:
        return self.ctf is CtfKind.LOST_PUPIL


# ----------------------------------------------------------------------------- calendar facts


def school_days_since(calendar: SchoolCalendar, start: date, on: date) -> int:
    """School days after ``start`` up to and including ``on`` (``start`` not counted)."""
    return calendar.school_days_between(start + timedelta(days=1), on)


def ceases_csa_before_school_next_meets(dob: date, *, calendar: SchoolCalendar, on: date) -> bool:
    """Whether compulsory school age ends before the first school day after ``on``."""
    return compulsory_school_age_end(dob) < calendar.next_school_day(on)
