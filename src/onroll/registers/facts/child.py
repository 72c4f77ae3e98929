"""What a referral to the LA carries about the child and family, from the record."""

from __future__ import annotations

from typing import Any

from onroll.people.models import Child


def child_details(child: Child) -> dict[str, Any]:
    """What a referral to the LA carries about the child and family, from the record.

    ``safeguarding`` (risk groups, social worker, plans) is for the LA's CME team, whose roles
    may see it (the seed: a social worker informs the LA's decision); school pages never
    display it to roles that may not."""
    current = child.current_address()
    carers = [
        {
            "name": f"{link.carer.forename} {link.carer.surname}",
            "relationship": link.relationship,
            "lives_with": link.lives_with,
            "phone": link.carer.phone,
            "emergency_phone": link.carer.emergency_phone,
        }
        for link in child.carer_links.select_related("carer")
    ]
    registrations = [
        {
            "school": r.school.name,
            "laestab": r.school.laestab,
            "kind": r.get_kind_display(),
            "starting_day": r.starting_day.isoformat(),
            "deleted_on": r.deleted_on.isoformat() if r.deleted_on else "",
            "ground": r.deletion_ground,
        }
        for r in child.registrations.select_related("school")
    ]
    moves = [
        {
            "future_address": m.future_address,
            "move_on": m.move_on.isoformat(),
            "intended_school": m.intended_school,
            "intended_la": m.intended_la,
        }
        for m in child.moves.all()
    ]
    return {
        "legal_name": child.full_legal_name,
        "other_names": child.other_names,
        "date_of_birth": child.date_of_birth.isoformat(),
        "sex": child.get_sex_display(),
        "upn": child.upn,
        "address": str(current.address) if current else "",
        "carers": carers,
        "registrations": registrations,
        "moves": moves,
        "ehc_plan": child.ehc_plan,
        "safeguarding": {
            "risk_factors": list(child.risk_factors),
            "social_worker": ", ".join(
                p
                for p in (
                    child.social_worker_name,
                    child.social_worker_team,
                    child.social_worker_phone,
                )
                if p
            ),
            "child_protection_plan": child.child_protection_plan,
            "child_in_need": child.child_in_need,
            "looked_after": child.looked_after,
        },
    }
