"""What the admission register knows about a child, for the child's pages (registered in
``RegistersConfig.ready`` through ``onroll.core.registry.CHILD_SECTIONS``).

On the school's record: whether the child is on this school's roll (caption), the register
actions (buttons), and the registrations, placements, exclusions, family moves and returns to
the LA. On every staff member's summary and on the chronology: the registrations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from onroll.core.registry import ChildPage, ChildSection
from onroll.registers.selectors import (
    exclusions_for_user,
    moves_for_user,
    placements_for_user,
    returns_for_user,
)

if TYPE_CHECKING:
    from onroll.accounts.models import User
    from onroll.people.models import Child


def register_sections(user: User, child: Child, page: ChildPage) -> list[ChildSection]:
    if page == "summary":
        registrations = list(child.registrations.select_related("school").order_by("-starting_day"))
        return [
            ChildSection("registers/_child_registrations.html", {"registrations": registrations})
        ]
    if page == "chronology":
        registrations = list(child.registrations.select_related("school").order_by("starting_day"))
        return [ChildSection("registers/_child_chronology.html", {"registrations": registrations})]
    return _record_sections(user, child)


def _record_sections(user: User, child: Child) -> list[ChildSection]:
    """The school's record: everything scoped to the user's school except the list of the
    child's registrations, which shows every school the child has been on the roll of."""
    school = user.school
    if school is None:
        return []
    registrations = list(child.registrations.select_related("school").order_by("-starting_day"))
    here = next(
        (r for r in registrations if r.school_id == school.pk and r.deleted_on is None), None
    )
    exclusions = list(exclusions_for_user(user).filter(child=child))
    status = {"here": here, "school": school}
    return [
        ChildSection("registers/_child_status.html", status, slot="caption"),
        ChildSection(
            "registers/_child_actions.html",
            {**status, "may_exclude": not school.is_pru and not exclusions},
            slot="actions",
        ),
        ChildSection(
            "registers/_child_record.html",
            {
                "school": school,
                "registrations": registrations,
                "placements": list(placements_for_user(user).filter(child=child)),
                "exclusions": exclusions,
                "moves": list(moves_for_user(user).filter(child=child)),
                "returns": list(returns_for_user(user).filter(child=child)),
            },
            order=10,
        ),
    ]
