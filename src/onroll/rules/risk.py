"""Groups of children most at risk of missing education, and a CME case's priority.

The seed names seven groups; domain.md §6.5 gives the wider list used by LAs. An allocated
social worker (KCSIE para 162, as the seed says) and the child's age also raise priority.
The levels and thresholds are a local choice (no statute sets them).

Source: Stepping Stones CME procedure (seed); CME guidance (children at particular risk);
KCSIE para 162; domain.md §6.3, §6.5.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from onroll.rules.catalogue import rule

__all__ = [
    "SAFEGUARDING_FACTORS",
    "SEED_RISK_GROUPS",
    "CasePriority",
    "PriorityLevel",
    "RiskFactor",
    "age_in_years",
    "case_priority",
]


class RiskFactor(StrEnum):
    # the seed's seven groups
    HARM_OR_NEGLECT = "harm_or_neglect"
    GYPSY_ROMA_TRAVELLER = "gypsy_roma_traveller"
    SERVICE_FAMILY = "service_family"
    MISSING_OR_RUNAWAY = "missing_or_runaway"
    YOUTH_JUSTICE = "youth_justice"
    CEASED_TO_ATTEND = "ceased_to_attend"
    NEW_MIGRANT = "new_migrant"
    # domain.md §6.5 wider list
    MOBILE_OR_TRANSIENT_FAMILY = "mobile_or_transient_family"
    LOOKED_AFTER = "looked_after"
    CHILD_PROTECTION_OR_CIN_PLAN = "child_protection_or_cin_plan"
    PRIVATE_FOSTERING = "private_fostering"
    YOUNG_CARER = "young_carer"
    EXPLOITATION = "exploitation"
    TRAFFICKING = "trafficking"
    FORCED_MARRIAGE = "forced_marriage"
    FGM = "fgm"
    RADICALISATION = "radicalisation"
    RETURNING_FROM_CUSTODY = "returning_from_custody"
    PERMANENTLY_EXCLUDED_OR_REPEATED_SUSPENSIONS = "permanently_excluded_or_repeated_suspensions"
    PART_TIME_TIMETABLE = "part_time_timetable"
    MEDICAL_OR_MENTAL_HEALTH = "medical_or_mental_health"
    SEND_AWAITING_PLACEMENT = "send_awaiting_placement"
    REFUGE_OR_TEMPORARY_ACCOMMODATION = "refuge_or_temporary_accommodation"
    ASYLUM_OR_REFUGEE = "asylum_or_refugee"
    NEW_ARRIVAL_AWAITING_PLACE = "new_arrival_awaiting_place"
    TRANSITION_OR_LEAVING_INDEPENDENT = "transition_or_leaving_independent"
    PREGNANT_OR_YOUNG_PARENT = "pregnant_or_young_parent"
    EHE_WITH_CONCERNS = "ehe_with_concerns"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def in_seed(self) -> bool:
        """Whether the group is one of the seven the Stepping Stones procedure names."""
        return self in SEED_RISK_GROUPS


_LABELS = {
    RiskFactor.HARM_OR_NEGLECT: "At risk of harm or neglect",
    RiskFactor.GYPSY_ROMA_TRAVELLER: "From a Gypsy, Roma or Traveller family",
    RiskFactor.SERVICE_FAMILY: "From a family of service personnel",
    RiskFactor.MISSING_OR_RUNAWAY: "Goes missing or runs away from home or care",
    RiskFactor.YOUTH_JUSTICE: "Supervised by the youth justice system",
    RiskFactor.CEASED_TO_ATTEND: "Has ceased to attend a school",
    RiskFactor.NEW_MIGRANT: "From a new migrant family",
    RiskFactor.MOBILE_OR_TRANSIENT_FAMILY: "From a mobile or transient family",
    RiskFactor.LOOKED_AFTER: "Looked after by the local authority",
    RiskFactor.CHILD_PROTECTION_OR_CIN_PLAN: "On a child protection or child in need plan",
    RiskFactor.PRIVATE_FOSTERING: "Privately fostered",
    RiskFactor.YOUNG_CARER: "A young carer",
    RiskFactor.EXPLOITATION: "At risk of child sexual or criminal exploitation (incl. county "
    "lines)",
    RiskFactor.TRAFFICKING: "At risk of trafficking",
    RiskFactor.FORCED_MARRIAGE: "At risk of forced marriage",
    RiskFactor.FGM: "At risk of female genital mutilation",
    RiskFactor.RADICALISATION: "At risk of radicalisation",
    RiskFactor.RETURNING_FROM_CUSTODY: "Returning from custody",
    RiskFactor.PERMANENTLY_EXCLUDED_OR_REPEATED_SUSPENSIONS: "Permanently excluded or "
    "repeatedly suspended",
    RiskFactor.PART_TIME_TIMETABLE: "On a part-time timetable",
    RiskFactor.MEDICAL_OR_MENTAL_HEALTH: "Long-term medical or mental-health needs",
    RiskFactor.SEND_AWAITING_PLACEMENT: "SEND, awaiting a placement or EHCP naming no school",
    RiskFactor.REFUGE_OR_TEMPORARY_ACCOMMODATION: "Living in a refuge or temporary accommodation",
    RiskFactor.ASYLUM_OR_REFUGEE: "Asylum-seeking or refugee",
    RiskFactor.NEW_ARRIVAL_AWAITING_PLACE: "New arrival awaiting a school place",
    RiskFactor.TRANSITION_OR_LEAVING_INDEPENDENT: "At a transition point or leaving an "
    "independent school",
    RiskFactor.PREGNANT_OR_YOUNG_PARENT: "Pregnant or a young parent",
    RiskFactor.EHE_WITH_CONCERNS: "Withdrawn to home education where there are concerns",
}

SEED_RISK_GROUPS: frozenset[RiskFactor] = frozenset(
    {
        RiskFactor.HARM_OR_NEGLECT,
        RiskFactor.GYPSY_ROMA_TRAVELLER,
        RiskFactor.SERVICE_FAMILY,
        RiskFactor.MISSING_OR_RUNAWAY,
        RiskFactor.YOUTH_JUSTICE,
        RiskFactor.CEASED_TO_ATTEND,
        RiskFactor.NEW_MIGRANT,
    }
)

#: Factors that are known safeguarding risks (domain.md §6.3 item 8: escalate at once).
SAFEGUARDING_FACTORS: frozenset[RiskFactor] = frozenset(
    {
        RiskFactor.HARM_OR_NEGLECT,
        RiskFactor.MISSING_OR_RUNAWAY,
        RiskFactor.CHILD_PROTECTION_OR_CIN_PLAN,
        RiskFactor.EXPLOITATION,
        RiskFactor.TRAFFICKING,
        RiskFactor.FORCED_MARRIAGE,
        RiskFactor.FGM,
        RiskFactor.RADICALISATION,
    }
)


class PriorityLevel(IntEnum):
    ROUTINE = 1
    RAISED = 2
    HIGH = 3
    URGENT = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


@dataclass(frozen=True)
class CasePriority:
    level: PriorityLevel
    reasons: tuple[str, ...]


def age_in_years(dob: date, on: date) -> int:
    """Completed years of age on ``on`` (29 February birthdays count from 1 March)."""
    years = on.year - dob.year
    if (on.month, on.day) < (dob.month, dob.day):
        years -= 1
    return years


MANY_FACTORS = 3
YOUNG_CHILD_UNDER = 8


@rule(
    id="R-RISK-1",
    title="Priority of a CME case from risk groups, a social worker and age",
    source="Stepping Stones CME procedure (seed: seven groups; social worker per KCSIE para "
    "162); domain.md §6.3 item 8, §6.5",
    example="Traveller family only: raised. Missing from home: high. Missing from home and an "
    "allocated social worker: urgent. No factors, aged 6: raised (young child).",
    assumption="The four levels and what moves a case between them are a local choice; no "
    "statute or guidance sets them.",
    configurable="young_child_under (default 8) and many_factors (default 3).",
)
def case_priority(
    factors: Iterable[RiskFactor],
    *,
    has_social_worker: bool,
    date_of_birth: date | None,
    on: date,
    young_child_under: int = YOUNG_CHILD_UNDER,
    many_factors: int = MANY_FACTORS,
) -> CasePriority:
    """A case is routine without risk factors; any risk group raises it; a known safeguarding
    risk, an allocated social worker, or several risk groups together make it high; an
    allocated social worker together with a known safeguarding risk makes it urgent (the
    seed: a social worker should inform the LA's decision where there are known safeguarding
    risks); a young child moves it up one more level, being less visible to services.

    Source: seed; KCSIE para 162; domain.md §6.3, §6.5.
    """
    present = sorted(set(factors), key=lambda f: list(RiskFactor).index(f))
    reasons = [f"Risk group: {factor.label}." for factor in present]
    safeguarding = [f for f in present if f in SAFEGUARDING_FACTORS]
    level = PriorityLevel.RAISED if present else PriorityLevel.ROUTINE
    if safeguarding:
        level = PriorityLevel.HIGH
        reasons.append("Known safeguarding risk: escalate under safeguarding procedures.")
    if len(present) >= many_factors:
        level = PriorityLevel.HIGH
        reasons.append(f"{len(present)} risk groups together.")
    if has_social_worker:
        reasons.append("Has an allocated social worker (KCSIE para 162): involve them.")
        level = PriorityLevel.URGENT if safeguarding else max(level, PriorityLevel.HIGH)
    if date_of_birth is not None and age_in_years(date_of_birth, on) < young_child_under:
        level = PriorityLevel(min(level + 1, PriorityLevel.URGENT))
        reasons.append(f"Young child (under {young_child_under}): less visible to services.")
    if not reasons:
        reasons.append("No risk groups, no social worker: routine.")
    return CasePriority(level=level, reasons=tuple(reasons))
