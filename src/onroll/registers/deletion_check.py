"""The "check your answers" step before a pupil is removed from the admission register: what
the deletion will do, read and changed nothing, so the school confirms a deliberate act.

The answers travel from the check page to the confirmation signed (``answers_token``), bound to
the registration, so the final POST carries exactly what was checked and is validated again
from scratch; a POST that did not come from the check page is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core import signing

from onroll.registers.facts.deletion import Attestation, declarations
from onroll.registers.leaving import deletion_accepted
from onroll.registers.models import Registration
from onroll.registers.selectors import other_current_registrations, pending_leaving
from onroll.rules.deletion_facts import CtfKind

CHECK_MAX_AGE_SECONDS = 60 * 60
NOT_CHECKED = (
    "Check your answers before removing the pupil from the register: nothing has been changed"
)


@dataclass(frozen=True)
class DeletionCheck:
    """What the check page states: the pupil, the ground in words with its regulation, the
    date, the destination (or that it is unknown and what follows) and who will be told."""

    child_name: str
    school_name: str
    ground: str
    ground_label: str
    regulation: str
    deletion_date: date
    destination: str
    destination_unknown: bool
    cme_notification: bool
    la_team: str
    deletion_return_due: bool
    other_schools: tuple[str, ...]
    ctf: str
    declared: tuple[str, ...] = ()


def _salt(registration: Registration) -> str:
    return f"onroll.registers.delete.{registration.pk}"


def answers_token(registration: Registration, answers: dict[str, list[str]]) -> str:
    """The answers as the check page hands them to the confirmation, signed for this
    registration."""
    return signing.dumps(answers, salt=_salt(registration), compress=True)


def answers_from_token(registration: Registration, token: str) -> dict[str, list[str]] | None:
    """The answers a check page signed for this registration (within the hour), else None."""
    try:
        answers = signing.loads(token, salt=_salt(registration), max_age=CHECK_MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    return answers if isinstance(answers, dict) else None


def _ctf_words(kind: CtfKind, destination: str | None) -> str:
    if kind is CtfKind.TO_NEXT_SCHOOL:
        return f"The common transfer file goes to the next school ({destination})"
    if kind is CtfKind.LOST_PUPIL:
        return "A lost-pupil common transfer file (XXXXXXX) goes to the School to School service"
    if kind is CtfKind.MOVED_ABROAD:
        return "A common transfer file for a pupil moved abroad (MMMMMMM) is owed"
    return "No common transfer file is owed"


def deletion_check(
    *,
    registration: Registration,
    ground: str | None,
    deletion_date: date,
    attestation: Attestation,
    today: date,
) -> DeletionCheck:
    """What confirming would do; ``DeletionRefused`` (every unmet precondition) when the rules
    would refuse it, exactly as the deletion itself would."""
    decision = deletion_accepted(
        registration=registration,
        ground=ground,
        deletion_date=deletion_date,
        attestation=attestation,
        today=today,
    )
    assert decision.ground is not None  # deletion_accepted refuses a decision without one
    leaving = pending_leaving(registration)
    destination = (leaving.destination_school if leaving else "").strip()
    la = registration.school.local_authority
    return DeletionCheck(
        child_name=registration.child.full_name,
        school_name=registration.school.name,
        ground=decision.ground.value,
        ground_label=decision.ground.label,
        regulation=f"Regulation 9(1)({decision.ground.value.lower()}) of the School Attendance "
        "(Pupil Registration) (England) Regulations 2024",
        deletion_date=deletion_date,
        destination=destination,
        destination_unknown=not destination,
        cme_notification=decision.open_cme_case,
        la_team=f"{la.name}'s {la.cme_team_name}",
        deletion_return_due=decision.deletion_return_due,
        other_schools=tuple(r.school.name for r in other_current_registrations(registration)),
        ctf=_ctf_words(decision.ctf, decision.ctf_destination),
        declared=tuple(declarations(registration, attestation, ground=decision.ground.value)),
    )


def posted_answers(data: Any) -> dict[str, list[str]]:
    """The deletion form's answers from a POST (without the token, the confirmation or the
    CSRF token), as lists so a form can be bound to them again."""
    skip = {"csrfmiddlewaretoken", "confirmed", "answers"}
    return {k: data.getlist(k) for k in data if k not in skip}
