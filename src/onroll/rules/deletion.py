"""Deletion from the admission register: Regs 2024 reg 9(1), grounds A to O.

A name may be deleted if, and only if, a reg 9 ground applies. Each ground is one function
taking :class:`DeletionFacts` (what the register, the case file and the LA record say) and
the deletion date, and returning a :class:`DeletionDecision`: allowed or not, *every* unmet
precondition in plain words, whether joint LA enquiries are required, whether a deletion
return is due and its fields, which CTF to send (next school, lost pupil ``XXXXXXX`` or moved
abroad ``MMMMMMM``), and whether the LA must open a CME tracing case. :func:`decide_deletion`
is the single entry point the register service calls.

Facts that need the school's calendar (the school days since leave ended, the G/N/O run,
whether compulsory school age ends before the school next meets) are computed by the caller,
with :func:`school_days_since` and :func:`ceases_csa_before_school_next_meets` here and
``summarise_attendance`` for the run.

Source: Regs 2024 reg 9 (S2, S6, S7, S9, S11); domain.md §3, §4.2, §6.4, §7.4; seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from onroll.rules.age import is_compulsory_school_age
from onroll.rules.catalogue import rule
from onroll.rules.cnis import ConsentFacts, consent_to_withdraw_required
from onroll.rules.deletion_facts import (
    GROUND_H_SCHOOL_DAYS,
    GROUND_I_SCHOOL_DAYS,
    LOST_PUPIL_LAESTAB,
    MOVED_ABROAD_LAESTAB,
    CtfKind,
    DeletionDecision,
    DeletionFacts,
    DeletionGround,
    JointEnquiries,
    ceases_csa_before_school_next_meets,
    school_days_since,
)
from onroll.rules.deletion_outcomes import cme_case_required, ctf_for_deletion, decision_for
from onroll.rules.exclusions import ReviewState, long_date
from onroll.rules.placements import (
    destination_unmet,
    mainstream_deletion_refusal,
)

__all__ = [
    "GROUND_H_SCHOOL_DAYS",
    "GROUND_I_SCHOOL_DAYS",
    "LOST_PUPIL_LAESTAB",
    "MID_EXCLUSION_GROUNDS",
    "MOVED_ABROAD_LAESTAB",
    "CtfKind",
    "DeletionDecision",
    "DeletionFacts",
    "DeletionGround",
    "JointEnquiries",
    "ceases_csa_before_school_next_meets",
    "cme_case_required",
    "ctf_for_deletion",
    "decide_deletion",
    "open_exclusion_refusal",
    "school_days_since",
]

_SAO = "A school attendance order naming this school is in force."
_MOBILE = "The pupil is a mobile child and this school is their main school."
_WILL_ATTEND = "The school has reasonable grounds to believe the pupil will attend it again."
_SICKNESS = (
    "The school has reasonable grounds to believe the absence is because of sickness or an "
    "unavoidable cause."
)


def _referral_refusal(facts: DeletionFacts) -> list[str]:
    """The mainstream school may not delete a pupil on a PRU referral placement (seed)."""
    if facts.deleting_school_is_pru:
        return []
    refusal = mainstream_deletion_refusal(facts.referral_placement)
    return [refusal] if refusal else []


def _joint_enquiries_unmet(facts: DeletionFacts, ground: DeletionGround) -> list[str]:
    unmet = []
    if not facts.joint_enquiries.logged:
        unmet.append(
            "The school and the LA have not logged joint reasonable enquiries into the "
            "pupil's whereabouts."
        )
    if facts.joint_enquiries.whereabouts_established:
        unmet.append(
            f"The joint enquiries found where the pupil is: ground {ground} needs them to have "
            "failed; use the ground that fits what was found (for example A or G)."
        )
    return unmet


# ----------------------------------------------------------------------------- the grounds


@rule(
    id="R-DEL-A",
    title="Ground A: registered at another school (only to a confirmed destination)",
    source="Regs 2024 reg 9(1)(a) (S2, S6); seed ('the child has been registered with that "
    "school and is on roll'); domain.md §3",
    example="New school confirmed by its admissions officer by phone on 2 Mar 2026, no SAO, no "
    "dual registration: allowed. Same pupil permanently excluded here: refused (use O).",
)
def deletion_ground_a(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground A when the pupil has been registered at another school, unless a
    school attendance order naming this school is in force, the pupil is a mobile child whose
    main school this is, or this school agreed the pupil should be dual registered (then use
    C). A pupil permanently excluded from this school leaves under O, never A. Onroll also
    requires the destination school to have confirmed the child is on its roll: who
    confirmed, how and when.

    Source: Regs 2024 reg 9(1)(a); seed; domain.md §3.
    """
    unmet: list[str] = []
    if not facts.registered_elsewhere:
        unmet.append("The pupil is not recorded as registered at another school.")
    if facts.sao_names_this_school:
        unmet.append(_SAO)
    if facts.mobile_child_main_school_here:
        unmet.append(_MOBILE)
    if facts.dual_registration_agreed:
        unmet.append(
            "This school agreed the pupil should be dual registered: use ground C (with the "
            "consent of every other school), not A."
        )
    if facts.permanently_excluded:
        unmet.append("The pupil was permanently excluded from this school: use ground O, never A.")
    unmet += _referral_refusal(facts)
    unmet += [
        f"Leaving only to a confirmed destination: {gap}"
        for gap in destination_unmet(facts.destination)
    ]
    return decision_for(DeletionGround.A, facts, deletion_date, unmet)


