"""Shared fixtures: the fixed test cast and signed-in clients.

The cast (style note):
- alice   — admissions and attendance officer at Stepping Stones, the Short Stay School (PRU)
            in LA 888
- bob     — admissions and attendance officer at Hawthorn Lane High School, a mainstream
            school in LA 888
- charlie — CME officer at Lancashire (LA 888)
- diana   — CME officer at Blackpool (LA 890), another LA
- eve     — an outsider: admissions and attendance officer at a Blackpool school that shares
            no child with the others
(Each school member holds both roles, like the demo's Hawthorn office, so their tests reach the
admission register and the attendance pages; what each role alone may do is tested by
tests/core/test_role_sweep.py.)
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

from onroll.accounts.factories import PASSWORD, LocalAuthorityFactory, UserFactory
from onroll.accounts.middleware import SIGNED_IN_AT
from onroll.accounts.models import LocalAuthority, User
from onroll.accounts.roles import Role
from onroll.people.models import Child, Sex
from onroll.registers.factories import RegistrationFactory
from onroll.schools.factories import SchoolFactory
from onroll.schools.models import School
from tests.clock import NOW

# Playwright's sync API keeps an asyncio loop alive in the test process (the browser fixture
# is session-scoped); Django would then refuse ORM calls from every later database test in
# the same run. The tests are single-threaded, so allowing it is safe here (never in the app).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

__all__ = ["PASSWORD", "Cast", "sign_in"]
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


def _pupil(forename: str, surname: str, upn: str, school: School, **registration: Any) -> Child:
    """A girl born 17 May 2013 on ``school``'s roll, living at 1 Test Street with her mother."""
    return RegistrationFactory(
        school=school,
        child__legal_forename=forename,
        child__legal_surname=surname,
        child__upn=upn,
        child__date_of_birth=date(2013, 5, 17),
        child__sex=Sex.FEMALE,
        **registration,
    ).child


@pytest.fixture
def cast(db: None) -> Cast:
    lancs = LocalAuthorityFactory(
        name="Lancashire", code="888", cme_email="cme@lancashire.gov.uk", cme_phone="01257 517333"
    )
    blackpool = LocalAuthorityFactory(
        name="Blackpool", code="890", cme_email="cme@example.org", cme_phone="01253 000000"
    )
    pru = SchoolFactory(
        laestab="8881100", urn="900001", name="Stepping Stones", local_authority=lancs, pru=True
    )
    hawthorn = SchoolFactory(
        laestab="8884101", urn="900002", name="Hawthorn Lane High", local_authority=lancs
    )
    seaside = SchoolFactory(
        laestab="8902001",
        urn="900009",
        name="Seaside Primary",
        local_authority=blackpool,
        primary=True,
        most_junior_year=7,
        most_senior_year=11,
    )

    def make(username: str, org: Any, role: str) -> User:
        roles = [role, Role.ATTENDANCE_OFFICER] if role == Role.ADMISSIONS_OFFICER else [role]
        return UserFactory(username=username, organisation=org, roles=roles)

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
        pru_child=_pupil(
            "Ava", "Dewhurst", "N888700125001", hawthorn, dual_at=pru, dual_from=date(2025, 1, 6)
        ),
        hawthorn_child=_pupil("Leo", "Haworth", "B888712324007", hawthorn),
        seaside_child=_pupil("Mia", "Nowak", "", seaside),
    )


def sign_in(client: Client, user: User) -> Client:
    """Sign ``user`` in on ``client``, with two-factor verified where their role needs it."""
    client.force_login(user, backend="onroll.accounts.backends.OrganisationBackend")
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
