"""Shared fixtures: the fixed test cast and signed-in clients.

The cast (style note):
- alice   — admissions officer at Stepping Stones, the Short Stay School (PRU) in LA 888
- bob     — admissions officer at Hawthorn Lane High School, a mainstream school in LA 888
- charlie — CME officer at Lancashire (LA 888)
- diana   — CME officer at Blackpool (LA 890), another LA
- eve     — an outsider: staff at a Blackpool school that shares no child with the others
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from onroll.accounts.middleware import SIGNED_IN_AT
from onroll.accounts.models import LocalAuthority, User
from onroll.accounts.roles import Role
from onroll.accounts.services import user_create
from onroll.people.models import Address, Carer, Child, ChildAddress, ChildCarer, Sex
from onroll.registers.models import Registration, RegistrationKind
from onroll.schools.models import Phase, School
from tests.clock import NOW

# Playwright's sync API keeps an asyncio loop alive in the test process (the browser fixture
# is session-scoped); Django would then refuse ORM calls from every later database test in
# the same run. The tests are single-threaded, so allowing it is safe here (never in the app).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-staple"
_CLOCK = pytest.StashKey[time_machine.travel]()


def pytest_configure(config: pytest.Config) -> None:
    """Set the clock to ``tests.clock.NOW`` for the whole run, before any fixture or test.

    No test reads the machine's clock, so the suite passes on any date. The clock ticks from
    ``NOW`` (time-outs, TOTP steps and sessions still see time pass); a test that needs a
    particular moment travels there itself with ``time_machine.travel``.
    """
    traveller = time_machine.travel(NOW, tick=True)
    traveller.start()
    config.stash[_CLOCK] = traveller


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_CLOCK, None)
    if traveller is not None:
        traveller.stop()


@dataclass
class Cast:
    lancashire: LocalAuthority
    blackpool: LocalAuthority
    pru: School
    hawthorn: School
    seaside: School
    alice: User
    bob: User
    charlie: User
    diana: User
    eve: User
    pru_child: Child  # dual registered: Hawthorn (main) + PRU (subsidiary)
    hawthorn_child: Child  # single registration at Hawthorn
    seaside_child: Child  # single registration at the Blackpool school

    @property
    def members(self) -> dict[str, User]:
        return {n: getattr(self, n) for n in ("alice", "bob", "charlie", "diana", "eve")}


def _school(laestab: str, urn: str, name: str, la: LocalAuthority, phase: str) -> School:
    return School.objects.create(
        laestab=laestab,
        urn=urn,
        name=name,
        phase=phase,
        establishment_type="Test",
        local_authority=la,
        most_junior_year=7,
        most_senior_year=11,
        require_two_factor=False,
    )


def _child(forename: str, surname: str, upn: str, school: School, **extra: Any) -> Child:
    child = Child.objects.create(
        legal_forename=forename,
        legal_surname=surname,
        date_of_birth=date(2013, 5, 17),
        sex=Sex.FEMALE,
        upn=upn,
    )
    address = Address.objects.create(line_1="1 Test Street", town="Preston", postcode="PR1 1AA")
    ChildAddress.objects.create(child=child, address=address, from_date=date(2020, 1, 1))
    carer = Carer.objects.create(forename="Pat", surname=surname, phone="07700 900000")
    ChildCarer.objects.create(child=child, carer=carer, relationship="Mother")
    Registration.objects.create(
        child=child,
        school=school,
        kind=extra.get("kind", RegistrationKind.SINGLE),
        starting_day=date(2024, 9, 4),
    )
    return child


@pytest.fixture
def cast(db: None) -> Cast:
    lancs = LocalAuthority.objects.create(
        name="Lancashire", code="888", cme_email="cme@lancashire.gov.uk", cme_phone="01257 517333"
    )
    blackpool = LocalAuthority.objects.create(
        name="Blackpool", code="890", cme_email="cme@example.org", cme_phone="01253 000000"
    )
    pru = _school("8881100", "900001", "Stepping Stones", lancs, Phase.PRU)
    hawthorn = _school("8884101", "900002", "Hawthorn Lane High", lancs, Phase.SECONDARY)
    seaside = _school("8902001", "900009", "Seaside Primary", blackpool, Phase.PRIMARY)

    def make(username: str, org: Any, role: str) -> User:
        return user_create(username=username, password=PASSWORD, organisation=org, roles=[role])

    pru_child = _child(
        "Ava", "Dewhurst", "N888700125001", hawthorn, kind=RegistrationKind.DUAL_MAIN
    )
    Registration.objects.create(
        child=pru_child,
        school=pru,
        kind=RegistrationKind.DUAL_SUBSIDIARY,
        starting_day=date(2025, 1, 6),
    )
    return Cast(
        lancashire=lancs,
        blackpool=blackpool,
        pru=pru,
        hawthorn=hawthorn,
        seaside=seaside,
        alice=make("alice", pru, Role.ADMISSIONS_OFFICER),
        bob=make("bob", hawthorn, Role.ADMISSIONS_OFFICER),
        charlie=make("charlie", lancs, Role.CME_OFFICER),
        diana=make("diana", blackpool, Role.CME_OFFICER),
        eve=make("eve", seaside, Role.ADMISSIONS_OFFICER),
        pru_child=pru_child,
        hawthorn_child=_child("Leo", "Haworth", "B888712324007", hawthorn),
        seaside_child=_child("Mia", "Nowak", "", seaside),
    )


def sign_in(client: Client, user: User) -> Client:
    """Sign ``user`` in on ``client``, with two-factor verified where their role needs it."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[SIGNED_IN_AT] = time.time()
    if user.requires_two_factor:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for(cast: Cast):  # type: ignore[no-untyped-def]
    """``client_for("alice")`` → a test client signed in as that cast member."""

    def make(name: str) -> Client:
        return sign_in(Client(), cast.members[name])

    return make
