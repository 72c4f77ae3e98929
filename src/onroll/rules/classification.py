"""Where a child stands on a date: not of compulsory school age, on roll, on roll but missing
out (CMOOE), educated otherwise, missing education (CME, with the seed's situations), or
whereabouts unknown. Always with the reasons in plain words.

Source: EA 1996 s.436A (S36); domain.md §1.1, §9; Stepping Stones CME procedure (seed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from onroll.rules.age import is_compulsory_school_age
from onroll.rules.catalogue import rule

__all__ = [
    "ChildFacts",
    "ChildStatus",
    "Classification",
    "CmeSituation",
    "EheStatus",
    "classify_child",
]


class ChildStatus(StrEnum):
    NOT_COMPULSORY_AGE = "not_compulsory_age"
    ON_ROLL = "on_roll"
    ON_ROLL_MISSING_OUT = "on_roll_missing_out"
    EDUCATED_OTHERWISE = "educated_otherwise"
    CME = "cme"
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown"


class CmeSituation(StrEnum):
    """The five situations the seed lists (which 'include but are not limited to'), + other."""

    REMOVED_AFTER_PEX_NO_PROVISION = "removed_after_pex_no_provision"
    MAY_HAVE_MOVED_AWAY = "may_have_moved_away"
    MOVED_INTO_AREA_NO_SCHOOL = "moved_into_area_no_school"
    MOVED_OUT_OF_AREA_NO_SCHOOL = "moved_out_of_area_no_school"
    REFUSED_OFFERED_PLACE = "refused_offered_place"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _SITUATION_LABELS[self]


_SITUATION_LABELS = {
    CmeSituation.REMOVED_AFTER_PEX_NO_PROVISION: "Removed from roll after permanent exclusion "
    "and no alternative provision is in place",
    CmeSituation.MAY_HAVE_MOVED_AWAY: "Not attending school and a home visit reveals the family "
    "may have moved away",
    CmeSituation.MOVED_INTO_AREA_NO_SCHOOL: "Moved into the area but no arrangements made to "
    "access a new school",
    CmeSituation.MOVED_OUT_OF_AREA_NO_SCHOOL: "Moved (or about to move) out of the area, "
    "including outside the UK, with no arrangements made to access a new school",
    CmeSituation.REFUSED_OFFERED_PLACE: "Offered a school place, parents refused it and the LA "
    "knows of no alternative arrangements",
    CmeSituation.OTHER: "Not on a school roll and not receiving suitable education otherwise",
}


class EheStatus(StrEnum):
    SUITABLE = "suitable"
    UNDER_REVIEW = "under_review"
    UNSUITABLE = "unsuitable"


@dataclass(frozen=True)
class ChildFacts:
    date_of_birth: date
    on_roll: bool = False  # a registered pupil at any school (single or dual)
    whereabouts_known: bool = True
    # on roll but not accessing full-time education (CMOOE)
    part_time_timetable: bool = False
    excluded_without_day6_provision: bool = False
    long_term_illness_without_education: bool = False
    other_missing_out: tuple[str, ...] = ()  # e.g. "awaiting specialist placement"
    # education otherwise than at school
    ehe: EheStatus | None = None
    other_provider_education: bool = False  # e.g. an alternative provider such as a college
    # the seed's CME situations
    removed_after_pex_no_provision: bool = False
    home_visit_suggests_moved: bool = False
    moved_into_area_no_school: bool = False
    moved_out_of_area_no_school: bool = False
    refused_offered_place: bool = False


@dataclass(frozen=True)
class Classification:
    status: ChildStatus
    reasons: tuple[str, ...]
    cme_situations: tuple[CmeSituation, ...] = ()


def _situations(facts: ChildFacts) -> tuple[CmeSituation, ...]:
    flags = (
        (facts.removed_after_pex_no_provision, CmeSituation.REMOVED_AFTER_PEX_NO_PROVISION),
        (facts.home_visit_suggests_moved, CmeSituation.MAY_HAVE_MOVED_AWAY),
        (facts.moved_into_area_no_school, CmeSituation.MOVED_INTO_AREA_NO_SCHOOL),
        (facts.moved_out_of_area_no_school, CmeSituation.MOVED_OUT_OF_AREA_NO_SCHOOL),
        (facts.refused_offered_place, CmeSituation.REFUSED_OFFERED_PLACE),
    )
    return tuple(situation for flag, situation in flags if flag)


@rule(
    id="R-CLS-1",
    title="Classify a child: on roll, missing out, educated otherwise, CME or whereabouts unknown",
    source="EA 1996 s.436A; CME guidance (Aug 2024); seed; domain.md §1.1, §9",
    example="Age 12, on roll on a part-time timetable: on_roll_missing_out (report to CMOOE). "
    "Age 12, on no roll, family refused the place offered: cme (refused_offered_place).",
    assumption="CMOOE has no statutory definition (domain.md §9, local concept); EHE judged "
    "unsuitable is treated as CME (s.436A: not receiving suitable education).",
)
def classify_child(facts: ChildFacts, *, on: date) -> Classification:
    """A child is missing education when of compulsory school age, on no school roll and not
    receiving suitable education otherwise. A child on roll is never CME in law, but is
    missing out (CMOOE, reported to the LA's CMOOE inbox) when not accessing full-time
    education; a child whose whereabouts are unknown (or whose family may have moved away)
    is a tracing case whether or not still on a roll. Children outside compulsory school age
    are none of these.

    Source: EA 1996 s.436A; seed; domain.md §1.1, §9.
    """
    if not is_compulsory_school_age(facts.date_of_birth, on):
        return Classification(
            ChildStatus.NOT_COMPULSORY_AGE,
            (f"Not of compulsory school age on {on.isoformat()}.",),
        )
    situations = _situations(facts)
    if not facts.whereabouts_known or facts.home_visit_suggests_moved:
        reasons = [
            "Whereabouts unknown."
            if not facts.whereabouts_known
            else "A home visit suggests the family may have moved away."
        ]
        if facts.on_roll:
            reasons.append(
                "Still on a school roll, so not CME in law: the school and the LA must make "
                "joint reasonable enquiries."
            )
        else:
            reasons.append("On no school roll: the LA CME team must trace the child.")
        return Classification(ChildStatus.WHEREABOUTS_UNKNOWN, tuple(reasons), situations)
    if facts.on_roll:
        missing_out = [
            reason
            for flag, reason in (
                (facts.part_time_timetable, "On a part-time timetable."),
                (
                    facts.excluded_without_day6_provision,
                    "Excluded with no provision from the sixth school day.",
                ),
                (
                    facts.long_term_illness_without_education,
                    "Long-term illness without education provided.",
                ),
            )
            if flag
        ]
        missing_out += list(facts.other_missing_out)
        if missing_out:
            return Classification(
                ChildStatus.ON_ROLL_MISSING_OUT,
                (
                    "On roll, so not CME, but not accessing full-time education: report to the "
                    "LA as missing out on education (CMOOE).",
                    *missing_out,
                ),
            )
        return Classification(ChildStatus.ON_ROLL, ("A registered pupil at a school.",))
    if facts.ehe is EheStatus.SUITABLE or facts.ehe is EheStatus.UNDER_REVIEW:
        return Classification(
            ChildStatus.EDUCATED_OTHERWISE,
            (f"Educated at home (elective home education, {facts.ehe.value.replace('_', ' ')}).",),
        )
    if facts.other_provider_education:
        return Classification(
            ChildStatus.EDUCATED_OTHERWISE,
            ("Receiving education from a provider other than a school.",),
        )
    reasons = ["Of compulsory school age, on no school roll and not receiving suitable education."]
    if facts.ehe is EheStatus.UNSUITABLE:
        reasons.append("Home education has been judged unsuitable.")
    if not situations:
        situations = (CmeSituation.OTHER,)
    reasons += [situation.label + "." for situation in situations]
    return Classification(ChildStatus.CME, tuple(reasons), situations)
