"""Deletion from the admission register: grounds A-O, the dispatcher, CTF and CME rules."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onroll.rules.deletion import (
    LOST_PUPIL_LAESTAB,
    MOVED_ABROAD_LAESTAB,
    CtfKind,
    DeletionFacts,
    DeletionGround,
    JointEnquiries,
    ceases_csa_before_school_next_meets,
    decide_deletion,
    school_days_since,
)
from onroll.rules.deletion_return import ReturnField
from onroll.rules.placements import DestinationConfirmation, PlacementKind
from onroll.rules.school_calendar import SchoolCalendar

DOB = date(2012, 5, 1)  # of compulsory school age throughout 2025/26
DAY = date(2026, 3, 2)
CONFIRMED = DestinationConfirmation(
    school_name="Hawthorn Lane High School",
    laestab="8884123",
    confirmed_by="J Smith, admissions officer",
    confirmed_how="phone",
    confirmed_on=date(2026, 2, 27),
)
LOGGED = JointEnquiries(logged=True)

HAPPY: dict[DeletionGround, dict[str, Any]] = {
    DeletionGround.A: {"registered_elsewhere": True, "destination": CONFIRMED},
    DeletionGround.B: {
        "admitted_for_nursery": True,
        "nursery_completed": True,
        "would_move_to_reception_or_higher_here": True,
    },
    DeletionGround.C: {
        "registered_elsewhere": True,
        "other_registering_schools": ("Hawthorn Lane High School",),
        "consents_from": frozenset({"Hawthorn Lane High School"}),
    },
    DeletionGround.D: {"sao_amended_to_other_school": True},
    DeletionGround.E: {"sao_revoked_for_education_otherwise": True},
    DeletionGround.F: {"ehe_written_notice_on": date(2026, 2, 20), "ehe_start_date": DAY},
    DeletionGround.G: {
        "ceased_to_attend": True,
        "no_longer_lives_within_reasonable_distance": True,
    },
    DeletionGround.H: {
        "leave_of_absence_granted": True,
        "school_days_since_leave_ended": 10,
        "joint_enquiries": LOGGED,
    },
    DeletionGround.I: {"gno_run_school_days": 20, "joint_enquiries": LOGGED},
    DeletionGround.J: {"detained_under_court_order": True, "detention_four_months_or_more": True},
    DeletionGround.K: {"died": True},
    DeletionGround.L: {
        "csa_ends_before_school_next_meets": True,
        "parent_said_will_stop_attending": True,
    },
    DeletionGround.M: {"boarder": True, "boarding_charges_unpaid_at_term_end": True},
    DeletionGround.N: {"school_is_independent_or_nmss": True, "ceased_to_be_pupil": True},
    DeletionGround.O: {
        "permanently_excluded": True,
        "exclusion_review_ended_on": date(2026, 2, 20),
        "pupil_access_team_directed_removal": True,
    },
}


def facts_for(ground: DeletionGround, **change: Any) -> DeletionFacts:
    return DeletionFacts(date_of_birth=DOB, **{**HAPPY[ground], **change})


def decide(ground: DeletionGround | str | None, facts: DeletionFacts, **kw: Any):  # type: ignore[no-untyped-def]
    return decide_deletion(
        ground,
        facts,
        deletion_date=kw.get("deletion_date", DAY),
        recorded_on=kw.get("recorded_on", DAY),
    )


@pytest.mark.parametrize("ground", list(DeletionGround))
def test_each_ground_allowed_when_every_precondition_holds(ground: DeletionGround) -> None:
    decision = decide(ground, facts_for(ground))
    assert decision.allowed, decision.unmet
    assert decision.unmet == ()
    assert decision.ground is ground
    assert ground.label


@pytest.mark.parametrize("ground", [g for g in DeletionGround if g is not DeletionGround.K])
def test_empty_facts_list_several_unmet(ground: DeletionGround) -> None:
    decision = decide(ground, DeletionFacts(date_of_birth=DOB))
    assert not decision.allowed
    assert len(decision.unmet) >= 1


BREAKERS: list[tuple[DeletionGround, dict[str, Any], str]] = [
    # A
    (DeletionGround.A, {"registered_elsewhere": False}, "not recorded as registered at another"),
    (DeletionGround.A, {"sao_names_this_school": True}, "school attendance order naming this"),
    (DeletionGround.A, {"mobile_child_main_school_here": True}, "mobile child"),
    (DeletionGround.A, {"dual_registration_agreed": True}, "use ground C"),
    (
        DeletionGround.A,
        # ground O met: only "use O" remains (R-DEL-PEX-OPEN refuses A while it is not)
        {**HAPPY[DeletionGround.O], "destination": CONFIRMED},
        "use ground O, never A",
    ),
    (DeletionGround.A, {"referral_placement": PlacementKind.REFERRAL}, "must not take the child"),
    (DeletionGround.A, {"destination": None}, "Leaving only to a confirmed destination"),
    (
        DeletionGround.A,
        {"destination": dataclasses.replace(CONFIRMED, confirmed_by="")},
        "who confirmed",
    ),
    (
        DeletionGround.A,
        {"destination": dataclasses.replace(CONFIRMED, confirmed_how="")},
        "how the destination",
    ),
    (
        DeletionGround.A,
        {"destination": dataclasses.replace(CONFIRMED, confirmed_on=None)},
        "when the destination",
    ),
    # B
    (DeletionGround.B, {"admitted_for_nursery": False}, "not admitted for nursery"),
    (DeletionGround.B, {"nursery_completed": False}, "not completed nursery"),
    (DeletionGround.B, {"would_move_to_reception_or_higher_here": False}, "reception"),
    (DeletionGround.B, {"will_attend_again": True}, "will attend it again"),
    # C
    (
        DeletionGround.C,
        {"registered_elsewhere": False, "other_registering_schools": ()},
        "not recorded as registered at any other",
    ),
    (DeletionGround.C, {"will_attend_again": True}, "will attend it again"),
    (DeletionGround.C, {"consents_from": frozenset()}, "No recorded consent from Hawthorn"),
    (DeletionGround.C, {"sao_names_this_school": True}, "school attendance order"),
    (DeletionGround.C, {"mobile_child_main_school_here": True}, "mobile child"),
    (DeletionGround.C, {"referral_placement": PlacementKind.REFERRAL}, "referral placement"),
    # D, E
    (DeletionGround.D, {"sao_amended_to_other_school": False}, "amended"),
    (DeletionGround.E, {"sao_revoked_for_education_otherwise": False}, "revoked"),
    # F
    (DeletionGround.F, {"ehe_written_notice_on": None}, "No written notice"),
    (
        DeletionGround.F,
        {"ehe_written_notice_on": None, "ehe_oral_notice_only": True},
        "only orally",
    ),
    (DeletionGround.F, {"ehe_start_date": date(2026, 3, 3)}, "has not arrived yet"),
    (DeletionGround.F, {"ehe_start_date": None}, "has not ceased to attend"),
    (DeletionGround.F, {"sao_names_this_school": True}, "school attendance order"),
    (DeletionGround.F, {"special_school_placed_by_la": True}, "that LA has not consented"),
    (
        DeletionGround.F,
        {"s434a_commencement": date(2026, 1, 1), "s47_enquiries_or_action": True},
        "s.434A",
    ),
    # G
    (DeletionGround.G, {"ceased_to_attend": False}, "has not ceased to attend"),
    (DeletionGround.G, {"no_longer_lives_within_reasonable_distance": False}, "reasonable dist"),
    (DeletionGround.G, {"boarder": True}, "boarder"),
    # H
    (DeletionGround.H, {"leave_of_absence_granted": False}, "No leave of absence"),
    (DeletionGround.H, {"school_days_since_leave_ended": None}, "not recorded"),
    (DeletionGround.H, {"school_days_since_leave_ended": 9}, "Only 9 school day(s)"),
    (DeletionGround.H, {"attended_since_leave_ended": True}, "has attended since"),
    (DeletionGround.H, {"sickness_or_unavoidable_cause_believed": True}, "sickness"),
    (DeletionGround.H, {"joint_enquiries": JointEnquiries()}, "have not logged joint"),
    (
        DeletionGround.H,
        {"joint_enquiries": JointEnquiries(logged=True, whereabouts_established=True)},
        "found where the pupil is: ground H",
    ),
    # I
    (DeletionGround.I, {"gno_run_school_days": None}, "not recorded"),
    (DeletionGround.I, {"gno_run_school_days": 19}, "19 consecutive school day(s)"),
    (DeletionGround.I, {"sickness_or_unavoidable_cause_believed": True}, "unavoidable cause"),
    (DeletionGround.I, {"joint_enquiries": JointEnquiries()}, "have not logged joint"),
    (
        DeletionGround.I,
        {"joint_enquiries": JointEnquiries(logged=True, whereabouts_established=True)},
        "ground I needs them to have failed",
    ),
    # J, K, L, M, N
    (DeletionGround.J, {"detained_under_court_order": False}, "not recorded as detained"),
    (DeletionGround.J, {"will_attend_again": True}, "will attend it again"),
    (DeletionGround.K, {"died": False}, "death is not recorded"),
    (DeletionGround.L, {"csa_ends_before_school_next_meets": False}, "does not end before"),
    (DeletionGround.L, {"parent_said_will_stop_attending": False}, "sixth-form"),
    (DeletionGround.M, {"boarder": False}, "not a boarder"),
    (DeletionGround.M, {"maintained_or_academy": False}, "LA-maintained schools and academies"),
    (DeletionGround.M, {"boarding_charges_unpaid_at_term_end": False}, "unpaid"),
    (DeletionGround.N, {"school_is_independent_or_nmss": False}, "only for independent"),
    (DeletionGround.N, {"ceased_to_be_pupil": False}, "has not ceased to be a pupil"),
    # O
    (DeletionGround.O, {"permanently_excluded": False}, "not been permanently excluded"),
    (DeletionGround.O, {"reinstated": True}, "reinstated"),
    (DeletionGround.O, {"exclusion_review_ended_on": None}, "review process has not ended"),
    (
        DeletionGround.O,
        {"exclusion_review_ended_on": date(2026, 3, 3)},
        "review process has not ended",
    ),
    (DeletionGround.O, {"pupil_access_team_directed_removal": False}, "Pupil Access Team"),
]


@pytest.mark.parametrize(("ground", "change", "fragment"), BREAKERS)
def test_each_unmet_precondition_is_listed(
    ground: DeletionGround, change: dict[str, Any], fragment: str
) -> None:
    decision = decide(ground, facts_for(ground, **change))
    assert not decision.allowed
    assert len(decision.unmet) == 1, decision.unmet
    assert fragment in decision.unmet[0]


def test_all_unmet_are_listed_not_just_the_first() -> None:
    facts = facts_for(
        DeletionGround.A,
        registered_elsewhere=False,
        sao_names_this_school=True,
        mobile_child_main_school_here=True,
        dual_registration_agreed=True,
        permanently_excluded=True,
        referral_placement=PlacementKind.REFERRAL,
        destination=DestinationConfirmation(),
    )
    decision = decide(DeletionGround.A, facts)
    assert len(decision.unmet) == 11  # with the open exclusion process (R-DEL-PEX-OPEN)


@pytest.mark.parametrize(("days", "allowed"), [(9, False), (10, True), (11, True)])
def test_ground_h_threshold(days: int, allowed: bool) -> None:
    facts = facts_for(DeletionGround.H, school_days_since_leave_ended=days)
    assert decide(DeletionGround.H, facts).allowed is allowed


@pytest.mark.parametrize(("days", "allowed"), [(19, False), (20, True), (21, True)])
def test_ground_i_threshold(days: int, allowed: bool) -> None:
    facts = facts_for(DeletionGround.I, gno_run_school_days=days)
    assert decide(DeletionGround.I, facts).allowed is allowed


@pytest.mark.parametrize(
    ("ended_on", "allowed"),
    [(date(2026, 3, 1), True), (DAY, True), (date(2026, 3, 3), False)],
)
def test_ground_o_review_end_threshold(ended_on: date, allowed: bool) -> None:
    facts = facts_for(DeletionGround.O, exclusion_review_ended_on=ended_on)
    assert decide(DeletionGround.O, facts).allowed is allowed


def test_ground_o_pat_direction_configurable() -> None:
    facts = facts_for(
        DeletionGround.O, pupil_access_team_directed_removal=False, require_pat_direction=False
    )
    assert decide(DeletionGround.O, facts).allowed


@pytest.mark.parametrize(
    ("start", "allowed"), [(date(2026, 3, 1), True), (DAY, True), (date(2026, 3, 3), False)]
)
def test_ground_f_notified_date_threshold(start: date, allowed: bool) -> None:
    facts = facts_for(DeletionGround.F, ehe_start_date=start)
    assert decide(DeletionGround.F, facts).allowed is allowed


def test_ground_f_without_date_but_ceased_to_attend() -> None:
    facts = facts_for(DeletionGround.F, ehe_start_date=None, ceased_to_attend=True)
    decision = decide(DeletionGround.F, facts)
    assert decision.allowed
    assert any("Inform the LA" in n for n in decision.notes)
    assert any("s.434A) is not in force" in n for n in decision.notes)


def test_ground_f_special_school_with_la_consent() -> None:
    facts = facts_for(
        DeletionGround.F, special_school_placed_by_la=True, la_consent_for_special_school=True
    )
    assert decide(DeletionGround.F, facts).allowed


def test_ground_f_s434a_in_force_with_consent() -> None:
    facts = facts_for(
        DeletionGround.F,
        s434a_commencement=date(2026, 1, 1),
        s47_enquiries_or_action=True,
        la_consent_to_withdraw=True,
    )
    decision = decide(DeletionGround.F, facts)
    assert decision.allowed
    assert not any("not in force" in n for n in decision.notes)


def test_ground_f_s434a_in_force_not_relevant_child() -> None:
    facts = facts_for(DeletionGround.F, s434a_commencement=date(2026, 1, 1))
    decision = decide(DeletionGround.F, facts)
    assert decision.allowed
    assert not any("not in force" in n for n in decision.notes)


def test_ground_f_called_directly_without_dob_skips_s434a() -> None:
    from onroll.rules.deletion import deletion_ground_f

    facts = dataclasses.replace(facts_for(DeletionGround.F), date_of_birth=None)
    decision = deletion_ground_f(facts, deletion_date=DAY)
    assert decision.allowed


def test_ground_j_four_month_note() -> None:
    with_order = decide(DeletionGround.J, facts_for(DeletionGround.J))
    assert not any("4 months" in n for n in with_order.notes)
    unknown = decide(
        DeletionGround.J, facts_for(DeletionGround.J, detention_four_months_or_more=None)
    )
    assert unknown.allowed
    assert any("4 months" in n for n in unknown.notes)
    assert unknown.ctf is CtfKind.NONE


def test_ground_l_sixth_form_alternative() -> None:
    facts = facts_for(
        DeletionGround.L,
        parent_said_will_stop_attending=False,
        fails_sixth_form_entry_requirements=True,
    )
    assert decide(DeletionGround.L, facts).allowed


# ----------------------------------------------------------------------------- dispatcher


def test_back_dated_deletion_refused() -> None:
    decision = decide(DeletionGround.K, facts_for(DeletionGround.K), deletion_date=date(2026, 3, 1))
    assert not decision.allowed
    assert "back-dated" in decision.unmet[0]
    # on the day recorded and later are fine
    assert decide(DeletionGround.K, facts_for(DeletionGround.K)).allowed
    later = decide(DeletionGround.K, facts_for(DeletionGround.K), deletion_date=date(2026, 3, 3))
    assert later.allowed


@pytest.mark.parametrize("ground", ["Z", "AA", "1"])
def test_unknown_ground_refused(ground: str) -> None:
    decision = decide(ground, facts_for(DeletionGround.K))
    assert not decision.allowed
    assert decision.ground is None
    assert "is not a reg 9(1) ground" in decision.unmet[0]


@pytest.mark.parametrize("ground", [None, "", "  "])
def test_missing_ground_refused(ground: str | None) -> None:
    decision = decide(ground, facts_for(DeletionGround.K), deletion_date=date(2026, 3, 1))
    assert not decision.allowed
    assert decision.unmet[0].startswith("No ground of deletion is recorded")
    assert "back-dated" in decision.unmet[1]


def test_ground_as_lower_case_string() -> None:
    decision = decide("k", facts_for(DeletionGround.K))
    assert decision.allowed
    assert decision.ground is DeletionGround.K


def test_non_csa_pupil_refused_reg_9_3_not_researched() -> None:
    facts = dataclasses.replace(facts_for(DeletionGround.K), date_of_birth=date(2008, 1, 1))
    decision = decide(DeletionGround.K, facts)
    assert not decision.allowed
    assert "reg 9(3)" in decision.unmet[0]
    assert "not researched" in decision.unmet[0]


def test_missing_dob_refused() -> None:
    facts = dataclasses.replace(facts_for(DeletionGround.K), date_of_birth=None)
    decision = decide(DeletionGround.K, facts)
    assert not decision.allowed
    assert "date of birth is not recorded" in decision.unmet[0]


def test_dispatcher_lists_general_and_ground_unmet_together() -> None:
    facts = DeletionFacts(date_of_birth=date(2008, 1, 1))
    decision = decide(DeletionGround.I, facts, deletion_date=date(2026, 3, 1))
    assert len(decision.unmet) == 2 + 2  # back-dated, not CSA, no run, no joint enquiries


# ----------------------------------------------------------------------------- outputs


@pytest.mark.parametrize("ground", [DeletionGround.H, DeletionGround.I])
def test_whereabouts_unknown_grounds_need_lost_ctf_and_cme_case(ground: DeletionGround) -> None:
    decision = decide(ground, facts_for(ground))
    assert decision.joint_enquiries_required
    assert decision.ctf is CtfKind.LOST_PUPIL
    assert decision.lost_pupil_ctf
    assert decision.ctf_destination == LOST_PUPIL_LAESTAB == "XXXXXXX"
    assert decision.open_cme_case


def test_ground_a_ctf_to_destination_no_case() -> None:
    decision = decide(DeletionGround.A, facts_for(DeletionGround.A))
    assert not decision.joint_enquiries_required
    assert decision.ctf is CtfKind.TO_NEXT_SCHOOL
    assert decision.ctf_destination == "8884123"
    assert not decision.open_cme_case
    assert ReturnField.DESTINATION_SCHOOL in decision.deletion_return_fields


def test_destination_without_laestab() -> None:
    dest = dataclasses.replace(CONFIRMED, laestab=" ")
    decision = decide(DeletionGround.A, facts_for(DeletionGround.A, destination=dest))
    assert decision.ctf is CtfKind.TO_NEXT_SCHOOL
    assert decision.ctf_destination is None


def test_ground_k_no_ctf() -> None:
    decision = decide(DeletionGround.K, facts_for(DeletionGround.K))
    assert decision.ctf is CtfKind.NONE
    assert not decision.open_cme_case
    assert decision.deletion_return_due


@pytest.mark.parametrize(
    ("confirmed", "ctf", "destination", "case"),
    [
        (True, CtfKind.MOVED_ABROAD, MOVED_ABROAD_LAESTAB, False),
        (False, CtfKind.LOST_PUPIL, LOST_PUPIL_LAESTAB, True),
    ],
)
def test_moved_abroad(confirmed: bool, ctf: CtfKind, destination: str, case: bool) -> None:
    facts = facts_for(DeletionGround.G, moved_abroad=True, abroad_destination_confirmed=confirmed)
    decision = decide(DeletionGround.G, facts)
    assert decision.allowed
    assert decision.ctf is ctf
    assert decision.ctf_destination == destination
    assert decision.open_cme_case is case


def test_ground_g_without_confirmed_school_opens_cme_case() -> None:
    decision = decide(DeletionGround.G, facts_for(DeletionGround.G))
    assert decision.ctf is CtfKind.LOST_PUPIL
    assert decision.open_cme_case
    with_school = decide(DeletionGround.G, facts_for(DeletionGround.G, destination=CONFIRMED))
    assert with_school.ctf is CtfKind.TO_NEXT_SCHOOL
    assert not with_school.open_cme_case


def test_ground_c_ctf_to_school_still_registered() -> None:
    decision = decide(DeletionGround.C, facts_for(DeletionGround.C))
    assert decision.ctf is CtfKind.TO_NEXT_SCHOOL
    assert decision.ctf_destination is None
    assert not decision.open_cme_case


@pytest.mark.parametrize("ground", [DeletionGround.E, DeletionGround.F, DeletionGround.L])
def test_no_ctf_when_not_moving_to_a_school(ground: DeletionGround) -> None:
    assert decide(ground, facts_for(ground)).ctf is CtfKind.NONE


def test_ground_b_unknown_destination_lost_ctf_without_case() -> None:
    decision = decide(DeletionGround.B, facts_for(DeletionGround.B))
    assert decision.ctf is CtfKind.LOST_PUPIL
    assert not decision.open_cme_case


@pytest.mark.parametrize(
    ("change", "case"),
    [
        ({}, True),
        ({"alternative_provision_in_place": True}, False),
        ({"destination": CONFIRMED}, False),
    ],
)
def test_ground_o_cme_case_when_no_provision(change: dict[str, Any], case: bool) -> None:
    decision = decide(DeletionGround.O, facts_for(DeletionGround.O, **change))
    assert decision.open_cme_case is case


def test_deletion_return_exempt_for_senior_class_at_year_end() -> None:
    facts = facts_for(DeletionGround.L, in_most_senior_class=True, last_term_end=date(2026, 3, 1))
    decision = decide(DeletionGround.L, facts)
    assert not decision.deletion_return_due
    assert decision.deletion_return_fields == ()
    assert decision.deletion_return_due_by is None


def test_deletion_return_fields_and_due_date() -> None:
    facts = facts_for(DeletionGround.I, future_address_recorded=True)
    decision = decide(DeletionGround.I, facts)
    assert decision.deletion_return_due
    assert decision.deletion_return_due_by == DAY
    assert decision.deletion_return_fields == (
        ReturnField.FULL_NAME,
        ReturnField.ADDRESS,
        ReturnField.PARENTS,
        ReturnField.EMERGENCY_PHONES,
        ReturnField.FUTURE_ADDRESS,
        ReturnField.GROUND,
    )


# ----------------------------------------------------------------------------- helpers

CAL = SchoolCalendar(
    [(date(2025, 9, 1), date(2025, 10, 24)), (date(2025, 11, 3), date(2025, 12, 19))]
)


def test_school_days_since_excludes_start() -> None:
    # leave ended Fri 17 Oct; Mon 20 .. Fri 24 Oct = 5, half term, Mon 3 .. Fri 7 Nov = 10
    assert school_days_since(CAL, date(2025, 10, 17), date(2025, 11, 6)) == 9
    assert school_days_since(CAL, date(2025, 10, 17), date(2025, 11, 7)) == 10
    assert school_days_since(CAL, date(2025, 10, 17), date(2025, 11, 10)) == 11


def test_ceases_csa_before_school_next_meets() -> None:
    summer = SchoolCalendar([(date(2026, 4, 13), date(2026, 7, 17))])
    dob = date(2010, 1, 10)  # CSA ends Fri 26 Jun 2026
    assert ceases_csa_before_school_next_meets(dob, calendar=summer, on=date(2026, 6, 26))
    assert not ceases_csa_before_school_next_meets(dob, calendar=summer, on=date(2026, 6, 24))


# ----------------------------------------------------------------------------- properties

_BOOL_FIELDS = [f.name for f in dataclasses.fields(DeletionFacts) if f.type == "bool"]
facts_strategy = st.builds(
    DeletionFacts,
    date_of_birth=st.sampled_from([DOB, date(2008, 1, 1), None]),
    school_days_since_leave_ended=st.none() | st.integers(0, 30),
    gno_run_school_days=st.none() | st.integers(0, 30),
    exclusion_review_ended_on=st.none() | st.dates(date(2026, 2, 1), date(2026, 4, 1)),
    ehe_written_notice_on=st.none() | st.just(date(2026, 2, 1)),
    ehe_start_date=st.none() | st.dates(date(2026, 2, 1), date(2026, 4, 1)),
    destination=st.sampled_from([None, CONFIRMED, DestinationConfirmation(school_name="X")]),
    joint_enquiries=st.builds(JointEnquiries, st.booleans(), st.booleans()),
    **{name: st.booleans() for name in _BOOL_FIELDS},
)


@settings(max_examples=300, deadline=None)
@given(
    facts_strategy,
    st.sampled_from(list(DeletionGround)),
    st.dates(date(2026, 2, 25), date(2026, 3, 5)),
)
def test_property_never_allowed_with_an_unmet_precondition(
    facts: DeletionFacts, ground: DeletionGround, recorded_on: date
) -> None:
    decision = decide_deletion(ground, facts, deletion_date=DAY, recorded_on=recorded_on)
    assert decision.allowed is (decision.unmet == ())
    if recorded_on > DAY or facts.date_of_birth != DOB:
        assert not decision.allowed
    if decision.allowed and ground in (DeletionGround.H, DeletionGround.I):
        assert facts.joint_enquiries.logged
        assert not facts.joint_enquiries.whereabouts_established
        assert not facts.sickness_or_unavoidable_cause_believed
        assert decision.ctf is CtfKind.LOST_PUPIL
        assert decision.open_cme_case
    if decision.allowed and ground is DeletionGround.H:
        assert (facts.school_days_since_leave_ended or 0) >= 10
    if decision.allowed and ground is DeletionGround.I:
        assert (facts.gno_run_school_days or 0) >= 20
    if decision.allowed and ground is DeletionGround.A:
        assert facts.destination == CONFIRMED
        assert not facts.sao_names_this_school
        assert not facts.permanently_excluded
        assert not facts.dual_registration_agreed
    if decision.allowed and ground is DeletionGround.O:
        assert facts.pupil_access_team_directed_removal or not facts.require_pat_direction
        assert facts.exclusion_review_ended_on is not None
        assert facts.exclusion_review_ended_on <= DAY


def test_pru_leaving_a_referral_pupil_uses_c_and_is_not_refused() -> None:
    facts = facts_for(
        DeletionGround.C, referral_placement=PlacementKind.REFERRAL, deleting_school_is_pru=True
    )
    decision = decide(DeletionGround.C, facts)
    assert decision.allowed
    # the mainstream school deleting the same pupil is refused
    mainstream = dataclasses.replace(facts, deleting_school_is_pru=False)
    assert not decide(DeletionGround.C, mainstream).allowed


def test_pex_placement_is_not_a_referral_refusal() -> None:
    facts = facts_for(DeletionGround.A, referral_placement=PlacementKind.PERMANENT_EXCLUSION)
    assert decide(DeletionGround.A, facts).allowed
