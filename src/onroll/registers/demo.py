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
from onroll.people.factories import AddressFactory, upn_for
from onroll.people.models import Child, Sex
from onroll.registers.factories import RegistrationFactory
from onroll.registers.leaving import leaving_destination_record, leaving_start
from onroll.registers.models import (
    Exclusion,
    Move,
    Placement,
    PlacementAim,
    PlacementKind,
    PlacementStatus,
    Registration,
    RegistrationKind,
)
from onroll.registers.placements import (
    exclusion_event_record,
    exclusion_pat_direction_record,
    exclusion_record,
    placement_put_on_roll,
)
from onroll.registers.referrals import move_record
from onroll.rules.exclusions import ReviewEvent
from onroll.schools.selectors import school_calendar


@dataclass(frozen=True)
class DemoChild:
    key: str
    forename: str
    surname: str
    sex: str
    age: int
    serial: int


#: The two leavers are new children (single registration at the Short Stay School); the other
#: stories use the foundation's demo children (see ``load_school_demo``), keeping the demo
#: population at about 80.
LEAVERS = (
    DemoChild("leaver_known", "Sophie", "Marsden", Sex.FEMALE, 12, 903),
    DemoChild("leaver_unknown", "Mason", "Cowell", Sex.MALE, 13, 904),
)
PEX_WAITING = "Demo: excluded two school days ago; day 6 is coming"
PEX_REVIEW = "Demo: excluded five weeks ago; the review is in the IRP window"
PEX_ENDED = "Demo: excluded eight weeks ago; review ended, Pupil Access Team directed removal"


def demo_upn(serial: int) -> str:
    return upn_for("8881100", 2026, serial)


def _leaver(spec: DemoChild, pru: Any, today: date) -> Registration | None:
    """A new pupil on the Short Stay School's roll only, living with their mother; ``None``
    when the demo made them before."""
    if Child.objects.filter(upn=demo_upn(spec.serial)).exists():
        return None
    address = AddressFactory.create(line_1=f"{spec.serial - 880} Weavers Row", postcode="PR1 4QT")
    year_start = date(today.year if today.month >= 9 else today.year - 1, 9, 3)
    return RegistrationFactory.create(
        school=pru,
        starting_day=year_start - timedelta(days=200),
        national_curriculum_year=spec.age - 5,
        child__legal_forename=spec.forename,
        child__legal_surname=spec.surname,
        child__date_of_birth=date(today.year - spec.age, 3 + spec.serial % 9, 1 + spec.serial % 27),
        child__sex=spec.sex,
        child__upn=demo_upn(spec.serial),
        child__home__address=address,
        child__home__from_date=date(today.year - 4, 4, 1),
        child__carer_link__carer__forename="Jo",
        child__carer_link__carer__phone=f"07700 900{spec.serial}",
        child__carer_link__carer__emergency_phone=f"01772 555{spec.serial}",
        child__carer_link__carer__address=address,
    )


def _free_pupils(school: Any, kind: str, today: date) -> list[Registration]:
    """Current secondary-age pupils of ``school`` with no school-side story yet, by UPN."""
    taken = set(Placement.objects.values_list("child_id", flat=True))
    taken |= set(Exclusion.objects.values_list("child_id", flat=True))
    taken |= set(Move.objects.values_list("child_id", flat=True))
    found = (
        Registration.objects.filter(school=school, kind=kind, deleted_on__isnull=True)
        .filter(child__date_of_birth__lte=date(today.year - 12, 1, 1))
        .filter(child__date_of_birth__gte=date(today.year - 15, 9, 2))
        .select_related("child")
        .order_by("child__upn")
    )
    return [r for r in found if r.child_id not in taken]


