"""What follows from a deletion: its return to the LA, the CTF it needs, and whether the LA
must open a CME tracing case (Regs 2024 reg 13; domain.md §4.2, §6, §6.4).

Split from :mod:`onroll.rules.deletion`; the public names are re-exported there.
"""

from __future__ import annotations

from datetime import date

from onroll.rules.catalogue import rule
from onroll.rules.deletion_facts import (
    LOST_PUPIL_LAESTAB,
    MOVED_ABROAD_LAESTAB,
    CtfKind,
    DeletionDecision,
    DeletionFacts,
    DeletionGround,
)
from onroll.rules.deletion_return import (
    deletion_return_fields,
    deletion_return_requirement,
)
from onroll.rules.placements import (
    destination_unmet,
)


@rule(
    id="R-CTF",
    title="Which Common Transfer File a deletion needs",
    source="Education (Pupil Information) (England) Regs 2005; DfE S2S guide (via S25); "
    "domain.md §6.4",
    example="Ground I: lost-pupil CTF to XXXXXXX. Moved abroad with new address, school and "
    "receiving-school confirmation: MMMMMMM. Ground A to school 8884123: CTF to 8884123.",
    assumption="MMMMMMM (moved abroad) is a local rule seen only in Derbyshire guidance, "
    "UNCONFIRMED nationally (domain.md §13 item 5).",
    configurable="Use of MMMMMMM for confirmed moves abroad (local rule).",
)
def ctf_for_deletion(
    ground: DeletionGround, facts: DeletionFacts
) -> tuple[CtfKind, str | None, str]:
    """After a deletion the school sends the pupil's CTF within 15 school days: to the next
    school when it is known; when the pupil's destination is unknown (always for grounds H
    and I) a lost-pupil CTF to XXXXXXX, one pupil per file, uploaded to S2S; for a move
    abroad confirmed by new address, new school and the receiving school, to MMMMMMM
    (otherwise treat the child as missing: XXXXXXX). No CTF for a pupil who has died, has
    left compulsory school age, is educated otherwise than at school or is detained.

    Source: Education (Pupil Information) (England) Regs 2005; domain.md §6.4.
    """
    if ground is DeletionGround.K:
        return CtfKind.NONE, None, "No CTF: the pupil has died."
    if ground in (DeletionGround.H, DeletionGround.I):
        return CtfKind.LOST_PUPIL, LOST_PUPIL_LAESTAB, "Whereabouts unknown: lost-pupil CTF."
    if facts.moved_abroad:
        if facts.abroad_destination_confirmed:
            return CtfKind.MOVED_ABROAD, MOVED_ABROAD_LAESTAB, "Confirmed move abroad."
        return (
            CtfKind.LOST_PUPIL,
            LOST_PUPIL_LAESTAB,
            "Move abroad not confirmed (new address, new school and receiving school): treat "
            "the child as missing.",
        )
    destination = facts.destination
    if destination is not None and destination.school_name.strip():
        return (
            CtfKind.TO_NEXT_SCHOOL,
            destination.laestab.strip() or None,
            f"CTF to {destination.school_name.strip()} within 15 school days.",
        )
    if ground is DeletionGround.C:
        return (
            CtfKind.TO_NEXT_SCHOOL,
            None,
            "CTF to the school where the pupil remains registered.",
        )
    if ground in (DeletionGround.E, DeletionGround.F, DeletionGround.J, DeletionGround.L):
        return CtfKind.NONE, None, "No CTF to a school: the pupil is not moving to a school."
    return (
        CtfKind.LOST_PUPIL,
        LOST_PUPIL_LAESTAB,
        "Destination school unknown: lost-pupil CTF.",
    )


@rule(
    id="R-CME-REF",
    title="When a deletion must open a CME tracing case at the LA",
    source="EA 1996 s.436A; CME guidance (Aug 2024); seed (the five CME situations); "
    "domain.md §3 notes, §6",
    example="Ground I deletion: open a CME case. Ground G, family moved with no confirmed new "
    "school: open a CME case. Ground A with a confirmed destination: no case.",
)
def cme_case_required(ground: DeletionGround, facts: DeletionFacts) -> tuple[bool, str]:
    """The LA must open a CME tracing case when a deletion leaves a child whose whereabouts
    are unknown (grounds H and I, or an unconfirmed move abroad), a family that moved away
    with no confirmed school place (ground G), or a permanently excluded child removed from
    roll with no alternative provision in place (ground O).

    Source: EA 1996 s.436A; CME guidance (Aug 2024); seed; domain.md §6.
    """
    if ground in (DeletionGround.H, DeletionGround.I):
        return True, "Whereabouts unknown after joint enquiries: CME tracing case."
    if facts.moved_abroad:
        if facts.abroad_destination_confirmed:
            return False, ""
        return True, "Move abroad not confirmed: CME tracing case."
    confirmed = not destination_unmet(facts.destination)
    if ground is DeletionGround.G and not confirmed:
        return True, "Moved away with no confirmed school place: CME referral."
    if ground is DeletionGround.O and not (confirmed or facts.alternative_provision_in_place):
        return (
            True,
            "Removed after permanent exclusion with no alternative provision: CME referral.",
        )
    return False, ""


def decision_for(
    ground: DeletionGround,
    facts: DeletionFacts,
    deletion_date: date,
    unmet: list[str],
    notes: list[str] | None = None,
) -> DeletionDecision:
    notes = list(notes or [])
    requirement = deletion_return_requirement(
        deletion_date=deletion_date,
        in_most_senior_class=facts.in_most_senior_class,
        last_term_end=facts.last_term_end,
    )
    fields = (
        deletion_return_fields(
            future_address_recorded=facts.future_address_recorded,
            destination_recorded=facts.destination is not None,
        )
        if requirement.required
        else ()
    )
    ctf, ctf_destination, ctf_note = ctf_for_deletion(ground, facts)
    open_case, case_note = cme_case_required(ground, facts)
    notes += [requirement.reason, ctf_note]
    if case_note:
        notes.append(case_note)
    return DeletionDecision(
        ground=ground,
        allowed=not unmet,
        unmet=tuple(unmet),
        joint_enquiries_required=ground in (DeletionGround.H, DeletionGround.I),
        deletion_return_due=requirement.required,
        deletion_return_due_by=requirement.due_by,
        deletion_return_fields=fields,
        ctf=ctf,
        ctf_destination=ctf_destination,
        open_cme_case=open_case,
        notes=tuple(notes),
    )
