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


class ReturnKind(models.TextChoices):
    """The returns a school must make to its LA (Regs 2024 regs 12 and 13)."""

    NEW_PUPIL = "new_pupil", "New pupil return"
    DELETION = "deletion", "Deletion return"
    TEN_DAY_ABSENCE = "ten_day_absence", "10-day continuous absence return"
    SICKNESS = "sickness", "15-day sickness return"


class ReturnStatus(models.TextChoices):
    DUE = "due", "Due"
    SENT = "sent", "Sent"
    NOT_REQUIRED = "not_required", "Not required"


class LaReturn(models.Model):
    """A return owed by a school to its LA, with its due date, until it is sent.

    Sending it creates the LA's ``cases.Notification`` of the matching kind.
    """

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="la_returns")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="la_returns")
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, null=True, blank=True, related_name="la_returns"
    )
    kind = models.CharField(max_length=20, choices=ReturnKind.choices)
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DUE)
    #: What the rules engine decided and why (exemptions, required fields), for the record.
    reason = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    notification = models.OneToOneField(
        "cases.Notification", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ReturnKind.values), name="la_return_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReturnStatus.values), name="la_return_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReturnStatus.SENT) | models.Q(sent_at__isnull=False),
                name="la_return_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.child} due {self.due_on:%d %b %Y}"