def load_school_demo(today: date, orgs: dict[str, Any]) -> None:
    """Add the school side's stories (each once): a permanently excluded pupil waiting to go
    on the Short Stay School's roll by day 6; one on roll whose review is running; one whose
    review has ended with the Pupil Access Team's direction (ground O now open); a
    referral placement; two families moving area (one with no known school or LA); a leaver
    with a named destination and one with none."""
    pru, hawthorn = orgs["8881100"], orgs["8884101"]
    pru_user = User.objects.get(username="pru.admissions")
    hawthorn_user = User.objects.get(username="hawthorn.admissions")
    calendar = school_calendar(pru)
    last_school_day = calendar.school_day_on_or_before(today)

    def back(days: int) -> date:
        return calendar.add_school_days(last_school_day, -days)

    def ahead(days: int) -> date:  # review and leaving dates fall on school days
        return calendar.add_school_days(last_school_day, days)

    for reason, days in ((PEX_WAITING, 2), (PEX_REVIEW, 25), (PEX_ENDED, 40)):
        if Exclusion.objects.filter(reason=reason).exists():
            continue
        pupils = _free_pupils(hawthorn, RegistrationKind.SINGLE, today)
        if not pupils:
            continue
        main = pupils[0]
        first_day = back(days)
        exclusion = exclusion_record(
            registration=main,
            first_day=first_day,
            pru=pru,
            today=today,
            acting_user=hawthorn_user,
            reason=reason,
        )
        if reason == PEX_WAITING:
            continue
        placement_put_on_roll(
            placement=Placement.objects.get(exclusion=exclusion),
            starting_day=calendar.nth_school_day(first_day, 5),
            today=today,
            acting_user=pru_user,
            national_curriculum_year=main.national_curriculum_year,
        )
        steps = [(ReviewEvent.BOARD_NOTIFIED, first_day)]
        if reason == PEX_REVIEW:
            steps.append((ReviewEvent.BOARD_DECLINED, back(3)))
        else:
            steps.append((ReviewEvent.BOARD_DECLINED, back(25)))
            steps.append((ReviewEvent.PARENT_WAIVED_IRP_IN_WRITING, back(20)))
        for event, on in steps:
            exclusion_event_record(
                exclusion=exclusion,
                event=event,
                occurred_on=on,
                today=today,
                acting_user=hawthorn_user,
            )
        if reason == PEX_ENDED:
            exclusion_pat_direction_record(
                exclusion=exclusion,
                directed_on=back(2),
                note="Demo: the pupil stays at Stepping Stones; remove from Hawthorn's roll.",
                today=today,
                acting_user=User.objects.get(username="pat.officer"),
            )
    if not Placement.objects.filter(kind=PlacementKind.REFERRAL, school=pru).exists():
        pupils = _free_pupils(pru, RegistrationKind.DUAL_SUBSIDIARY, today)
        if pupils:
            registration = pupils[0]
            partner = registration.child.registrations.filter(
                deleted_on__isnull=True, kind=RegistrationKind.DUAL_MAIN
            ).first()
            Placement.objects.create(
                child=registration.child,
                school=pru,
                kind=PlacementKind.REFERRAL,
                home_school=partner.school if partner else None,
                status=PlacementStatus.ON_ROLL,
                registration=registration,
                on_roll_on=registration.starting_day,
                aim=PlacementAim.RETURN_TO_SCHOOL,
                next_review_on=ahead(8),
            )
    for known in (True, False):
        if (
            Move.objects.filter(school=pru, intended_la__isnull=False)
            .filter(intended_la="North Yorkshire Council" if known else "")
            .exists()
        ):
            continue
        pupils = _free_pupils(pru, RegistrationKind.DUAL_SUBSIDIARY, today)
        if not pupils:
            continue
        child = pupils[0].child
        move_record(
            child=child,
            school=pru,
            parent_name=f"Parent of {child.legal_forename} {child.legal_surname}",
            line_1="14 Harbour Street" if known else "",
            town="Whitby" if known else "",
            postcode="YO21 3PR" if known else "",
            move_on=back(1),
            intended_school="Whitby Community College" if known else "",
            intended_la="North Yorkshire Council" if known else "",
            acting_user=pru_user,
        )
    for spec in LEAVERS:
        leaver = _leaver(spec, pru, today)
        if leaver is None:
            continue
        if spec.key == "leaver_known":
            leaving = leaving_start(
                registration=leaver,
                expected_leaving_on=ahead(5),
                reason="The family chose Cotton Mill Academy after reintegration planning",
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
        else:
            leaving_start(
                registration=leaver,
                expected_leaving_on=ahead(3),
                reason="Mother says the family is leaving Preston; no school named",
                destination_unknown=True,
                today=today,
                acting_user=pru_user,
            )
