"""Records of the school side for the fixed cast, made through the services (idempotent), so
the URL sweep and the tests can point at something that belongs to Lancashire."""

from __future__ import annotations

from datetime import date, timedelta

from onroll.registers.factories import RegistrationFactory
from onroll.registers.models import Exclusion, LaReturn, Move, Placement, Registration
from onroll.registers.placements import exclusion_record
from onroll.registers.referrals import move_record
from onroll.registers.returns import la_return_due
from onroll.schools.factories import ClosureFactory, TermFactory
from tests.conftest import Cast

TODAY = date(2026, 11, 25)


def pru_registration(cast: Cast) -> Registration:
    return cast.pru_child.registrations.get(school=cast.pru)


def hawthorn_registration(cast: Cast) -> Registration:
    return cast.hawthorn_child.registrations.get(school=cast.hawthorn)


def exclusion(cast: Cast) -> Exclusion:
    found = Exclusion.objects.filter(child=cast.hawthorn_child).first()
    if found is not None:
        return found
    return exclusion_record(
        registration=hawthorn_registration(cast),
        first_day=date(2026, 11, 23),
        pru=cast.pru,
        today=TODAY,
        acting_user=cast.bob,
    )


def placement(cast: Cast) -> Placement:
    found = exclusion(cast).placement
    assert isinstance(found, Placement)
    return found


def move(cast: Cast) -> Move:
    found = Move.objects.filter(child=cast.pru_child).first()
    if found is not None:
        return found
    return move_record(
        child=cast.pru_child,
        school=cast.pru,
        parent_name="Pat Dewhurst",
        move_on=date(2026, 12, 18),
        acting_user=cast.alice,
    )


def la_return(cast: Cast) -> LaReturn:
    return la_return_due(
        school=cast.pru,
        child=cast.pru_child,
        kind="new_pupil",
        due_on=date(2026, 12, 1),
        registration=pru_registration(cast),
    )


TERMS = (  # named by the season and year they start in
    (date(2025, 9, 3), date(2025, 12, 19)),
    (date(2026, 1, 5), date(2026, 3, 27)),
    (date(2026, 4, 13), date(2026, 7, 21)),
    (date(2026, 9, 3), date(2026, 12, 18)),
    (date(2027, 1, 5), date(2027, 3, 26)),
    (date(2027, 4, 12), date(2027, 7, 21)),
)
HALF_TERMS = (
    (date(2026, 10, 26), date(2026, 10, 30)),
    (date(2027, 2, 15), date(2027, 2, 19)),
)
BANK_HOLIDAYS_IN_TERM = (date(2026, 5, 4), date(2027, 5, 3))


def with_calendar(cast: Cast) -> None:
    """Lancashire's demo term dates, so school days can be counted."""
    for first, last in TERMS:
        TermFactory(local_authority=cast.lancashire, first_day=first, last_day=last)
    days = list(BANK_HOLIDAYS_IN_TERM)
    for first, last in HALF_TERMS:
        days += [first + timedelta(days=n) for n in range((last - first).days + 1)]
    for day in days:
        ClosureFactory(local_authority=cast.lancashire, date=day)


def pru_single_child(cast: Cast) -> Registration:
    """A pupil on the Short Stay School's roll only (single registration), no UPN yet."""
    return RegistrationFactory(
        school=cast.pru,
        starting_day=date(2025, 9, 3),
        child__legal_forename="Ruby",
        child__legal_surname="Clegg",
        child__date_of_birth=date(2012, 2, 2),
        child__sex="F",
        child__upn="",
        child__home__address__line_1="5 Mill Lane",
        child__home__address__town="Chorley",
        child__home__address__postcode="PR7 1AA",
        child__carer_link__carer__forename="Sam",
        child__carer_link__carer__phone="",
        child__carer_link__carer__emergency_phone="01257 000000",
        child__carer_link__relationship="Father",
    )
