"""A leaver's destination and the leaver check's facts, from the leaving and moves records."""

from __future__ import annotations

from onroll.registers.models import Leaving, Registration
from onroll.registers.selectors import moves_from_school
from onroll.rules.placements import DestinationConfirmation, LeaverFacts


def destination_of(leaving: Leaving | None) -> DestinationConfirmation | None:
    """The destination the school recorded, as the engine's ``DestinationConfirmation``."""
    if leaving is None or not leaving.destination_school.strip():
        return None
    return DestinationConfirmation(
        school_name=leaving.destination_school,
        laestab=leaving.destination_laestab,
        confirmed_by=leaving.confirmed_by,
        confirmed_how=leaving.confirmed_how,
        confirmed_on=leaving.confirmed_on,
        on_roll_from=leaving.destination_start_on,
    )


def leaver_facts(registration: Registration, leaving: Leaving) -> LeaverFacts:
    """What the leaver check needs: the destination, and any move the school recorded."""
    moves = moves_from_school(registration)
    return LeaverFacts(
        destination=destination_of(leaving),
        moving_area=bool(moves),
        new_school_known=any(m.intended_school for m in moves),
        new_la_known=any(m.intended_la for m in moves),
    )
