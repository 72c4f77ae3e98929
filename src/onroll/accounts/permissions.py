"""What each role inside a school may see and do: the one role matrix.

Every school page and action names one :class:`Permission` (through the view decorator
``onroll.core.decorators.school_staff``); :data:`MATRIX` says which school roles hold it;
``User.can(permission)`` asks. ``docs/roles.md`` is written from this table by
``scripts/roles_doc.py`` (``make docs``) and ``tests/accounts/test_permissions.py`` fails when
it drifts; ``tests/core/test_role_sweep.py`` tries every URL as every school role.

The jobs (the school's own procedure, ``../shared/seed/``): only the head teacher and the
admissions officer admit, exclude, take a pupil off roll and manage placements; the
attendance officer takes registers and imports and corrects marks; the designated
safeguarding lead sees and edits safeguarding and refers children missing education (the
head and admissions may refer too); a teacher takes registers and reads pupil records
without safeguarding fields; read-only staff read and act on nothing.
"""

from __future__ import annotations

from enum import StrEnum

from onroll.accounts.roles import Role


class Permission(StrEnum):
    """A thing a member of a school's staff may see or do (its value names it in templates)."""

    VIEW_PUPILS = "view_pupils"
    TAKE_REGISTER = "take_register"
    MANAGE_MARKS = "manage_marks"
    EDIT_PUPIL_DETAILS = "edit_pupil_details"
    SAFEGUARDING = "safeguarding"
    REFER_CME = "refer_cme"
    JOINT_ENQUIRIES = "joint_enquiries"
    ADMIT = "admit"
    EXCLUDE = "exclude"
    REMOVE_FROM_ROLL = "remove_from_roll"
    PLACEMENTS = "placements"
    LA_RETURNS = "la_returns"


#: What each permission covers, as the role matrix in docs/roles.md says it.
DESCRIPTIONS: dict[Permission, str] = {
    Permission.VIEW_PUPILS: (
        "Read the school's pages: home, pupils, a pupil's record, chronology and attendance, "
        "exclusions, placements, moves, returns and referrals sent"
    ),
    Permission.TAKE_REGISTER: "Take the attendance register",
    Permission.MANAGE_MARKS: (
        "Import marks from the MIS, correct a pupil's marks, set a dual registration's "
        "pattern and the expected sickness"
    ),
    Permission.EDIT_PUPIL_DETAILS: "Change a pupil's details, address and carers",
    Permission.SAFEGUARDING: "See and change a pupil's safeguarding information",
    Permission.REFER_CME: (
        "Refer a child missing education or missing out on education to the LA, and report "
        "a child who is not the school's pupil"
    ),
    Permission.JOINT_ENQUIRIES: "Agree the outcome of joint enquiries with the LA",
    Permission.ADMIT: "Admit a pupil to the admission register",
    Permission.EXCLUDE: "Exclude a pupil and record the steps of the exclusion review",
    Permission.REMOVE_FROM_ROLL: (
        "Record a pupil leaving or moving, and delete a pupil from the admission register"
    ),
    Permission.PLACEMENTS: "Manage placements: put on roll, review, record the outcome",
    Permission.LA_RETURNS: "Send the returns owed to the LA (e.g. the deletion return)",
}

_HEAD = Role.HEADTEACHER
_ADMISSIONS = Role.ADMISSIONS_OFFICER
_ATTENDANCE = Role.ATTENDANCE_OFFICER
_DSL = Role.SAFEGUARDING_LEAD
_TEACHER = Role.TEACHER
_READ_ONLY = Role.READ_ONLY

#: The school roles, in the order the matrix shows them.
SCHOOL_ROLE_ORDER: tuple[Role, ...] = (_HEAD, _ADMISSIONS, _ATTENDANCE, _DSL, _TEACHER, _READ_ONLY)

#: The role matrix: which school roles hold each permission.
MATRIX: dict[Permission, frozenset[Role]] = {
    Permission.VIEW_PUPILS: frozenset(SCHOOL_ROLE_ORDER),
    Permission.TAKE_REGISTER: frozenset({_HEAD, _ATTENDANCE, _TEACHER}),
    Permission.MANAGE_MARKS: frozenset({_HEAD, _ATTENDANCE}),
    Permission.EDIT_PUPIL_DETAILS: frozenset({_HEAD, _ADMISSIONS, _ATTENDANCE, _DSL}),
    Permission.SAFEGUARDING: frozenset({_HEAD, _DSL}),
    Permission.REFER_CME: frozenset({_HEAD, _ADMISSIONS, _DSL}),
    Permission.JOINT_ENQUIRIES: frozenset({_HEAD, _ADMISSIONS, _DSL}),
    Permission.ADMIT: frozenset({_HEAD, _ADMISSIONS}),
    Permission.EXCLUDE: frozenset({_HEAD, _ADMISSIONS}),
    Permission.REMOVE_FROM_ROLL: frozenset({_HEAD, _ADMISSIONS}),
    Permission.PLACEMENTS: frozenset({_HEAD, _ADMISSIONS}),
    Permission.LA_RETURNS: frozenset({_HEAD, _ADMISSIONS}),
}


def roles_with(permission: Permission) -> frozenset[Role]:
    """The school roles that hold ``permission``."""
    return MATRIX[permission]


def role_can(roles: frozenset[str], permission: Permission) -> bool:
    """Whether any of ``roles`` holds ``permission``."""
    return bool(MATRIX[permission].intersection(roles))


def matrix_markdown() -> str:
    """The role matrix as a Markdown table (rows = permissions, columns = school roles)."""
    head = "| What | " + " | ".join(role.label for role in SCHOOL_ROLE_ORDER) + " |"
    rule = "|---|" + "---|" * len(SCHOOL_ROLE_ORDER)
    rows = [
        f"| {DESCRIPTIONS[permission]} (`{permission.value}`) | "
        + " | ".join("yes" if role in MATRIX[permission] else "—" for role in SCHOOL_ROLE_ORDER)
        + " |"
        for permission in Permission
    ]
    return "\n".join([head, rule, *rows])
