"""Risk groups and a CME case's priority."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onroll.rules.risk import (
    SAFEGUARDING_FACTORS,
    SEED_RISK_GROUPS,
    PriorityLevel,
    RiskFactor,
    age_in_years,
    case_priority,
)

ON = date(2026, 3, 2)
TEEN = date(2012, 5, 1)  # 13


def test_seed_has_its_seven_groups_and_labels() -> None:
    assert len(SEED_RISK_GROUPS) == 7
    assert RiskFactor.GYPSY_ROMA_TRAVELLER.in_seed
    assert not RiskFactor.LOOKED_AFTER.in_seed
    assert all(f.label for f in RiskFactor)
    assert len(RiskFactor) > 7
    assert PriorityLevel.URGENT.label == "Urgent"


@pytest.mark.parametrize(
    ("factors", "social_worker", "level"),
    [
        ((), False, PriorityLevel.ROUTINE),
        ((RiskFactor.GYPSY_ROMA_TRAVELLER,), False, PriorityLevel.RAISED),
        ((RiskFactor.MISSING_OR_RUNAWAY,), False, PriorityLevel.HIGH),
        ((), True, PriorityLevel.HIGH),
        ((RiskFactor.SERVICE_FAMILY,), True, PriorityLevel.HIGH),
        ((RiskFactor.MISSING_OR_RUNAWAY,), True, PriorityLevel.URGENT),
        # N-1, N, N+1 around "several risk groups" (3)
        ((RiskFactor.NEW_MIGRANT, RiskFactor.SERVICE_FAMILY), False, PriorityLevel.RAISED),
        (
            (RiskFactor.NEW_MIGRANT, RiskFactor.SERVICE_FAMILY, RiskFactor.YOUNG_CARER),
            False,
            PriorityLevel.HIGH,
        ),
        (
            (
                RiskFactor.NEW_MIGRANT,
                RiskFactor.SERVICE_FAMILY,
                RiskFactor.YOUNG_CARER,
                RiskFactor.REFUGE_OR_TEMPORARY_ACCOMMODATION,
            ),
            False,
            PriorityLevel.HIGH,
        ),
    ],
)
def test_priority_levels(
    factors: tuple[RiskFactor, ...], social_worker: bool, level: PriorityLevel
) -> None:
    result = case_priority(factors, has_social_worker=social_worker, date_of_birth=TEEN, on=ON)
    assert result.level is level
    assert result.reasons


def test_reasons_explain_each_step() -> None:
    result = case_priority(
        [RiskFactor.EXPLOITATION, RiskFactor.EXPLOITATION],
        has_social_worker=True,
        date_of_birth=TEEN,
        on=ON,
    )
    assert result.level is PriorityLevel.URGENT
    assert result.reasons[0] == "Risk group: " + RiskFactor.EXPLOITATION.label + "."
    assert any("safeguarding" in r for r in result.reasons)
    assert any("KCSIE para 162" in r for r in result.reasons)
    assert len([r for r in result.reasons if r.startswith("Risk group")]) == 1  # deduplicated


def test_routine_reason() -> None:
    result = case_priority([], has_social_worker=False, date_of_birth=None, on=ON)
    assert result.level is PriorityLevel.ROUTINE
    assert result.reasons == ("No risk groups, no social worker: routine.",)


@pytest.mark.parametrize(
    ("dob", "level"),
    [
        (date(2018, 3, 3), PriorityLevel.RAISED),  # 7 (turns 8 tomorrow)
        (date(2018, 3, 2), PriorityLevel.ROUTINE),  # 8 today
        (date(2018, 3, 1), PriorityLevel.ROUTINE),  # 8
    ],
)
def test_young_child_threshold(dob: date, level: PriorityLevel) -> None:
    result = case_priority([], has_social_worker=False, date_of_birth=dob, on=ON)
    assert result.level is level


def test_young_child_capped_at_urgent() -> None:
    result = case_priority(
        [RiskFactor.HARM_OR_NEGLECT],
        has_social_worker=True,
        date_of_birth=date(2020, 1, 1),
        on=ON,
    )
    assert result.level is PriorityLevel.URGENT


def test_age_in_years() -> None:
    assert age_in_years(date(2012, 3, 2), ON) == 14
    assert age_in_years(date(2012, 3, 3), ON) == 13


@given(st.sets(st.sampled_from(list(RiskFactor))), st.booleans())
def test_property_adding_a_social_worker_never_lowers_priority(
    factors: set[RiskFactor], social_worker: bool
) -> None:
    without = case_priority(factors, has_social_worker=False, date_of_birth=TEEN, on=ON)
    with_sw = case_priority(factors, has_social_worker=True, date_of_birth=TEEN, on=ON)
    assert with_sw.level >= without.level
    assert with_sw.level >= PriorityLevel.HIGH
    if factors & SAFEGUARDING_FACTORS:
        assert with_sw.level is PriorityLevel.URGENT
