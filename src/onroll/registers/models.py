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


# ----------------------------------------------------------------------------- placements


class PlacementKind(models.TextChoices):
    """Why a pupil is at the Short Stay School (values of ``rules.placements.PlacementKind``)."""

    REFERRAL = "referral", "Referral placement (dual registered)"
    PERMANENT_EXCLUSION = "permanent_exclusion", "Permanent exclusion (day-6 provision)"


class PlacementAim(models.TextChoices):
    RETURN_TO_SCHOOL = "return", "Return to their mainstream school"
    NEW_SCHOOL = "new_school", "Move to a new mainstream school"


class PlacementStatus(models.TextChoices):
    AWAITING_ROLL = "awaiting", "Waiting to be put on roll"
    ON_ROLL = "on_roll", "On roll"
    ENDED = "ended", "Ended"


class ReintegrationOutcome(models.TextChoices):
    RETURNED = "returned", "Returned to their mainstream school"
    NEW_SCHOOL = "new_school", "Started at a new mainstream school"
    SPECIALIST = "specialist", "Moved to specialist provision"
    OTHER = "other", "Other outcome"


class Placement(models.Model):
    """A pupil's placement at the Short Stay School (PRU): after a permanent exclusion (the
    LA's day-6 provision) or on referral from their mainstream school (dual registered)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="placements")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="placements")
    kind = models.CharField(max_length=20, choices=PlacementKind.choices)
    #: the mainstream school: the excluding school, or the referring (main) school
    home_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="placements_out"
    )
    exclusion = models.OneToOneField(
        "Exclusion", on_delete=models.PROTECT, null=True, blank=True, related_name="placement"
    )
    first_day_of_exclusion = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.AWAITING_ROLL
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )
    on_roll_on = models.DateField(null=True, blank=True)
    on_roll_confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: the day the start on roll was entered (set by the service; earlier starts are back-dated)
    on_roll_recorded_on = models.DateField(null=True, blank=True)
    #: why a permanently excluded pupil started after day 6 (required by R-PRU-D6-LATE)
    late_start_reason = models.TextField(blank=True)
    aim = models.CharField(max_length=12, choices=PlacementAim.choices, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    reviews: models.JSONField[list[dict[str, str]]] = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=12, choices=ReintegrationOutcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=PlacementKind.values), name="placement_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=PlacementKind.PERMANENT_EXCLUSION)
                | models.Q(first_day_of_exclusion__isnull=False),
                name="placement_pex_has_exclusion_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PlacementStatus.ON_ROLL)
                | models.Q(on_roll_on__isnull=False, registration__isnull=False),
                name="placement_on_roll_has_registration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.child} at {self.school}"


# ----------------------------------------------------------------------------- exclusions


class Exclusion(models.Model):
    """A permanent exclusion from a school and its review, state by state (the allowed
    transitions are ``onroll.rules.exclusions.TRANSITIONS``)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="exclusions")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="exclusions")
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="exclusions"
    )
    first_day = models.DateField("First day of the exclusion")
    reason = models.TextField(blank=True)
    state = models.CharField(max_length=30, default="excluded")
    state_since = models.DateField()
    # The LA Pupil Access Team's direction, recorded by its officer on the LA's own page.
    pat_directed_on = models.DateField(null=True, blank=True)
    pat_directed_by = models.CharField(max_length=200, blank=True)
    pat_directed_by_user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pat_note = models.TextField(blank=True)
    pat_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-first_day"]

    def __str__(self) -> str:
        return f"Permanent exclusion of {self.child} from {self.school}"


class ExclusionEvent(models.Model):
    """One step of the review (board decision, IRP application, outcome, ...)."""

    exclusion = models.ForeignKey(Exclusion, on_delete=models.PROTECT, related_name="events")
    event = models.CharField(max_length=40)
    occurred_on = models.DateField()
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.event} on {self.occurred_on}"


# ----------------------------------------------------------------------------- leaving


class LeavingStatus(models.TextChoices):
    PENDING = "pending", "Pending leaver (still on roll)"
    DELETED = "deleted", "Deleted from the register"
    CANCELLED = "cancelled", "No longer leaving"


class CtfKind(models.TextChoices):
    """Values of ``onroll.rules.deletion.CtfKind``."""

    TO_NEXT_SCHOOL = "to_next_school", "CTF to the next school"
    LOST_PUPIL = "lost_pupil", "Lost-pupil CTF (XXXXXXX) to S2S"
    MOVED_ABROAD = "moved_abroad", "Moved-abroad CTF (MMMMMMM)"
    NONE = "none", "No CTF"


class Leaving(models.Model):
    """A pupil leaving a school's roll: pending (still on roll) until deleted under a reg 9
    ground; the destination and who confirmed the child is on its roll; the CTF owed."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="leavings"
    )
    status = models.CharField(
        max_length=10, choices=LeavingStatus.choices, default=LeavingStatus.PENDING
    )
    expected_leaving_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    destination_unknown = models.BooleanField(default=False)
    destination_school = models.CharField(max_length=200, blank=True)
    destination_laestab = models.CharField(max_length=7, blank=True)
    destination_la = models.CharField(max_length=200, blank=True)
    destination_start_on = models.DateField(null=True, blank=True)
    confirmed_by = models.CharField(max_length=200, blank=True)
    confirmed_how = models.CharField(max_length=200, blank=True)
    confirmed_on = models.DateField(null=True, blank=True)
    other_schools_consented = models.BooleanField(default=False)
    deletion_ground = models.CharField(max_length=1, blank=True)
    deleted_on = models.DateField(null=True, blank=True)
    decision_notes: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    ctf_kind = models.CharField(max_length=20, choices=CtfKind.choices, blank=True)
    ctf_destination = models.CharField(max_length=7, blank=True)
    ctf_due_on = models.DateField(null=True, blank=True)
    referral = models.ForeignKey(
        "cases.Notification", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=LeavingStatus.values), name="leaving_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=LeavingStatus.DELETED)
                | models.Q(deleted_on__isnull=False),
                name="leaving_deleted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration.child} leaving {self.registration.school}"

    @property
    def destination_confirmed(self) -> bool:
        return bool(
            self.destination_school.strip()
            and self.confirmed_by.strip()
            and self.confirmed_how.strip()
            and self.confirmed_on
        )


# ----------------------------------------------------------------------------- moves


class Move(models.Model):
    """A family moving area (reg 8(3) future address), and its follow-up on leaving."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="moves")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="moves")
    parent_name = models.CharField(max_length=200)
    line_1 = models.CharField(max_length=200, blank=True)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    move_on = models.DateField()
    intended_school = models.CharField(max_length=200, blank=True)
    intended_la = models.CharField(max_length=200, blank=True)
    followed_up_on = models.DateField(null=True, blank=True)
    follow_up_outcome = models.CharField(max_length=30, blank=True)
    follow_up_note = models.TextField(blank=True)
    referral = models.ForeignKey(
        "cases.Notification", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["move_on"]

    def __str__(self) -> str:
        return f"{self.child} moving on {self.move_on}"

    @property
    def future_address(self) -> str:
        parts = [self.line_1, self.line_2, self.town, self.postcode]
        return ", ".join(p for p in parts if p)

    @property
    def destination_known(self) -> bool:
        return bool(self.intended_school.strip() or self.intended_la.strip())
