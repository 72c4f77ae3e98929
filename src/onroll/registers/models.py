"""The admission register: a child's registrations at schools (single or dual)."""

from __future__ import annotations

from django.db import models

from onroll.people.models import Child
from onroll.schools.models import School


class RegistrationKind(models.TextChoices):
    """Census enrolment status: C single, M main dual, S subsidiary dual."""

    SINGLE = "C", "Single registration"
    DUAL_MAIN = "M", "Dual registration (main)"
    DUAL_SUBSIDIARY = "S", "Dual registration (subsidiary)"


class Registration(models.Model):
    """One entry on a school's admission register (Regs 2024 reg 8)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="registrations")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="registrations")
    kind = models.CharField(max_length=1, choices=RegistrationKind.choices)
    starting_day = models.DateField()
    national_curriculum_year = models.SmallIntegerField(null=True, blank=True)
    last_school_attended = models.CharField(max_length=200, blank=True)
    deleted_on = models.DateField(null=True, blank=True)
    deletion_ground = models.CharField(max_length=1, blank=True)

    class Meta:
        ordering = ["school", "child"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "school"],
                condition=models.Q(deleted_on__isnull=True),
                name="registration_one_current_per_school",
            ),
            models.CheckConstraint(
                condition=models.Q(deleted_on__isnull=True)
                | models.Q(deleted_on__gte=models.F("starting_day")),
                name="registration_deleted_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(deleted_on__isnull=True, deletion_ground="")
                | (
                    models.Q(deleted_on__isnull=False)
                    & models.Q(deletion_ground__in=list("ABCDEFGHIJKLMNO"))
                ),
                name="registration_deletion_has_ground",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=RegistrationKind.values), name="registration_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} at {self.school}"

    @property
    def is_current(self) -> bool:
        return self.deleted_on is None