@rule(
    id="R-DEL-B",
    title="Ground B: nursery education not continuing",
    source="Regs 2024 reg 9(1)(b) (S2, S6); domain.md §3",
    example="Completed nursery, would move into reception here, no grounds to expect return: "
    "allowed.",
)
def deletion_ground_b(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground B when the pupil was admitted for nursery education, has completed
    it and would otherwise move into reception or a higher class here, and the school has no
    reasonable grounds to believe the pupil will attend again.

    Source: Regs 2024 reg 9(1)(b); domain.md §3.
    """
    unmet: list[str] = []
    if not facts.admitted_for_nursery:
        unmet.append("The pupil was not admitted for nursery education.")
    if not facts.nursery_completed:
        unmet.append("The pupil has not completed nursery education.")
    if not facts.would_move_to_reception_or_higher_here:
        unmet.append("The pupil would not otherwise move into reception or a higher class here.")
    if facts.will_attend_again:
        unmet.append(_WILL_ATTEND)
    return decision_for(DeletionGround.B, facts, deletion_date, unmet)


@rule(
    id="R-DEL-C",
    title="Ground C: dual registered and every other school consents",
    source="Regs 2024 reg 9(1)(c) (S2, S6); domain.md §3 notes (PRU leaving a dual-registered "
    "pupil uses C)",
    example="PRU pupil dual registered with a mainstream school that has consented in writing: "
    "allowed; one of two other schools has not consented: refused, naming it.",
)
def deletion_ground_c(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground C when the pupil is also registered at one or more other schools,
    the school has no reasonable grounds to believe the pupil will attend it again, every
    other school where the pupil is registered has consented, no school attendance order
    naming this school is in force and the pupil is not a mobile child whose main school
    this is. The PRU uses C when a dual-registered pupil leaves it.

    Source: Regs 2024 reg 9(1)(c); domain.md §3.
    """
    unmet: list[str] = []
    if not (facts.registered_elsewhere or facts.other_registering_schools):
        unmet.append("The pupil is not recorded as registered at any other school.")
    if facts.will_attend_again:
        unmet.append(_WILL_ATTEND)
    unmet += [
        f"No recorded consent from {school}, where the pupil is also registered."
        for school in facts.other_registering_schools
        if school not in facts.consents_from
    ]
    if facts.sao_names_this_school:
        unmet.append(_SAO)
    if facts.mobile_child_main_school_here:
        unmet.append(_MOBILE)
    unmet += _referral_refusal(facts)
    return decision_for(DeletionGround.C, facts, deletion_date, unmet)


@rule(
    id="R-DEL-D",
    title="Ground D: school attendance order amended to another school",
    source="Regs 2024 reg 9(1)(d) (S2); domain.md §3",
    example="LA amended the SAO to name another school: allowed.",
)
def deletion_ground_d(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground D when a school attendance order that named this school has been
    amended by the LA to name another school.

    Source: Regs 2024 reg 9(1)(d); domain.md §3.
    """
    unmet: list[str] = []
    if not facts.sao_amended_to_other_school:
        unmet.append("No school attendance order naming this school has been amended to another.")
    return decision_for(DeletionGround.D, facts, deletion_date, unmet)


@rule(
    id="R-DEL-E",
    title="Ground E: school attendance order revoked",
    source="Regs 2024 reg 9(1)(e) (S2); domain.md §3",
    example="LA revoked the SAO because suitable education is arranged otherwise: allowed.",
)
def deletion_ground_e(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground E when the LA has revoked a school attendance order naming this
    school because arrangements have been made for the child to receive suitable education
    otherwise than at school.

    Source: Regs 2024 reg 9(1)(e); domain.md §3.
    """
    unmet: list[str] = []
    if not facts.sao_revoked_for_education_otherwise:
        unmet.append(
            "No school attendance order naming this school has been revoked for education "
            "otherwise than at school."
        )
    return decision_for(DeletionGround.E, facts, deletion_date, unmet)


@rule(
    id="R-DEL-F",
    title="Ground F: written notice of education otherwise than at school",
    source="Regs 2024 reg 9(1)(f) (S7); CME guidance 2024 p.7 (via S22); CWS Act 2026 s.37; "
    "domain.md §3, §10.2",
    example="Written notice 3 Mar 2026 that home education starts 16 Mar: deletion on 13 Mar "
    "refused, on 16 Mar allowed (no SAO). Oral notice only: refused; tell the LA.",
    assumption="Exact 2024 wording UNCONFIRMED; the SAO bar and the special-school LA consent "
    "are carried from 2006 on secondary sources (domain.md §3).",
)
def deletion_ground_f(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground F when the parent has told the school in writing that the pupil
    is (or will be) educated otherwise than at school and the pupil has ceased to attend, or
    the date given has arrived; never while a school attendance order naming this school is
    in force; a special-school pupil placed by an LA needs that LA's consent; once s.434A
    commences, a relevant child needs the LA's consent to withdraw. The school informs the
    LA.

    Source: Regs 2024 reg 9(1)(f); CME guidance (2024); domain.md §3, §10.2.
    """
    unmet: list[str] = []
    notes = ["Inform the LA that the pupil is to be educated otherwise than at school."]
    if facts.ehe_written_notice_on is None:
        if facts.ehe_oral_notice_only:
            unmet.append(
                "The parent has told the school only orally: the school cannot delete, and "
                "should tell the LA at the earliest opportunity."
            )
        else:
            unmet.append("No written notice from the parent of education otherwise than at school.")
    if facts.ehe_start_date is not None:
        if deletion_date < facts.ehe_start_date:
            unmet.append(
                f"The date given by the parent ({facts.ehe_start_date.isoformat()}) has not "
                "arrived yet."
            )
    elif not facts.ceased_to_attend:
        unmet.append("The pupil has not ceased to attend and no start date was given.")
    if facts.sao_names_this_school:
        unmet.append(_SAO)
    if facts.special_school_placed_by_la and not facts.la_consent_for_special_school:
        unmet.append("Special-school pupil placed by an LA: that LA has not consented.")
    if facts.date_of_birth is not None:
        consent = consent_to_withdraw_required(
            ConsentFacts(
                date_of_birth=facts.date_of_birth,
                registered_pupil=True,
                la_arranged_special_school=facts.special_school_placed_by_la,
                s47_enquiries_or_action=facts.s47_enquiries_or_action,
            ),
            on=deletion_date,
            commencement=facts.s434a_commencement,
        )
        if consent.consent_required and not facts.la_consent_to_withdraw:
            unmet.append(
                "The LA has not consented to the withdrawal (EA 1996 s.434A): "
                + " ".join(consent.reasons)
            )
        elif not consent.in_force:
            notes.extend(consent.reasons)
    return decision_for(DeletionGround.F, facts, deletion_date, unmet, notes)


@rule(
    id="R-DEL-G",
    title="Ground G: moved away",
    source="Regs 2024 reg 9(1)(g) (S7); 2006 Regs reg 8 (S11); domain.md §3",
    example="Stopped attending and now lives 200 miles away, day pupil: allowed (and a CME "
    "referral when no new school is confirmed).",
    assumption="Conditions from the 2006 text; 2024 wording UNCONFIRMED (domain.md §13 item 1).",
)
def deletion_ground_g(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground G when the pupil has ceased to attend and no longer ordinarily
    lives within a reasonable distance of the school; not for boarders.

    Source: Regs 2024 reg 9(1)(g); 2006 Regs reg 8; domain.md §3.
    """
    unmet: list[str] = []
    if not facts.ceased_to_attend:
        unmet.append("The pupil has not ceased to attend.")
    if not facts.no_longer_lives_within_reasonable_distance:
        unmet.append("The pupil is not recorded as living beyond a reasonable distance now.")
    if facts.boarder:
        unmet.append("The pupil is a boarder: ground G does not apply to boarders.")
    return decision_for(DeletionGround.G, facts, deletion_date, unmet)


@rule(
    id="R-DEL-H",
    title="Ground H: not returned within 10 school days after leave of absence",
    source="Regs 2024 reg 9(1)(h) (S7); 2006 Regs reg 8 (S11); domain.md §3",
    example="Leave ended; 9 school days since without attendance: refused; 10: allowed when "
    "joint LA enquiries are logged and failed and no sickness is believed.",
    assumption="'10 school days' from the 2006 text and the joint-enquiry condition from "
    "secondary sources; 2024 wording UNCONFIRMED.",
)
def deletion_ground_h(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground H when leave of absence was granted, the pupil has not attended in
    the 10 school days after it ended, the school has no reasonable grounds to believe the
    absence is due to sickness or an unavoidable cause, and the school and the LA have
    jointly made reasonable enquiries and failed to find where the pupil is.

    Source: Regs 2024 reg 9(1)(h); domain.md §3.
    """
    unmet: list[str] = []
    if not facts.leave_of_absence_granted:
        unmet.append("No leave of absence was granted.")
    days = facts.school_days_since_leave_ended
    if days is None:
        unmet.append("The number of school days since the leave ended is not recorded.")
    elif days < GROUND_H_SCHOOL_DAYS:
        unmet.append(
            f"Only {days} school day(s) have passed since the leave ended; ground H needs "
            f"{GROUND_H_SCHOOL_DAYS}."
        )
    if facts.attended_since_leave_ended:
        unmet.append("The pupil has attended since the leave ended.")
    if facts.sickness_or_unavoidable_cause_believed:
        unmet.append(_SICKNESS)
    unmet += _joint_enquiries_unmet(facts, DeletionGround.H)
    return decision_for(DeletionGround.H, facts, deletion_date, unmet)


@rule(
    id="R-DEL-I",
    title="Ground I: 20 school days' continuous G/N/O absence, whereabouts unknown",
    source="Regs 2024 reg 9(1)(i) (S9); domain.md §3",
    example="19 school days all G/N/O: refused; 20: allowed when joint LA enquiries are logged "
    "and failed and no sickness or unavoidable cause is believed.",
)
def deletion_ground_i(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground I when the pupil has been continuously absent for at least 20
    school days with every session coded G, N or O, the school has no reasonable grounds to
    believe the pupil cannot attend because of sickness or an unavoidable cause, and the
    school and the LA, after jointly making reasonable enquiries, have failed to establish
    where the pupil is.

    Source: Regs 2024 reg 9(1)(i); domain.md §3.
    """
    unmet: list[str] = []
    days = facts.gno_run_school_days
    if days is None:
        unmet.append("The run of school days coded G, N or O is not recorded.")
    elif days < GROUND_I_SCHOOL_DAYS:
        unmet.append(
            f"The pupil has {days} consecutive school day(s) coded G, N or O; ground I needs "
            f"{GROUND_I_SCHOOL_DAYS}."
        )
    if facts.sickness_or_unavoidable_cause_believed:
        unmet.append(_SICKNESS)
    unmet += _joint_enquiries_unmet(facts, DeletionGround.I)
    return decision_for(DeletionGround.I, facts, deletion_date, unmet)


@rule(
    id="R-DEL-J",
    title="Ground J: detained under a court order",
    source="Regs 2024 reg 9(1)(j) (S7); 2006 Regs reg 8 (S11); domain.md §3",
    example="Sentenced to 6 months' detention, no grounds to expect return: allowed.",
    assumption="Whether 2024 keeps the 2006 minimum of a 4-month order is UNCONFIRMED: the "
    "engine does not require it and notes it when not shown.",
)
def deletion_ground_j(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground J when the pupil is detained under a court sentence or order and
    the school has no reasonable grounds to believe the pupil will return at the end of the
    detention.

    Source: Regs 2024 reg 9(1)(j); domain.md §3.
    """
    unmet: list[str] = []
    notes: list[str] = []
    if not facts.detained_under_court_order:
        unmet.append("The pupil is not recorded as detained under a court sentence or order.")
    if facts.will_attend_again:
        unmet.append(_WILL_ATTEND)
    if facts.detention_four_months_or_more is not True:
        notes.append(
            "The 2006 rule needed an order of at least 4 months; whether 2024 keeps it is "
            "unconfirmed: check with the LA."
        )
    return decision_for(DeletionGround.J, facts, deletion_date, unmet, notes)


@rule(
    id="R-DEL-K",
    title="Ground K: died",
    source="Regs 2024 reg 9(1)(k) (S7); domain.md §3",
    example="Death recorded: allowed; no CTF.",
)
def deletion_ground_k(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground K when the pupil has died.

    Source: Regs 2024 reg 9(1)(k); domain.md §3.
    """
    unmet = [] if facts.died else ["The pupil's death is not recorded."]
    return decision_for(DeletionGround.K, facts, deletion_date, unmet)


@rule(
    id="R-DEL-L",
    title="Ground L: leaving at the end of compulsory school age",
    source="Regs 2024 reg 9(1)(l) (S7); 2006 Regs reg 8 (S11); domain.md §3",
    example="CSA ends Fri 26 Jun 2026, school next meets Mon 29 Jun, parent says the pupil will "
    "stop attending: allowed.",
)
def deletion_ground_l(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground L when the pupil will cease to be of compulsory school age before
    the school next meets and either the relevant person has said the pupil will stop
    attending or the pupil does not meet the school's sixth-form entry requirements.

    Source: Regs 2024 reg 9(1)(l); domain.md §3.
    """
    unmet: list[str] = []
    if not facts.csa_ends_before_school_next_meets:
        unmet.append("Compulsory school age does not end before the school next meets.")
    if not (facts.parent_said_will_stop_attending or facts.fails_sixth_form_entry_requirements):
        unmet.append(
            "Neither has the relevant person said the pupil will stop attending, nor does the "
            "pupil fail the sixth-form entry requirements."
        )
    return decision_for(DeletionGround.L, facts, deletion_date, unmet)


@rule(
    id="R-DEL-M",
    title="Ground M: boarding charges unpaid",
    source="Regs 2024 reg 9(1)(m) (S7); domain.md §3",
    example="Boarder at an academy, charges for the autumn term unpaid at its end: allowed.",
)
def deletion_ground_m(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground M when the pupil is a boarder at an LA-maintained school or
    academy and board and lodging charges payable by the parent remain unpaid at the end of
    the term they relate to.

    Source: Regs 2024 reg 9(1)(m); domain.md §3.
    """
    unmet: list[str] = []
    if not facts.boarder:
        unmet.append("The pupil is not a boarder.")
    if not facts.maintained_or_academy:
        unmet.append("Ground M applies only to LA-maintained schools and academies.")
    if not facts.boarding_charges_unpaid_at_term_end:
        unmet.append("No boarding charges remain unpaid at the end of the term they relate to.")
    return decision_for(DeletionGround.M, facts, deletion_date, unmet)


@rule(
    id="R-DEL-N",
    title="Ground N: left an independent or non-maintained special school",
    source="Regs 2024 reg 9(1)(n) (S7, summary only); domain.md §3",
    example="A PRU can never use ground N: refused.",
    assumption="Only a one-line summary of reg 9(1)(n) was seen (domain.md §13 item 1).",
)
def deletion_ground_n(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground N when this school is an independent school or non-maintained
    special school and the pupil has ceased to be a pupil of it (never for an LA-maintained
    PRU).

    Source: Regs 2024 reg 9(1)(n); domain.md §3.
    """
    unmet: list[str] = []
    if not facts.school_is_independent_or_nmss:
        unmet.append(
            "Ground N is only for independent and non-maintained special schools, which this "
            "school is not."
        )
    if not facts.ceased_to_be_pupil:
        unmet.append("The pupil has not ceased to be a pupil of the school.")
    return decision_for(DeletionGround.N, facts, deletion_date, unmet)


@rule(
    id="R-DEL-O",
    title="Ground O: permanently excluded, review ended and PAT directed removal",
    source="Regs 2024 reg 9(1)(o) (S7); DfE exclusion guidance Aug 2024 (via S42); seed; "
    "domain.md §3, §7.4",
    example="IRP upheld 10 Dec 2025, PAT directed removal 12 Dec: deletion on 12 Dec allowed; "
    "on 9 Dec refused (review not ended).",
    assumption="Exact 2024 'process ended' wording UNCONFIRMED; the Pupil Access Team "
    "direction is the seed's local rule.",
    configurable="require_pat_direction (default True, Lancashire practice).",
)
def deletion_ground_o(facts: DeletionFacts, *, deletion_date: date) -> DeletionDecision:
    """Delete under ground O when the pupil has been permanently excluded and the review
    process has ended (the first of the four end events, computed by
    ``exclusions.review_process_end``) on or before the deletion date, the pupil was not
    reinstated, and — the Lancashire rule in the seed — the LA's Pupil Access Team has
    directed removal. A mainstream school deleting after a PEX uses O, never A.

    Source: Regs 2024 reg 9(1)(o); seed; domain.md §3, §7.4.
    """
    unmet: list[str] = []
    if not facts.permanently_excluded:
        unmet.append("The pupil has not been permanently excluded from this school.")
    if facts.reinstated:
        unmet.append("The pupil was reinstated.")
    ended = facts.exclusion_review_ended_on
    if ended is None or ended > deletion_date:
        unmet.append(
            "The exclusion review process has not ended: the pupil stays on this school's roll."
        )
    if facts.require_pat_direction and not facts.pupil_access_team_directed_removal:
        unmet.append("The LA's Pupil Access Team has not directed removal from roll.")
    return decision_for(DeletionGround.O, facts, deletion_date, unmet)


# ----------------------------------------------------------------------------- open exclusion

_UNADDRESSED = (
    "domain.md §7.4 (the pupil stays on the excluding school's roll until the process ends); "
    "how reg 9(1)({letter}) meets an open exclusion process is not addressed in the sources "
    "(UNCONFIRMED): safe default, refused until ground O is met; ask the LA"
)

#: Every ground while a permanent-exclusion process is open at the deleting school:
#: (stands, source). Only death stands; O is the exclusion's own route.
MID_EXCLUSION_GROUNDS: dict[DeletionGround, tuple[bool, str]] = {
    DeletionGround.A: (
        False,
        "domain.md §3 notes and §7.4: after a permanent exclusion the excluding school uses O, "
        "never A, and not on the strength of the PRU registration",
    ),
    DeletionGround.C: (
        False,
        "domain.md §7.2 and §7.4: the PRU registration is dual while the review runs and "
        "becomes single only once ground O is met; the PRU's consent cannot end it sooner",
    ),
    DeletionGround.K: (True, "Regs 2024 reg 9(1)(k), domain.md §3: the pupil has died"),
    DeletionGround.O: (True, "Regs 2024 reg 9(1)(o), domain.md §7.4: the exclusion's own route"),
    **{
        ground: (False, _UNADDRESSED.format(letter=ground.value.lower()))
        for ground in DeletionGround
        if ground not in (DeletionGround.A, DeletionGround.C, DeletionGround.K, DeletionGround.O)
    },
}


def _awaited(facts: DeletionFacts) -> str:
    state, due = facts.exclusion_review_state, facts.exclusion_review_deadline
    by = f", due by {long_date(due)}" if due else ""
    if state is ReviewState.BOARD_PENDING:
        return f"the governing board's decision on reinstatement{by}"
    if state is ReviewState.IRP_WINDOW:
        if due is None:
            return "the end of the parent's 15 school days to apply for an independent review"
        return (
            "the parent's 15 school days to apply for an independent review, which end on "
            f"{long_date(due)}; with no application, the process ends then"
        )
    if state is ReviewState.IRP_PENDING:
        return f"the independent review panel's decision (the panel must meet{by or ' soon'})"
    if state is ReviewState.RECONSIDERATION_PENDING:
        return f"the governing board's reconsideration{by}"
    if state is ReviewState.PROCESS_ENDED:
        return "the LA Pupil Access Team's direction to remove the pupil (ground O)"
    return "the governing board to be told of the exclusion and to consider reinstatement"


@rule(
    id="R-DEL-PEX-OPEN",
    title="No other route off the excluding school's roll while a permanent exclusion is open",
    source="domain.md §7.2, §7.4 (pupil stays on the excluding school's register until the "
    "process ends; dual registration with the PRU meanwhile), §3 notes; Regs 2024 reg 9(1)(k) "
    "and (o); seed (Pupil Access Team). Per ground: "
    + "; ".join(
        f"{g.value} {'stands' if stands else 'refused'}"
        for g, (stands, _) in MID_EXCLUSION_GROUNDS.items()
    ),
    example="Excluded 2 Nov 2026, review at 'excluded', no PAT direction: ground C with the "
    "PRU's consent refused, naming what is awaited; ground K (died) allowed; once the review has "
    "ended and the PAT has directed removal, C is no longer refused.",
    assumption="Grounds B, D-J, L-N while the process is open are not addressed in the sources "
    "(UNCONFIRMED): refused until ground O is met (safe default: the child stays on a roll); "
    "only death (K) stands.",
)
def open_exclusion_refusal(
    ground: DeletionGround, facts: DeletionFacts, *, deletion_date: date
) -> list[str]:
    """While a permanent exclusion from this school is open — from the exclusion until
    ground O is met (review ended on or before the deletion date and, where required, the
    Pupil Access Team's direction) or the pupil is reinstated — the excluding school cannot
    take the pupil off roll by another route. Every ground is in ``MID_EXCLUSION_GROUNDS``
    with its source: death (K) stands, O is the exclusion's own route, every other ground
    (C with the PRU's consent, A on the strength of the PRU registration, and those the
    sources do not address) is refused, naming the open exclusion and what is awaited.

    Source: domain.md §3, §7.2, §7.4; Regs 2024 reg 9(1)(k), (o).
    """
    if not facts.permanently_excluded or facts.reinstated:
        return []
    ended = facts.exclusion_review_ended_on
    review_over = ended is not None and ended <= deletion_date
    if review_over and (
        facts.pupil_access_team_directed_removal or not facts.require_pat_direction
    ):
        return []
    if MID_EXCLUSION_GROUNDS[ground][0]:
        return []
    since = f" from {long_date(facts.exclusion_first_day)}" if facts.exclusion_first_day else ""
    return [
        f"This school permanently excluded the pupil{since} and the exclusion process is still "
        f"open: ground {ground.value} cannot take the pupil off this school's roll until ground "
        f"O is met. Awaited: {_awaited(facts)}."
    ]


_GROUND_RULES: dict[DeletionGround, Callable[..., DeletionDecision]] = {
    DeletionGround.A: deletion_ground_a,
    DeletionGround.B: deletion_ground_b,
    DeletionGround.C: deletion_ground_c,
    DeletionGround.D: deletion_ground_d,
    DeletionGround.E: deletion_ground_e,
    DeletionGround.F: deletion_ground_f,
    DeletionGround.G: deletion_ground_g,
    DeletionGround.H: deletion_ground_h,
    DeletionGround.I: deletion_ground_i,
    DeletionGround.J: deletion_ground_j,
    DeletionGround.K: deletion_ground_k,
    DeletionGround.L: deletion_ground_l,
    DeletionGround.M: deletion_ground_m,
    DeletionGround.N: deletion_ground_n,
    DeletionGround.O: deletion_ground_o,
}


@rule(
    id="R-DEL-1",
    title="A deletion needs a reg 9(1) ground, a CSA pupil and no back-dating",
    source="Regs 2024 reg 9 (S1, S10); domain.md §1.2, §2.3, §3",
    example="Ground 'Z': refused. Deletion dated 1 Mar recorded on 3 Mar: refused. Pupil past "
    "compulsory school age: refused (reg 9(3) not supported).",
)
def decide_deletion(
    ground: DeletionGround | str | None,
    facts: DeletionFacts,
    *,
    deletion_date: date,
    recorded_on: date,
) -> DeletionDecision:
    """A name may be deleted from the admission register only under a recorded reg 9(1)
    ground A-O whose preconditions all hold, only for a pupil of compulsory school age on
    the deletion date (the reg 9(3) grounds for other pupils are not researched, so Onroll
    refuses them), and never back-dated: the deletion date may not be earlier than the day
    it is recorded. Every unmet precondition is listed.

    Source: Regs 2024 reg 9; domain.md §1.2, §3.
    """
    unmet: list[str] = []
    if deletion_date < recorded_on:
        unmet.append(
            f"The deletion date ({deletion_date.isoformat()}) is earlier than the day it is "
            f"recorded ({recorded_on.isoformat()}): back-dated deletions are refused."
        )
    if facts.date_of_birth is None:
        unmet.append(
            "The date of birth is not recorded, so it is unknown whether reg 9(1) applies."
        )
    elif not is_compulsory_school_age(facts.date_of_birth, deletion_date):
        unmet.append(
            "The pupil is not of compulsory school age on the deletion date: reg 9(1) does not "
            "apply, and the reg 9(3) grounds for other pupils are not researched or supported; "
            "ask the LA."
        )
    text = "" if ground is None else str(ground).strip().upper()
    if not text:
        unmet.insert(0, "No ground of deletion is recorded: a reg 9(1) ground A-O is required.")
        return DeletionDecision(ground=None, allowed=False, unmet=tuple(unmet))
    if text not in DeletionGround.__members__:
        unmet.insert(0, f"'{ground}' is not a reg 9(1) ground: use one of A to O.")
        return DeletionDecision(ground=None, allowed=False, unmet=tuple(unmet))
    chosen = DeletionGround(text)
    decision = _GROUND_RULES[chosen](facts, deletion_date=deletion_date)
    refusal = open_exclusion_refusal(chosen, facts, deletion_date=deletion_date)
    all_unmet = (*unmet, *decision.unmet, *refusal)
    return replace(decision, allowed=not all_unmet, unmet=all_unmet)
