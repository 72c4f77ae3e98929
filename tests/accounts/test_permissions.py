"""The role matrix: docs/roles.md is the code's table, and each job gets what it needs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.test import Client
from django.urls import reverse

from onroll.accounts.factories import UserFactory
from onroll.accounts.permissions import MATRIX, Permission
from onroll.accounts.roles import Role
from onroll.accounts.roles_doc import roles_markdown
from tests.conftest import Cast, sign_in

DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


def test_docs_roles_md_is_written_from_the_matrix() -> None:
    assert DOC.read_text() == roles_markdown(), (
        "docs/roles.md is out of date: .venv/bin/python manage.py roles_doc > docs/roles.md"
    )


def test_only_the_head_and_admissions_admit_exclude_and_take_off_roll() -> None:
    for permission in (
        Permission.ADMIT,
        Permission.EXCLUDE,
        Permission.REMOVE_FROM_ROLL,
        Permission.PLACEMENTS,
    ):
        assert MATRIX[permission] == {Role.HEADTEACHER, Role.ADMISSIONS_OFFICER}, permission


def test_read_only_staff_act_on_nothing() -> None:
    held = {p for p, roles in MATRIX.items() if Role.READ_ONLY in roles}
    assert held == {Permission.VIEW_PUPILS}


def test_la_staff_hold_no_school_permission(cast: Cast) -> None:
    assert not any(cast.charlie.can(p) for p in Permission)


def test_the_attendance_officer_sees_no_admit_leave_delete_or_exclude(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    officer = UserFactory(
        username="attendance", organisation=cast.hawthorn, roles=[Role.ATTENDANCE_OFFICER]
    )
    record = reverse("people:child", args=[cast.hawthorn_child.pk])
    page = sign_in(Client(), officer).get(record).content.decode()
    for hidden in ("Leaving", "Delete from the register", "Record a permanent exclusion"):
        assert hidden not in page, hidden
    children = sign_in(Client(), officer).get(reverse("registers:children")).content.decode()
    assert "Admit a pupil" not in children
    # the admissions officer still has them
    page = client_for("bob").get(record).content.decode()
    assert "Delete from the register" in page
    assert "Admit a pupil" in client_for("bob").get(reverse("registers:children")).content.decode()


def test_a_refused_role_gets_a_page_that_says_so(cast: Cast) -> None:
    teacher = UserFactory(username="teacher", organisation=cast.hawthorn, roles=[Role.TEACHER])
    response = sign_in(Client(), teacher).get(reverse("registers:admit"))
    assert response.status_code == 403
    assert "You cannot do this with your role" in response.content.decode()
