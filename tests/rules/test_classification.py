"""Classifying a child on a date, always with reasons."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onroll.rules.classification import (
    ChildFacts,
    ChildStatus,
    CmeSituation,
    EheStatus,
    classify_child,
)

ON = date(2026, 3, 2)
DOB = date(2014, 5, 1)  # 11, of compulsory school age


def classify(**kw: object):  # type: ignore[no-untyped-def]
    return classify_child(ChildFacts(date_of_birth=DOB, **kw), on=ON)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("dob", "status"),
    [
        (date(2020, 12, 31), ChildStatus.CME),  # 5 on 31 Dec 2025: CSA from that day
        (date(2021, 1, 1), ChildStatus.NOT_COMPULSORY_AGE),  # CSA from 31 Mar 2026, after ON
        (date(2009, 9, 1), ChildStatus.CME),  # CSA ends 26 Jun 2026
        (date(2009, 8, 31), ChildStatus.NOT_COMPULSORY_AGE),  # CSA ended 27 Jun 2025
    ],
)
def test_compulsory_school_age_boundary(dob: date, status: ChildStatus) -> None:
    result = classify_child(ChildFacts(date_of_birth=dob), on=ON)
    assert result.status is status
    assert result.reasons


def test_on_roll() -> None:
    result = classify(on_roll=True)
    assert result.status is ChildStatus.ON_ROLL
    assert result.cme_situations == ()


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"part_time_timetable": True}, "part-time timetable"),
        ({"excluded_without_day6_provision": True}, "sixth school day"),
        ({"long_term_illness_without_education": True}, "Long-term illness"),
        ({"other_missing_out": ("Awaiting specialist placement.",)}, "Awaiting specialist"),
    ],
)
def test_on_roll_missing_out(kw: dict[str, object], fragment: str) -> None:
    result = classify(on_roll=True, **kw)
    assert result.status is ChildStatus.ON_ROLL_MISSING_OUT
    assert "CMOOE" in result.reasons[0]
    assert "not CME" in result.reasons[0]
    assert any(fragment in r for r in result.reasons[1:])


def test_missing_out_lists_all_reasons() -> None:
    result = classify(
        on_roll=True,
        part_time_timetable=True,
        excluded_without_day6_provision=True,
        long_term_illness_without_education=True,
    )
    assert len(result.reasons) == 4


@pytest.mark.parametrize("ehe", [EheStatus.SUITABLE, EheStatus.UNDER_REVIEW])
def test_educated_otherwise_ehe(ehe: EheStatus) -> None:
    result = classify(ehe=ehe)
    assert result.status is ChildStatus.EDUCATED_OTHERWISE
    assert ehe.value.replace("_", " ") in result.reasons[0]


def test_educated_otherwise_other_provider() -> None:
    result = classify(other_provider_education=True)
    assert result.status is ChildStatus.EDUCATED_OTHERWISE


def test_unsuitable_ehe_is_cme() -> None:
    result = classify(ehe=EheStatus.UNSUITABLE)
    assert result.status is ChildStatus.CME
    assert result.cme_situations == (CmeSituation.OTHER,)
    assert any("judged unsuitable" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("kw", "situation"),
    [
        ({"removed_after_pex_no_provision": True}, CmeSituation.REMOVED_AFTER_PEX_NO_PROVISION),
        ({"moved_into_area_no_school": True}, CmeSituation.MOVED_INTO_AREA_NO_SCHOOL),
        ({"moved_out_of_area_no_school": True}, CmeSituation.MOVED_OUT_OF_AREA_NO_SCHOOL),
        ({"refused_offered_place": True}, CmeSituation.REFUSED_OFFERED_PLACE),
    ],
)
def test_cme_situations(kw: dict[str, object], situation: CmeSituation) -> None:
    result = classify(**kw)
    assert result.status is ChildStatus.CME
    assert result.cme_situations == (situation,)
    assert any(situation.label in r for r in result.reasons)


def test_cme_with_several_situations() -> None:
    result = classify(moved_into_area_no_school=True, refused_offered_place=True)
    assert result.cme_situations == (
        CmeSituation.MOVED_INTO_AREA_NO_SCHOOL,
        CmeSituation.REFUSED_OFFERED_PLACE,
    )


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"whereabouts_known": False}, "On no school roll"),
        ({"whereabouts_known": False, "on_roll": True}, "joint reasonable enquiries"),
        ({"home_visit_suggests_moved": True}, "may have moved away"),
        ({"home_visit_suggests_moved": True, "on_roll": True}, "not CME in law"),
    ],
)
def test_whereabouts_unknown(kw: dict[str, object], fragment: str) -> None:
    result = classify(**kw)
    assert result.status is ChildStatus.WHEREABOUTS_UNKNOWN
    assert any(fragment in r for r in result.reasons)


def test_home_visit_situation_recorded() -> None:
    result = classify(home_visit_suggests_moved=True)
    assert result.cme_situations == (CmeSituation.MAY_HAVE_MOVED_AWAY,)


def test_every_situation_has_a_label() -> None:
    assert all(s.label for s in CmeSituation)


@given(
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.sampled_from([None, *EheStatus]),
    st.booleans(),
)
def test_property_on_roll_is_never_cme(
    on_roll: bool, part_time: bool, refused: bool, ehe: EheStatus | None, known: bool
) -> None:
    result = classify(
        on_roll=on_roll,
        part_time_timetable=part_time,
        refused_offered_place=refused,
        ehe=ehe,
        whereabouts_known=known,
    )
    assert result.reasons
    if on_roll:
        assert result.status is not ChildStatus.CME
    if result.status is ChildStatus.CME:
        assert result.cme_situations
