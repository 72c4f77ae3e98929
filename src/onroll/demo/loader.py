"""A believable Lancashire for demonstrations: the LA and its CME team, the Short Stay School,
four mainstream schools, about 80 children in families, registrations and term dates.

Every name, address and number below is invented except the Lancashire CME team's published
contact details, which come from the school's procedure (shared/seed). Loading is idempotent:
each record is found by its natural key (LA code, LAESTAB, username, UPN) before it is made.
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from onroll.accounts.factories import LocalAuthorityFactory, UserFactory
from onroll.accounts.models import LocalAuthority, User
from onroll.accounts.roles import Role
from onroll.core import registry
from onroll.people.factories import AddressFactory, CarerFactory, ChildFactory, upn_for
from onroll.people.models import Child, Sex
from onroll.registers.factories import RegistrationFactory
from onroll.rules.calendar_builder import bank_holidays, lancashire_term_dates
from onroll.schools.factories import ClosureFactory, SchoolFactory, TermFactory
from onroll.schools.models import Phase

DEMO_PASSWORD = "onroll-demo-2026"  # noqa: S105 - the published demo password


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str  # LAESTAB or LA code
    roles: tuple[str, ...]
    job_title: str


DEMO_USERS = (
    DemoUser(
        "pru.admissions",
        "Amira",
        "Khan",
        "8881100",
        (Role.ADMISSIONS_OFFICER,),
        "Admissions officer, Stepping Stones",
    ),
    DemoUser(
        "pru.attendance",
        "Gareth",
        "Holt",
        "8881100",
        (Role.ATTENDANCE_OFFICER,),
        "Attendance officer, Stepping Stones",
    ),
    DemoUser(
        "pru.dsl",
        "Priya",
        "Shah",
        "8881100",
        (Role.SAFEGUARDING_LEAD,),
        "Designated safeguarding lead, Stepping Stones",
    ),
    DemoUser(
        "pru.head",
        "Helen",
        "Brooks",
        "8881100",
        (Role.HEADTEACHER,),
        "Headteacher, Stepping Stones",
    ),
    DemoUser(
        "pru.teacher",
        "Owen",
        "Clarke",
        "8881100",
        (Role.TEACHER,),
        "Teacher, Stepping Stones",
    ),
    DemoUser(
        "pru.readonly",
        "Fiona",
        "Bell",
        "8881100",
        (Role.READ_ONLY,),
        "Governor (read only), Stepping Stones",
    ),
    DemoUser(
        "hawthorn.admissions",
        "Tom",
        "Riley",
        "8884101",
        (Role.ADMISSIONS_OFFICER, Role.ATTENDANCE_OFFICER),
        "Admissions and attendance, Hawthorn Lane High School",
    ),
    DemoUser(
        "cme.officer", "Joanne", "Whittle", "888", (Role.CME_OFFICER,), "CME officer, Lancashire"
    ),
    DemoUser(
        "cme.manager",
        "David",
        "Ashworth",
        "888",
        (Role.CME_MANAGER, Role.CME_OFFICER),
        "CME manager, Lancashire",
    ),
    DemoUser(
        "pat.officer",
        "Rachel",
        "Hughes",
        "888",
        (Role.PUPIL_ACCESS_TEAM,),
        "Pupil Access Team officer, Lancashire",
    ),
    DemoUser(
        "sysadmin", "Sam", "Fletcher", "888", (Role.SYSTEM_ADMIN,), "Onroll system administrator"
    ),
    DemoUser(
        "blackpool.cme",
        "Lee",
        "Marsden",
        "890",
        (Role.CME_OFFICER,),
        "CME officer, Blackpool (another LA)",
    ),
)

SCHOOLS = (
    # laestab, urn, name, phase, type, junior, senior, require 2FA
    (
        "8881100",
        "900001",
        "Stepping Stones Short Stay School",
        Phase.PRU,
        "Pupil referral unit",
        7,
        11,
        False,
    ),
    (
        "8884101",
        "900002",
        "Hawthorn Lane High School",
        Phase.SECONDARY,
        "Community school",
        7,
        11,
        True,
    ),
    ("8884102", "900003", "Cotton Mill Academy", Phase.SECONDARY, "Academy converter", 7, 11, True),
    (
        "8882101",
        "900004",
        "Bowland Edge Primary School",
        Phase.PRIMARY,
        "Voluntary controlled school",
        0,
        6,
        True,
    ),
    (
        "8882102",
        "900005",
        "Heron Bridge Primary School",
        Phase.PRIMARY,
        "Community school",
        0,
        6,
        True,
    ),
)

FORENAMES_F = (
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Lily",
    "Freya",
    "Grace",
    "Sophie",
    "Aisha",
    "Zara",
    "Niamh",
    "Chloe",
    "Ellie",
    "Maya",
    "Ruby",
    "Hannah",
    "Evie",
)
FORENAMES_M = (
    "Oliver",
    "Jack",
    "Harry",
    "Noah",
    "Leo",
    "Charlie",
    "Alfie",
    "Mohammed",
    "Jacob",
    "Oscar",
    "Ethan",
    "Kieran",
    "Liam",
    "Callum",
    "Dylan",
    "Reuben",
)
SURNAMES = (
    "Ashworth",
    "Birtwistle",
    "Clegg",
    "Dewhurst",
    "Entwistle",
    "Fairclough",
    "Greenhalgh",
    "Haworth",
    "Ingham",
    "Kay",
    "Lomax",
    "Molyneux",
    "Nuttall",
    "O'Neill",
    "Pilkington",
    "Rawcliffe",
    "Sutcliffe",
    "Tattersall",
    "Whittaker",
    "Hussain",
    "Nowak",
    "Nguyễn",
    "Ó Súilleabháin",
    "Smith-Jones",
)
STREETS = (
    "Mill Lane",
    "Chapel Street",
    "Moor Road",
    "Canal Side",
    "Church Brow",
    "Weavers Row",
    "Fell View",
    "Station Road",
    "Ribble Close",
    "Pendle Way",
)
TOWNS = (
    ("Preston", "PR1"),
    ("Chorley", "PR7"),
    ("Burnley", "BB11"),
    ("Lancaster", "LA1"),
    ("Accrington", "BB5"),
    ("Ormskirk", "L39"),
)


def demo_totp_key(username: str) -> str:
    """A fixed TOTP key per demo user, so the demo and its browser test can sign in."""
    return hashlib.sha256(f"onroll-demo-totp:{username}".encode()).hexdigest()[:40]


def demo_totp_secret(username: str) -> str:
    """The same key in base32, as an authenticator app wants it."""
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode()


def found_or_made(factory: Any, lookup: dict[str, Any], **fields: Any) -> Any:
    """The record the demo made before with ``lookup`` (its natural key), else a new one made
    by ``factory`` with ``fields`` too: running the demo again duplicates nothing."""
    found = factory._meta.model.objects.filter(**lookup).first()
    return found if found is not None else factory(**lookup, **fields)


def _load_organisations() -> dict[str, Any]:
    orgs: dict[str, Any] = {}
    lancs = LocalAuthorityFactory.create(  # found by code (the factory's natural key) once made
        code="888",
        name="Lancashire County Council",
        cme_email="cme@lancashire.gov.uk",
        cme_phone="01257 517333",
        cmooe_email="CMOOE@lancashire.gov.uk",
        contact_address="Children Missing Education Team, Lancashire County Council",
    )
    blackpool = LocalAuthorityFactory.create(
        code="890",
        name="Blackpool Council (demo)",
        cme_email="cme@blackpool.example.org",
        cme_phone="01253 000000",
        cmooe_email="cmooe@blackpool.example.org",
    )
    orgs["888"], orgs["890"] = lancs, blackpool
    for laestab, urn, name, phase, kind, junior, senior, two_factor in SCHOOLS:
        orgs[laestab] = SchoolFactory.create(  # found by LAESTAB once made
            laestab=laestab,
            urn=urn,
            name=name,
            phase=phase,
            establishment_type=kind,
            local_authority=lancs,
            most_junior_year=junior,
            most_senior_year=senior,
            require_two_factor=two_factor,
        )
    return orgs


def _load_calendar(la: LocalAuthority) -> None:
    """Lancashire's LA-wide terms and half terms, from the rules engine's shipped data
    (2025/26 published; 2026/27 an EXAMPLE, see docs/rules.md), as an administrator would
    enter them. Bank holidays get no closure row: the calendar builder adds them (the LA's
    data name May Day too, which is skipped for the same reason)."""
    holidays = bank_holidays()
    for year in lancashire_term_dates():
        for first, last in year.terms:
            TermFactory.create(local_authority=la, first_day=first, last_day=last)
        for closure in year.closures:
            for day in closure.days():
                if day in holidays:
                    continue
                ClosureFactory.create(local_authority=la, date=day, reason=closure.reason)


def _load_users(orgs: dict[str, Any]) -> list[DemoUser]:
    for demo in DEMO_USERS:
        user: User = found_or_made(
            UserFactory,
            {"username": demo.username},
            password=DEMO_PASSWORD,
            organisation=orgs[demo.organisation],
            roles=demo.roles,
            first_name=demo.first_name,
            last_name=demo.last_name,
            email=f"{demo.username}@example.org",
            job_title=demo.job_title,
        )
        if user.requires_two_factor:
            TOTPDevice.objects.update_or_create(
                user=user,
                name="Demo authenticator",
                defaults={"key": demo_totp_key(demo.username), "confirmed": True},
            )
    return list(DEMO_USERS)


def _load_children(orgs: dict[str, Any], today: date) -> int:
    rng = random.Random(888)  # noqa: S311 - demo data, not security
    mainstream = [orgs[k] for k in ("8884101", "8884102", "8882101", "8882102")]
    pru = orgs["8881100"]
    serial = 0
    made = 0
    family = 0
    while made < 80:
        family += 1
        surname = rng.choice(SURNAMES)
        town, outward = rng.choice(TOWNS)
        address = found_or_made(
            AddressFactory,
            {
                "line_1": f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
                "town": town,
                "postcode": f"{outward} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXY')}"
                f"{rng.choice('ABDEFGHJLNPQRSTUWXY')}",
            },
        )
        carer_f = rng.choice(FORENAMES_F)
        carer = found_or_made(
            CarerFactory,
            {"forename": carer_f, "surname": surname, "address": address},
            phone=f"07700 9{rng.randint(0, 99999):05d}",
            emergency_phone=f"01772 {rng.randint(100000, 999999)}",
        )
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            if made >= 80:
                break
            serial += 1
            made += 1
            sex = rng.choice((Sex.FEMALE, Sex.MALE))
            forename = rng.choice(FORENAMES_F if sex == Sex.FEMALE else FORENAMES_M)
            age = rng.randint(5, 15)
            dob = date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
            school = rng.choice(
                [s for s in mainstream if (s.phase == Phase.PRIMARY) == (age <= 10)]
            )
            upn = upn_for(school.laestab, 2015 + serial % 10, serial)
            if Child.objects.filter(upn=upn).exists():
                continue
            RegistrationFactory.create(
                child=ChildFactory.create(
                    upn=upn,
                    legal_forename=forename,
                    legal_surname=surname,
                    date_of_birth=dob,
                    sex=sex,
                    family=True,
                    home__address=address,
                    home__from_date=date(today.year - 3, 4, 1),
                    carer_link__carer=carer,
                ),
                school=school,
                starting_day=date(today.year - 1, 9, 3),
                national_curriculum_year=max(age - 5, 0),
                # a few older pupils also attend the Short Stay School (dual registration)
                dual_at=pru if age >= 11 and serial % 7 == 0 else None,
                dual_from=date(today.year, 1, 12),
                subsidiary__last_school_attended=school.name,
            )
    return made


@transaction.atomic
def load_demo(today: date) -> dict[str, int]:
    """Load (or top up) the demo data. Safe to run again: nothing is duplicated."""
    orgs = _load_organisations()
    _load_calendar(orgs["888"])
    users = _load_users(orgs)
    before = Child.objects.count()
    _load_children(orgs, today)
    for loader in registry.DEMO_LOADERS:  # each app's own demo records, in app order
        loader(today, orgs)
    return {
        "users": len(users),
        "children_added": Child.objects.count() - before,
        "children": Child.objects.count(),
    }
