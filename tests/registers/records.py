"""Records of the school side for the fixed cast, made through the services (idempotent), so
the URL sweep and the tests can point at something that belongs to Lancashire."""

from __future__ import annotations

from datetime import date, timedelta

from onroll.registers.models import Exclusion, LaReturn, Move, Placement, Registration
from onroll.registers.placements import exclusion_record
from onroll.registers.referrals import move_record
from onroll.registers.returns import la_return_due
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


TERMS = (
    ("Autumn 2025", date(2025, 9, 3), date(2025, 12, 19)),
    ("Spring 2026", date(2026, 1, 5), date(2026, 3, 27)),
    ("Summer 2026", date(2026, 4, 13), date(2026, 7, 21)),
    ("Autumn 2026", date(2026, 9, 3), date(2026, 12, 18)),
    ("Spring 2027", date(2027, 1, 5), date(2027, 3, 26)),
    ("Summer 2027", date(2027, 4, 12), date(2027, 7, 21)),
)
HALF_TERMS = (
    (date(2026, 10, 26), date(2026, 10, 30)),
    (date(2027, 2, 15), date(2027, 2, 19)),
)
BANK_HOLIDAYS_IN_TERM = (date(2026, 5, 4), date(2027, 5, 3))


def with_calendar(cast: Cast) -> None:
    """Lancashire's demo term dates, so school days can be counted."""
    from onroll.schools.models import Closure, Term

    for name, first, last in TERMS:
        Term.objects.get_or_create(
            local_authority=cast.lancashire,
            school=None,
            first_day=first,
            defaults={"name": name, "last_day": last},
        )
    days = list(BANK_HOLIDAYS_IN_TERM)
    for first, last in HALF_TERMS:
        days += [first + timedelta(days=n) for n in range((last - first).days + 1)]
    for day in days:
        Closure.objects.get_or_create(
            local_authority=cast.lancashire, school=None, date=day, defaults={"kind": "closure"}
        )


def pru_single_child(cast: Cast) -> Registration:
    """A pupil on the Short Stay School's roll only (single registration)."""
    from onroll.people.models import Address, Carer, Child, ChildAddress, ChildCarer

    child = Child.objects.create(
        legal_forename="Ruby", legal_surname="Clegg", date_of_birth=date(2012, 2, 2), sex="F"
    )
    address = Address.objects.create(line_1="5 Mill Lane", town="Chorley", postcode="PR7 1AA")
    ChildAddress.objects.create(child=child, address=address, from_date=date(2020, 1, 1))
    carer = Carer.objects.create(forename="Sam", surname="Clegg", emergency_phone="01257 000000")
    ChildCarer.objects.create(child=child, carer=carer, relationship="Father")
    return Registration.objects.create(
        child=child, school=cast.pru, kind="C", starting_day=date(2025, 9, 3)
    )
