"""Roles a user can hold at their organisation, and which organisation kind each belongs to."""

from __future__ import annotations

from django.db import models


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", "School"
    LA = "la", "Local authority"


class Role(models.TextChoices):
    ADMISSIONS_OFFICER = "admissions_officer", "School admissions officer"
    ATTENDANCE_OFFICER = "attendance_officer", "Attendance officer"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Designated safeguarding lead"
    HEADTEACHER = "headteacher", "Headteacher"
    TEACHER = "teacher", "Teacher"
    READ_ONLY = "read_only", "Read only"
    CME_OFFICER = "cme_officer", "LA CME officer"
    CME_MANAGER = "cme_manager", "CME manager"
    PUPIL_ACCESS_TEAM = "pupil_access_team", "Pupil Access Team officer"
    SYSTEM_ADMIN = "system_admin", "System administrator"


SCHOOL_ROLES = frozenset(
    {
        Role.ADMISSIONS_OFFICER,
        Role.ATTENDANCE_OFFICER,
        Role.SAFEGUARDING_LEAD,
        Role.HEADTEACHER,
        Role.TEACHER,
        Role.READ_ONLY,
    }
)
#: The LA's Children Missing Education team: its officers and managers.
CME_ROLES = (Role.CME_OFFICER, Role.CME_MANAGER)

LA_ROLES = frozenset(
    {Role.CME_OFFICER, Role.CME_MANAGER, Role.PUPIL_ACCESS_TEAM, Role.SYSTEM_ADMIN}
)

#: Roles that may see sensitive safeguarding fields (social worker, CP/CIN/LAC flags).
SAFEGUARDING_ROLES = frozenset(
    {Role.SAFEGUARDING_LEAD, Role.HEADTEACHER, Role.CME_OFFICER, Role.CME_MANAGER}
)


def roles_allowed_for(kind: str) -> frozenset[Role]:
    """The roles a user of an organisation of this kind may hold."""
    return SCHOOL_ROLES if kind == OrganisationKind.SCHOOL else LA_ROLES
