"""The deletion return to the local authority (Regs 2024 reg 13(4)-(6)).

Source: Regs 2024 reg 13(4)-(6) (S5 fields (a)-(e); S10 for 13(5)); 2016 predecessor (S12);
domain.md §4.2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from onroll.rules.catalogue import rule

__all__ = [
    "DeletionReturnRecord",
    "DeletionReturnRequirement",
    "MissingField",
    "ParentContact",
    "ReturnField",
    "deletion_return_fields",
    "deletion_return_requirement",
    "missing_deletion_return_fields",
]


class ReturnField(StrEnum):
    """Fields of the deletion return, lettered as in reg 13(4)."""

    FULL_NAME = "a"
    ADDRESS = "b"
    PARENTS = "c"
    EMERGENCY_PHONES = "d"
    FUTURE_ADDRESS = "e"
    DESTINATION_SCHOOL = "f"
    GROUND = "g"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def numbering_confirmed(self) -> bool:
        """Whether the letter is confirmed in the 2024 text ((f) and (g) are not)."""
        return self not in (ReturnField.DESTINATION_SCHOOL, ReturnField.GROUND)


_LABELS = {
    ReturnField.FULL_NAME: "(a) the pupil's full name",
    ReturnField.ADDRESS: "(b) the pupil's address",
    ReturnField.PARENTS: "(c) full name and address of each parent the pupil normally lives with",
    ReturnField.EMERGENCY_PHONES: "(d) at least one emergency telephone number for each such "
    "parent",
    ReturnField.FUTURE_ADDRESS: "(e) the future address information under reg 8(3), if recorded",
    ReturnField.DESTINATION_SCHOOL: "(f) [numbering UNCONFIRMED] the destination school (name; "
    "date first attended or due to start), if recorded",
    ReturnField.GROUND: "(g) [numbering UNCONFIRMED] the ground of deletion",
}


@dataclass(frozen=True)
class DeletionReturnRequirement:
    required: bool
    due_by: date | None  # no later than the deletion itself
    reason: str


@rule(
    id="R-RET-DEL",
    title="Deletion return: required unless a final-year end-of-year leaver",
    source="Regs 2024 reg 13(4)-(6); domain.md §4.2 (S5, S10, S12)",
    example="Y11 pupil deleted on 17 Jul 2026, the last day of the summer term: exempt. "
    "Y10 pupil deleted on 17 Jul 2026: return due no later than 17 Jul 2026.",
    assumption="Timing 'no later than deletion' is the 2016 rule; the 2024 equivalent (believed "
    "13(6)) is UNCONFIRMED.",
)
def deletion_return_requirement(
    *,
    deletion_date: date,
    in_most_senior_class: bool,
    last_term_end: date | None,
) -> DeletionReturnRequirement:
    """Every deletion from the admission register needs a deletion return to the LA, made as
    soon as the ground is met and no later than the deletion, except a deletion at or after
    the end of the last term of the school year in which the pupil is in the school's most
    senior class (reg 13(5)).

    Source: Regs 2024 reg 13(4)-(6); domain.md §4.2.
    """
    if in_most_senior_class and last_term_end is not None and deletion_date >= last_term_end:
        return DeletionReturnRequirement(
            required=False,
            due_by=None,
            reason="Exempt (reg 13(5)): most senior class, deleted at or after the end of the "
            "last term of the school year.",
        )
    return DeletionReturnRequirement(
        required=True,
        due_by=deletion_date,
        reason=f"Deletion return due no later than the deletion ({deletion_date.isoformat()}).",
    )


def deletion_return_fields(
    *, future_address_recorded: bool, destination_recorded: bool
) -> tuple[ReturnField, ...]:
    """The fields the return must carry: (a)-(d) and (g) always; (e) and (f) when recorded."""
    fields = [
        ReturnField.FULL_NAME,
        ReturnField.ADDRESS,
        ReturnField.PARENTS,
        ReturnField.EMERGENCY_PHONES,
    ]
    if future_address_recorded:
        fields.append(ReturnField.FUTURE_ADDRESS)
    if destination_recorded:
        fields.append(ReturnField.DESTINATION_SCHOOL)
    fields.append(ReturnField.GROUND)
    return tuple(fields)


@dataclass(frozen=True)
class ParentContact:
    full_name: str = ""
    address: str = ""
    emergency_phones: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeletionReturnRecord:
    """What the school holds for the return (blank strings mean not recorded)."""

    full_name: str = ""
    address: str = ""
    parents_lived_with: tuple[ParentContact, ...] = ()
    future_address_recorded: bool = False
    future_address: str = ""
    future_address_parent: str = ""
    future_address_from: date | None = None
    destination_recorded: bool = False
    destination_school: str = ""
    destination_start: date | None = None
    ground: str = ""


@dataclass(frozen=True)
class MissingField:
    field: ReturnField
    detail: str


def _blank(value: str) -> bool:
    return not value.strip()


@rule(
    id="R-RET-DEL-FIELDS",
    title="Deletion return: which required fields are missing",
    source="Regs 2024 reg 13(4)(a)-(g); reg 8(3); domain.md §4.2-§4.3",
    example="A record with no emergency number for the mother the pupil lives with is missing (d).",
    assumption="Letters (f) and (g) are UNCONFIRMED in the 2024 text (domain.md §13 item 2).",
)
def missing_deletion_return_fields(record: DeletionReturnRecord) -> tuple[MissingField, ...]:
    """A deletion return must carry the pupil's full name and address, the full name and
    address of each parent the pupil normally lives with, at least one emergency telephone
    number for each of them, the future-address details and the destination school when the
    register records them, and the ground of deletion; this lists every one that is missing.

    Source: Regs 2024 reg 13(4); domain.md §4.2.
    """
    missing: list[MissingField] = []
    if _blank(record.full_name):
        missing.append(MissingField(ReturnField.FULL_NAME, "The pupil's full name is missing."))
    if _blank(record.address):
        missing.append(MissingField(ReturnField.ADDRESS, "The pupil's address is missing."))
    if not record.parents_lived_with:
        missing.append(
            MissingField(
                ReturnField.PARENTS, "No parent the pupil normally lives with is recorded."
            )
        )
    for number, parent in enumerate(record.parents_lived_with, start=1):
        who = parent.full_name.strip() or f"parent {number}"
        if _blank(parent.full_name):
            missing.append(MissingField(ReturnField.PARENTS, f"Parent {number}'s name is missing."))
        if _blank(parent.address):
            missing.append(MissingField(ReturnField.PARENTS, f"{who}'s address is missing."))
        if not any(phone.strip() for phone in parent.emergency_phones):
            missing.append(
                MissingField(
                    ReturnField.EMERGENCY_PHONES, f"{who} has no emergency telephone number."
                )
            )
    if record.future_address_recorded and (
        _blank(record.future_address)
        or _blank(record.future_address_parent)
        or record.future_address_from is None
    ):
        missing.append(
            MissingField(
                ReturnField.FUTURE_ADDRESS,
                "Future address recorded but incomplete (need parent's name, the address and "
                "the date from which the pupil will live there).",
            )
        )
    if record.destination_recorded and (
        _blank(record.destination_school) or record.destination_start is None
    ):
        missing.append(
            MissingField(
                ReturnField.DESTINATION_SCHOOL,
                "Destination school recorded but incomplete (need its name and the date the "
                "pupil first attended or is due to start).",
            )
        )
    if _blank(record.ground):
        missing.append(MissingField(ReturnField.GROUND, "The ground of deletion is missing."))
    return tuple(missing)
