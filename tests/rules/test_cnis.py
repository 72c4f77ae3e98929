"""CNIS register eligibility (s.436B) and s.434A consent to withdraw: off until commenced."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onroll.rules.cnis import (
    CnisFacts,
    ConsentFacts,
    cnis_eligibility,
    consent_to_withdraw_required,
    in_force,
)

ON = date(2026, 11, 2)
START = date(2026, 9, 1)
CHILD = date(2014, 3, 3)  # of compulsory school age in 2026
OFF_ROLL = CnisFacts(
    date_of_birth=CHILD, lives_in_la_area=True, registered_at_relevant_school=False
)


@pytest.mark.parametrize(
    ("commencement", "on", "expected"),
    [
        (None, ON, False),
        (START, date(2026, 8, 31), False),  # the day before
        (START, START, True),  # the day itself
        (START, date(2026, 9, 2), True),
    ],
)
def test_in_force(commencement: date | None, on: date, expected: bool) -> None:
    assert in_force(commencement, on) is expected


def test_cnis_not_in_force_without_commencement_says_so() -> None:
    result = cnis_eligibility(OFF_ROLL, on=ON)
    assert not result.in_force
    assert not result.eligible
    assert "not in force" in result.reasons[0]
    assert "no commencement date" in result.reasons[0]


def test_cnis_not_in_force_before_commencement_names_the_date() -> None:
    result = cnis_eligibility(OFF_ROLL, on=date(2026, 8, 31), commencement=START)
    assert not result.in_force
    assert "commences on 2026-09-01" in result.reasons[0]


def test_cnis_eligible_off_roll() -> None:
    result = cnis_eligibility(OFF_ROLL, on=ON, commencement=START)
    assert result.in_force
    assert result.eligible
    assert "Conditions A, B and C" in result.reasons[0]


@pytest.mark.parametrize(
    "facts",
    [
        CnisFacts(CHILD, True, True, school_arranged_education_elsewhere_with_absence=True),
        CnisFacts(CHILD, True, True, part_time_student_not_registered_elsewhere=True),
    ],
)
def test_cnis_condition_c_b_and_c(facts: CnisFacts) -> None:
    assert cnis_eligibility(facts, on=ON, commencement=START).eligible


def test_cnis_lists_every_unmet_condition() -> None:
    facts = CnisFacts(date(2000, 1, 1), lives_in_la_area=False, registered_at_relevant_school=True)
    result = cnis_eligibility(facts, on=ON, commencement=START)
    assert not result.eligible
    assert [r.split(" ")[1] for r in result.reasons] == ["A", "B", "C"]


@given(
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.dates(date(2000, 1, 1), date(2024, 1, 1)),
)
def test_property_never_eligible_before_commencement(
    area: bool, registered: bool, arranged: bool, part_time: bool, dob: date
) -> None:
    facts = CnisFacts(dob, area, registered, arranged, part_time)
    assert not cnis_eligibility(facts, on=ON).eligible
    assert not consent_to_withdraw_required(
        ConsentFacts(dob, registered, arranged, part_time), on=ON
    ).consent_required


# ----------------------------------------------------------------------------- s.434A


def test_consent_not_in_force_says_so() -> None:
    result = consent_to_withdraw_required(
        ConsentFacts(CHILD, registered_pupil=True, s47_enquiries_or_action=True), on=ON
    )
    assert not result.in_force
    assert not result.consent_required
    assert "s.434A" in result.reasons[0]
    assert "not in force" in result.reasons[0]


@pytest.mark.parametrize(
    ("special", "s47", "fragment"),
    [
        (True, False, "condition A"),
        (False, True, "condition B"),
        (True, True, "condition A) and subject"),
    ],
)
def test_consent_required_for_relevant_child(special: bool, s47: bool, fragment: str) -> None:
    facts = ConsentFacts(
        CHILD, True, la_arranged_special_school=special, s47_enquiries_or_action=s47
    )
    result = consent_to_withdraw_required(facts, on=ON, commencement=START)
    assert result.in_force
    assert result.consent_required
    assert fragment in result.reasons[0]


def test_consent_not_required_lists_every_reason() -> None:
    facts = ConsentFacts(date(2000, 1, 1), registered_pupil=False)
    result = consent_to_withdraw_required(facts, on=ON, commencement=START)
    assert result.in_force
    assert not result.consent_required
    assert len(result.reasons) == 3
