"""Organisations (schools and local authorities), users and the roles they hold."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models

from onroll.accounts.permissions import Permission, role_can
from onroll.accounts.roles import CME_ROLES, LA_ROLES, SAFEGUARDING_ROLES, OrganisationKind, Role

if TYPE_CHECKING:
    from onroll.schools.models import School


class Organisation(models.Model):
    """A school or a local authority. Every user belongs to exactly one."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(Organisation):
    """A local authority with its DfE 3-digit code and its CME / CMOOE contact routes."""

    code = models.CharField(
        max_length=3, unique=True, validators=[RegexValidator(r"^\d{3}$", "Enter 3 digits")]
    )
    cme_team_name = models.CharField(max_length=200, default="Children Missing Education Team")
    cme_email = models.EmailField()
    cme_phone = models.CharField(max_length=40)
    cmooe_email = models.EmailField(blank=True)
    cmooe_phone = models.CharField(max_length=40, blank=True)
    contact_address = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "local authorities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^\d{3}$"), name="la_code_3_digits"
            )
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        self.kind = OrganisationKind.LA
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class User(AbstractUser):
    """A member of staff. Belongs to one organisation and holds roles there."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    job_title = models.CharField(max_length=120, blank=True)

    @property
    def roles(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = frozenset(self.role_grants.values_list("role", flat=True))
            self._roles_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def can(self, permission: str) -> bool:
        """Whether this member of a school's staff holds ``permission`` (the role matrix,
        ``onroll.accounts.permissions``); never for LA staff, whose pages check their role."""
        return self.is_school_user and role_can(self.roles, Permission(permission))

    @property
    def school(self) -> School | None:
        """The user's school, or None for LA staff. Loaded with the user by the sign-in
        backend (``onroll.accounts.backends``), so reading it costs no query in a request."""
        if self.organisation is None or self.organisation.kind != OrganisationKind.SCHOOL:
            return None
        return self.organisation.school

    @property
    def local_authority(self) -> LocalAuthority | None:
        """The user's local authority, or None for school staff (loaded like ``school``)."""
        if self.organisation is None or self.organisation.kind != OrganisationKind.LA:
            return None
        return self.organisation.localauthority

    @property
    def is_school_user(self) -> bool:
        return self.organisation is not None and self.organisation.kind == OrganisationKind.SCHOOL

    @property
    def is_la_user(self) -> bool:
        return self.organisation is not None and self.organisation.kind == OrganisationKind.LA

    @property
    def is_cme_staff(self) -> bool:
        """An officer or manager of an LA's Children Missing Education team."""
        return self.is_la_user and self.has_role(*CME_ROLES)

    @property
    def is_pupil_access_team(self) -> bool:
        """An officer of an LA's Pupil Access Team (directs removal after a permanent exclusion)."""
        return self.is_la_user and self.has_role(Role.PUPIL_ACCESS_TEAM)

    @property
    def is_system_admin(self) -> bool:
        """Manages users, roles, schools and calendars; never reads a child's record."""
        return self.has_role(Role.SYSTEM_ADMIN)

    @property
    def sees_safeguarding(self) -> bool:
        return self.has_role(*SAFEGUARDING_ROLES)

    @property
    def requires_two_factor(self) -> bool:
        """LA and system roles always; school staff when their school requires it."""
        if self.is_superuser or self.has_role(*LA_ROLES) or self.is_la_user:
            return True
        school = self.school
        if school is not None:
            return school.require_two_factor
        return True


class RoleGrant(models.Model):
    """One role held by one user at their organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_grant_unique"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"
