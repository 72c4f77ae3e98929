"""The school side's demo: pupils at the Short Stay School and Hawthorn Lane at every stage of
the procedure, one child per journey so demonstrations (and browser tests) do not collide.

Idempotent: each child is found by UPN; a child that exists is left as it is. Dates are set
from ``today`` on the school calendar, so the demo is always "live".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from onroll.accounts.models import User
from onroll.people.models import Address, Carer, Child, ChildAddress, ChildCarer, Sex
from onroll.registers.leaving import leaving_destination_record, leaving_start
from onroll.registers.models import (
    Placement,
    PlacementAim,
    PlacementKind,
    PlacementStatus,
    Registration,
    RegistrationKind,
)
from onroll.registers.placements import (
    exclusion_event_record,
    exclusion_record,
    placement_put_on_roll,
)
from onroll.registers.referrals import move_record
from onroll.rules.exclusions import ReviewEvent
from onroll.rules.upn import upn_check_letter
from onroll.schools.selectors import school_calendar


@dataclass(frozen=True)
class DemoChild:
    key: str
    forename: str
    surname: str
    sex: str
    age: int
    serial: int
    story: str


#: One child per journey; the browser tests find them by these names.
CHILDREN = (
    DemoChild("pex_waiting", "Jayden", "Roscoe", Sex.MALE, 13, 901, "excluded, day 6 due"),
    DemoChild("pex_review", "Tyler", "Hesketh", Sex.MALE, 14, 902, "excluded, review running"),
    DemoChild("leaver_known", "Sophie", "Marsden", Sex.FEMALE, 12, 903, "leaving, new school"),
    DemoChild("leaver_unknown", "Mason", "Cowell", Sex.MALE, 13, 904, "leaving, no destination"),
    DemoChild("moving", "Lily", "Catterall", Sex.FEMALE, 11, 905, "family moving area"),
    DemoChild("cmooe", "Ellie", "Bamber", Sex.FEMALE, 14, 906, "part-time timetable"),
    DemoChild("referral", "Noah", "Tomlinson", Sex.MALE, 12, 907, "referral placement"),
    DemoChild("move_unknown", "Reuben", "Ainsworth", Sex.MALE, 12, 908, "moving, unknown"),
    DemoChild("pex_bad", "Callum", "Fazackerley", Sex.MALE, 14, 909, "excluded, for refusals"),
)


def demo_upn(serial: int) -> str:
    body = f"8881100{26:02d}{serial:03d}"
    return upn_check_letter(body) + body


def _child(spec: DemoChild, today: date) -> tuple[Child, bool]:
    existing = Child.objects.filter(upn=demo_upn(spec.serial)).first()
    if existing is not None:
        return existing, False
    child = Child.objects.create(
        legal_forename=spec.forename,
        legal_surname=spec.surname,
        date_of_birth=date(today.year - spec.age, 3 + spec.serial % 9, 1 + spec.serial % 27),
        sex=spec.sex,
        upn=demo_upn(spec.serial),
    )
    address = Address.objects.create(
        line_1=f"{spec.serial - 880} Weavers Row", town="Preston", postcode="PR1 4QT"
    )
    ChildAddress.objects.create(child=child, address=address, from_date=date(today.year - 4, 4, 1))
    carer = Carer.objects.create(
        forename="Jo",
        surname=spec.surname,
        phone=f"07700 900{spec.serial}",
        emergency_phone=f"01772 555{spec.serial}",
        address=address,
    )
    ChildCarer.objects.create(child=child, carer=carer, relationship="Mother", lives_with=True)
    return child, True


def _register(child: Child, school: Any, kind: str, start: date, year: int) -> Registration:
    return Registration.objects.create(
        child=child,
        school=school,
        kind=kind,
        starting_day=start,
        national_curriculum_year=year,
    )


def load_school_demo(today: date, orgs: dict[str, Any]) -> None:
    """Add the school side's demo pupils (once)."""
    pru, hawthorn = orgs["8881100"], orgs["8884101"]
    pru_user = User.objects.get(username="pru.admissions")
    hawthorn_user = User.objects.get(username="hawthorn.admissions")
    calendar = school_calendar(pru)
    last_school_day = calendar.school_day_on_or_before(today)
    year_start = date(today.year if today.month >= 9 else today.year - 1, 9, 3)

    def back(days: int) -> date:
        return calendar.add_school_days(last_school_day, -days)

    for spec in CHILDREN:
        child, created = _child(spec, today)
        if not created:
            continue
        year = spec.age - 5
        if spec.key in ("pex_waiting", "pex_review", "pex_bad"):
            main = _register(child, hawthorn, RegistrationKind.SINGLE, year_start, year)
            first_day = back(2) if spec.key == "pex_waiting" else back(25)
            exclusion = exclusion_record(
                registration=main,
                first_day=first_day,
                pru=pru,
                today=today,
                acting_user=hawthorn_user,
                reason="Persistent disruptive behaviour (demo)",
            )
            if spec.key == "pex_waiting":
                continue
            placement = Placement.objects.get(exclusion=exclusion)
            placement_put_on_roll(
                placement=placement,
                starting_day=calendar.nth_school_day(first_day, 5),
                today=today,
                acting_user=pru_user,
                national_curriculum_year=year,
            )
            for event, on in (
                (ReviewEvent.BOARD_NOTIFIED, first_day),
                (ReviewEvent.BOARD_DECLINED, back(3)),
            ):
                exclusion_event_record(
                    exclusion=exclusion,
                    event=event,
                    occurred_on=on,
                    today=today,
                    acting_user=hawthorn_user,
                )
        elif spec.key == "referral":
            _register(child, hawthorn, RegistrationKind.DUAL_MAIN, year_start, year)
            start = back(30)
            registration = _register(child, pru, RegistrationKind.DUAL_SUBSIDIARY, start, year)
            Placement.objects.create(
                child=child,
                school=pru,
                kind=PlacementKind.REFERRAL,
                home_school=hawthorn,
                status=PlacementStatus.ON_ROLL,
                registration=registration,
                on_roll_on=start,
                aim=PlacementAim.RETURN_TO_SCHOOL,
                next_review_on=today + timedelta(days=10),
            )
        else:
            registration = _register(
                child, pru, RegistrationKind.SINGLE, year_start - timedelta(days=200), year
            )
            if spec.key == "leaver_known":
                leaving = leaving_start(
                    registration=registration,
                    expected_leaving_on=today + timedelta(days=7),
                    reason="Family chose Cotton Mill Academy after reintegration planning",
                    today=today,
                    acting_user=pru_user,
                )
                leaving_destination_record(
                    leaving=leaving,
                    school="Cotton Mill Academy",
                    laestab="8884102",
                    la="Lancashire",
                    today=today,
                    acting_user=pru_user,
                )
            elif spec.key == "leaver_unknown":
                leaving_start(
                    registration=registration,
                    expected_leaving_on=today + timedelta(days=3),
                    reason="Mother says the family is leaving Preston; no school named",
                    destination_unknown=True,
                    today=today,
                    acting_user=pru_user,
                )
            elif spec.key in ("moving", "move_unknown"):
                known = spec.key == "moving"
                move_record(
                    child=child,
                    school=pru,
                    parent_name=f"Jo {spec.surname}",
                    line_1="14 Harbour Street" if known else "",
                    town="Whitby" if known else "",
                    postcode="YO21 3PR" if known else "",
                    move_on=back(1),
                    intended_school="Whitby Community College" if known else "",
                    intended_la="North Yorkshire Council" if known else "",
                    acting_user=pru_user,
                )
