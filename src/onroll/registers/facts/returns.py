"""What a return to the LA carries: the deletion return (reg 13(4)) and the admission
register's contents for the other returns (reg 13)."""

from __future__ import annotations

from typing import Any

from onroll.registers.facts.child import child_details
from onroll.registers.models import LaReturn, Registration, ReturnKind
from onroll.registers.selectors import last_move_from_school, latest_leaving
from onroll.rules.deletion_return import DeletionReturnRecord, ParentContact

#: How a statement the school made, not a record Onroll holds, begins (grounds H and I).
DECLARED = "Declared by the school:"


def deletion_return_record(registration: Registration, ground: str) -> DeletionReturnRecord:
    """What the register holds for the deletion return (reg 13(4) (a)-(g))."""
    child = registration.child
    current = child.current_address()
    address = str(current.address) if current else ""
    parents = []
    for link in child.carer_links.select_related("carer", "carer__address"):
        if not link.lives_with:
            continue
        carer = link.carer
        parents.append(
            ParentContact(
                full_name=f"{carer.forename} {carer.surname}",
                address=str(carer.address) if carer.address else address,
                emergency_phones=tuple(p for p in (carer.emergency_phone, carer.phone) if p),
            )
        )
    move = last_move_from_school(registration)
    leaving = latest_leaving(registration)
    destination = leaving.destination_school if leaving else ""
    return DeletionReturnRecord(
        full_name=child.full_legal_name,
        address=address,
        parents_lived_with=tuple(parents),
        future_address_recorded=move is not None,
        future_address=move.future_address if move else "",
        future_address_parent=move.parent_name if move else "",
        future_address_from=move.move_on if move else None,
        destination_recorded=bool(destination),
        destination_school=destination,
        destination_start=(leaving.destination_start_on or leaving.confirmed_on)
        if leaving
        else None,
        ground=ground,
    )


def deletion_return_content(registration: Registration) -> dict[str, Any]:
    """The deletion return as sent to the LA: every field, lettered as in reg 13(4)."""
    record = deletion_return_record(registration, registration.deletion_ground)
    leaving = latest_leaving(registration)
    return {
        "a_full_name": record.full_name,
        "b_address": record.address,
        "c_parents": [
            {"name": p.full_name, "address": p.address} for p in record.parents_lived_with
        ],
        "d_emergency_phones": [
            {"name": p.full_name, "phones": list(p.emergency_phones)}
            for p in record.parents_lived_with
        ],
        "e_future_address": {
            "parent": record.future_address_parent,
            "address": record.future_address,
            "from": record.future_address_from.isoformat() if record.future_address_from else "",
        }
        if record.future_address_recorded
        else None,
        "f_destination_school": {
            "name": record.destination_school,
            "start": record.destination_start.isoformat() if record.destination_start else "",
        }
        if record.destination_recorded
        else None,
        "g_ground": record.ground,
        "date_of_birth": registration.child.date_of_birth.isoformat(),
        "upn": registration.child.upn,
        "school": registration.school.name,
        "deleted_on": registration.deleted_on.isoformat() if registration.deleted_on else "",
        "declared_by_school": [n for n in leaving.decision_notes if n.startswith(DECLARED)]
        if leaving
        else [],
    }


def deletion_return_of(la_return: LaReturn) -> dict[str, Any] | None:
    """The deletion return's content when ``la_return`` is one, else None."""
    if la_return.kind == ReturnKind.DELETION and la_return.registration is not None:
        return deletion_return_content(la_return.registration)
    return None


def la_return_content(la_return: LaReturn) -> dict[str, Any]:
    """Everything ``la_return`` carries to the LA: the deletion return, or the admission
    register's contents only (reg 13: no safeguarding)."""
    deletion = deletion_return_of(la_return)
    if deletion is not None:
        return deletion
    details = child_details(la_return.child)
    details.pop("safeguarding")
    if la_return.registration is not None:
        details["starting_day"] = la_return.registration.starting_day.isoformat()
        details["kind"] = la_return.registration.get_kind_display()
    return details
