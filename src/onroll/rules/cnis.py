"""Children's Wellbeing and Schools Act 2026: the children-not-in-school (CNIS) register
(new EA 1996 s.436B) and LA consent to withdraw a child for home education (new s.434A).

Neither is in force: both start on a day the Secretary of State appoints (s.78(5)). Every
function takes ``commencement`` (the configured commencement date; ``None`` = not commenced)
and says plainly in its result when the rule is not in force.

Source: CWS Act 2026 ss.37, 38, 78 (S50-S52); domain.md §10.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from onroll.rules.age import is_compulsory_school_age
from onroll.rules.catalogue import rule

__all__ = [
    "CnisDecision",
    "CnisFacts",
    "ConsentFacts",
    "ConsentToWithdrawDecision",
    "cnis_eligibility",
    "consent_to_withdraw_required",
    "in_force",
]


def in_force(commencement: date | None, on: date) -> bool:
    """A prospective provision is in force on ``on`` when a commencement date is configured
    and ``on`` is on or after it."""
    return commencement is not None and on >= commencement


def _not_in_force(provision: str, commencement: date | None, on: date) -> str:
    if commencement is None:
        return f"{provision} is not in force: no commencement date has been configured."
    return (
        f"{provision} is not in force on {on.isoformat()}: it commences on "
        f"{commencement.isoformat()}."
    )


@dataclass(frozen=True)
class CnisFacts:
    date_of_birth: date
    lives_in_la_area: bool
    registered_at_relevant_school: bool
    #: C(b): the school has arranged/agreed education elsewhere and the child is absent for
    #: some or all of the normal full-time week (flexi-schooling, part-time timetable, s.19...)
    school_arranged_education_elsewhere_with_absence: bool = False
    #: C(c): a part-time student at a relevant school within s.436B(7)(d)
    part_time_student_not_registered_elsewhere: bool = False


@dataclass(frozen=True)
class CnisDecision:
    in_force: bool
    eligible: bool
    reasons: tuple[str, ...]


@rule(
    id="R-CNIS",
    title="Children-not-in-school register: who is eligible (not in force until commenced)",
    source="CWS Act 2026 s.38 (new EA 1996 s.436B) and s.78(5); domain.md §10.1",
    example="With no commencement date: never eligible, 'not in force'. Once commenced: a child "
    "of CSA living in the area on no school roll is eligible (conditions A, B, C(a)).",
    assumption="Commencement regulations not seen (domain.md §13 item 9); regulations may "
    "refine conditions C(b)/(c).",
    configurable="commencement date (default None = not commenced).",
)
def cnis_eligibility(
    facts: CnisFacts, *, on: date, commencement: date | None = None
) -> CnisDecision:
    """Once commenced, a child must be on the LA's children-not-in-school register when (A)
    they live in the LA's area, (B) they are of compulsory school age, and (C) they are not
    a registered pupil at a relevant school, or are registered but the school has arranged
    for them to be educated elsewhere and absent for some or all of the full-time week, or
    are a part-time student not registered elsewhere. Before commencement no child is
    eligible and the result says the rule is not in force.

    Source: CWS Act 2026 s.38 (EA 1996 s.436B); domain.md §10.1.
    """
    if not in_force(commencement, on):
        return CnisDecision(
            in_force=False,
            eligible=False,
            reasons=(_not_in_force("The CNIS register (EA 1996 s.436B)", commencement, on),),
        )
    unmet: list[str] = []
    if not facts.lives_in_la_area:
        unmet.append("Condition A not met: the child does not live in the LA's area.")
    if not is_compulsory_school_age(facts.date_of_birth, on):
        unmet.append("Condition B not met: the child is not of compulsory school age.")
    condition_c = (
        not facts.registered_at_relevant_school
        or facts.school_arranged_education_elsewhere_with_absence
        or facts.part_time_student_not_registered_elsewhere
    )
    if not condition_c:
        unmet.append(
            "Condition C not met: the child is a registered pupil at a relevant school "
            "and attends it full time."
        )
    if unmet:
        return CnisDecision(in_force=True, eligible=False, reasons=tuple(unmet))
    return CnisDecision(
        in_force=True,
        eligible=True,
        reasons=("Conditions A, B and C are met: the child must be on the CNIS register.",),
    )


@dataclass(frozen=True)
class ConsentFacts:
    date_of_birth: date
    registered_pupil: bool
    #: (A) registered under LA arrangements at a special school or an independent school
    #: specially organised for pupils with SEN
    la_arranged_special_school: bool = False
    #: (B) the LA is making s.47 Children Act 1989 enquiries or taking s.47(8) action
    s47_enquiries_or_action: bool = False


@dataclass(frozen=True)
class ConsentToWithdrawDecision:
    in_force: bool
    consent_required: bool
    reasons: tuple[str, ...]


@rule(
    id="R-CNIS-434A",
    title="LA consent before withdrawing certain children to home education (not in force "
    "until commenced)",
    source="CWS Act 2026 s.37 (new EA 1996 s.434A) and s.78(5); domain.md §10.2",
    example="Once commenced: a registered pupil of CSA subject to s.47 enquiries needs the LA's "
    "consent before the parent withdraws them; with no commencement date: no consent needed, "
    "'not in force'.",
    assumption="Commencement regulations not seen (domain.md §13 item 9).",
    configurable="commencement date (default None = not commenced).",
)
def consent_to_withdraw_required(
    facts: ConsentFacts, *, on: date, commencement: date | None = None
) -> ConsentToWithdrawDecision:
    """Once commenced, a parent must obtain the LA's consent before withdrawing a child from
    school for education otherwise than at school when the child is of compulsory school age,
    a registered pupil, and either was placed by LA arrangements at a special school (or an
    independent school specially organised for SEN) or is the subject of s.47 Children Act
    1989 enquiries or action. Before commencement no consent is required and the result
    says the rule is not in force.

    Source: CWS Act 2026 s.37 (EA 1996 s.434A); domain.md §10.2.
    """
    if not in_force(commencement, on):
        return ConsentToWithdrawDecision(
            in_force=False,
            consent_required=False,
            reasons=(_not_in_force("LA consent to withdraw (EA 1996 s.434A)", commencement, on),),
        )
    reasons: list[str] = []
    if not is_compulsory_school_age(facts.date_of_birth, on):
        reasons.append("Not a relevant child: not of compulsory school age.")
    if not facts.registered_pupil:
        reasons.append("Not a relevant child: not a registered pupil.")
    if not (facts.la_arranged_special_school or facts.s47_enquiries_or_action):
        reasons.append(
            "Not a relevant child: not placed by the LA at a special school and no s.47 "
            "enquiries or action."
        )
    if reasons:
        return ConsentToWithdrawDecision(True, False, tuple(reasons))
    why = []
    if facts.la_arranged_special_school:
        why.append("placed by LA arrangements at a special school (condition A)")
    if facts.s47_enquiries_or_action:
        why.append("subject to s.47 enquiries or action (condition B)")
    return ConsentToWithdrawDecision(
        True,
        True,
        (f"LA consent is required before withdrawal: the child is {' and '.join(why)}.",),
    )
