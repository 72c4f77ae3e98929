"""Every URL of the service, as every role inside a school: allowed or refused as the role
matrix (``onroll.accounts.permissions.MATRIX``) says, for GET and for POST.

The table below is the test's own statement of which permission each school page needs, kept
apart from the view decorators on purpose: a view that loses its decorator (or gets the
wrong one) fails here. A new URL is refused to every school role unless it is listed here, so
a new school page fails until it is classified.
"""

from __future__ import annotations

import pytest
from django.test import Client

from onroll.accounts.factories import UserFactory
from onroll.accounts.permissions import MATRIX, SCHOOL_ROLE_ORDER, Permission
from onroll.accounts.roles import SCHOOL_ROLES, Role
from tests.conftest import Cast, sign_in
from tests.core.test_access_sweep import PUBLIC, all_urls

P = Permission

#: Pages any signed-in member of staff may open (they scope what they show themselves).
ANY_STAFF = {"core:home", "people:child_detail", "attendance:pupil"}

#: URL name → (permission to open it, permission to post to it).
SCHOOL_PAGES: dict[str, tuple[Permission, Permission]] = {
    # registers
    "registers:school_home": (P.VIEW_PUPILS, P.VIEW_PUPILS),
    "registers:pupil_list": (P.VIEW_PUPILS, P.VIEW_PUPILS),
    "registers:children": (P.VIEW_PUPILS, P.VIEW_PUPILS),
    "registers:admit": (P.ADMIT, P.ADMIT),
    "registers:move_new": (P.REMOVE_FROM_ROLL, P.REMOVE_FROM_ROLL),
    "registers:cme_referral": (P.REFER_CME, P.REFER_CME),
    "registers:cmooe": (P.REFER_CME, P.REFER_CME),
    "registers:leaving": (P.REMOVE_FROM_ROLL, P.REMOVE_FROM_ROLL),
    "registers:leaving_start": (P.REMOVE_FROM_ROLL, P.REMOVE_FROM_ROLL),
    "registers:leaving_destination": (P.REMOVE_FROM_ROLL, P.REMOVE_FROM_ROLL),
    "registers:leaving_cancel": (P.REMOVE_FROM_ROLL, P.REMOVE_FROM_ROLL),
    "registers:delete": (P.REMOVE_FROM_ROLL, P.REMOVE_FROM_ROLL),
    "registers:exclusion_new": (P.EXCLUDE, P.EXCLUDE),
    "registers:exclusion": (P.VIEW_PUPILS, P.VIEW_PUPILS),
    "registers:exclusion_event": (P.EXCLUDE, P.EXCLUDE),
    "registers:exclusion_pat": (P.EXCLUDE, P.EXCLUDE),  # until the LA records it (issue 12)
    "registers:placement": (P.VIEW_PUPILS, P.VIEW_PUPILS),
    "registers:placement_on_roll": (P.PLACEMENTS, P.PLACEMENTS),
    "registers:placement_review": (P.PLACEMENTS, P.PLACEMENTS),
    "registers:placement_outcome": (P.PLACEMENTS, P.PLACEMENTS),
    "registers:move": (P.VIEW_PUPILS, P.VIEW_PUPILS),
    "registers:la_returns": (P.VIEW_PUPILS, P.VIEW_PUPILS),
    "registers:la_return": (P.VIEW_PUPILS, P.VIEW_PUPILS),
    "registers:la_return_send": (P.LA_RETURNS, P.LA_RETURNS),
    "registers:referrals": (P.VIEW_PUPILS, P.VIEW_PUPILS),
    "registers:non_pupil": (P.REFER_CME, P.REFER_CME),
    # people: the school's pages for a child
    "people:child": (P.VIEW_PUPILS, P.VIEW_PUPILS),
    "people:chronology": (P.VIEW_PUPILS, P.VIEW_PUPILS),
    "people:child_edit": (P.EDIT_PUPIL_DETAILS, P.EDIT_PUPIL_DETAILS),
    "people:child_address": (P.EDIT_PUPIL_DETAILS, P.EDIT_PUPIL_DETAILS),
    "people:carer_add": (P.EDIT_PUPIL_DETAILS, P.EDIT_PUPIL_DETAILS),
    "people:child_safeguarding": (P.SAFEGUARDING, P.SAFEGUARDING),
    # attendance
    "attendance:school": (P.VIEW_PUPILS, P.VIEW_PUPILS),
    "attendance:register": (P.TAKE_REGISTER, P.TAKE_REGISTER),
    "attendance:import": (P.MANAGE_MARKS, P.MANAGE_MARKS),
    "attendance:import_detail": (P.MANAGE_MARKS, P.MANAGE_MARKS),
    "attendance:import_confirm": (P.MANAGE_MARKS, P.MANAGE_MARKS),
    "attendance:correct": (P.MANAGE_MARKS, P.MANAGE_MARKS),
    "attendance:pattern": (P.MANAGE_MARKS, P.MANAGE_MARKS),
    "attendance:sickness": (P.MANAGE_MARKS, P.MANAGE_MARKS),
    # the school's side of CME
    "cases:refer": (P.REFER_CME, P.REFER_CME),
    "cases:school_referrals": (P.VIEW_PUPILS, P.VIEW_PUPILS),
    "cases:joint_agree": (P.JOINT_ENQUIRIES, P.JOINT_ENQUIRIES),
}


def _verdict(status: int) -> str:
    if status == 403:
        return "refused"
    if status == 404:
        return "not found"
    return "allowed"


def _expected(name: str, role: Role, method: str) -> str:
    if name in ANY_STAFF:
        return "allowed"
    if name not in SCHOOL_PAGES:
        return "not found"  # LA and administration pages: a school user learns nothing
    see, act = SCHOOL_PAGES[name]
    needed = {see} if method == "GET" else {see, act}
    return "allowed" if all(role in MATRIX[p] for p in needed) else "refused"


def test_every_school_role_is_in_the_matrix() -> None:
    assert set(SCHOOL_ROLE_ORDER) == set(SCHOOL_ROLES)


@pytest.mark.parametrize("role", SCHOOL_ROLE_ORDER, ids=lambda role: role.value)
def test_every_url_answers_each_school_role_as_the_matrix_says(cast: Cast, role: Role) -> None:
    user = UserFactory(username=f"sweep-{role.value}", organisation=cast.hawthorn, roles=[role])
    client = sign_in(Client(), user)
    wrong = []
    for name, url, _ in all_urls(cast):
        if name in PUBLIC:
            continue
        for method in ("GET", "POST"):
            response = client.get(url) if method == "GET" else client.post(url, {})
            assert response.status_code < 500, f"{method} {name} failed for {role}"
            got = _verdict(response.status_code)
            want = _expected(name, role, method)
            # An allowed page may still say "not found" for a record outside the school;
            # what must hold is that the role check alone never refuses or lets through
            # other than the matrix says.
            if want == "allowed" and got == "not found":
                continue
            if got != want:
                wrong.append(f"{method} {name}: {got}, the matrix says {want}")
    assert not wrong, f"{role.label}:\n" + "\n".join(wrong)


def test_a_school_page_without_its_permission_check_is_caught(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sweep's own check: a view that lets everyone through is reported."""
    from onroll.accounts import models

    monkeypatch.setattr(models.User, "can", lambda self, permission: True)
    user = UserFactory(username="sweep-ro", organisation=cast.hawthorn, roles=[Role.READ_ONLY])
    client = sign_in(Client(), user)
    for name, url, _ in all_urls(cast):
        if name == "registers:admit":
            got = _verdict(client.get(url).status_code)
            assert got != _expected(name, Role.READ_ONLY, "GET")
