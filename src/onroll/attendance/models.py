"""Attendance: register marks, their corrections, imports from MIS exports, the stored
per-pupil state the daily fold keeps current, and the alerts raised from it.

Codes are the 2024 register codes of ``onroll.rules.ATTENDANCE_CODES``; the database refuses
any other code, any session other than AM/PM, and a second mark for the same pupil, school,
date and session.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from onroll.people.models import Child
from onroll.rules.attendance import ATTENDANCE_CODES
from onroll.schools.models import School

CODE_CHOICES = [(code, f"{code} — {entry.meaning}") for code, entry in ATTENDANCE_CODES.items()]


class Session(models.TextChoices):
    AM = "AM", "Morning"
    PM = "PM", "Afternoon"


class MarkSource(models.TextChoices):
    REGISTER = "register", "Register taken in Onroll"
    IMPORT = "import", "Imported from the MIS"
    CORRECTION = "correction", "Corrected"
    DEMO = "demo", "Demo data"


class Mark(models.Model):
    """One register mark: a pupil, a school, a date, a session and its 2024 code."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="marks")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="marks")
    date = models.DateField()
    session = models.CharField(max_length=2, choices=Session.choices)
    code = models.CharField(max_length=2, choices=CODE_CHOICES)
    source = models.CharField(max_length=12, choices=MarkSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "session"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "school", "date", "session"], name="mark_one_per_session"
            ),
            models.CheckConstraint(
                condition=models.Q(session__in=Session.values), name="mark_session_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(code__in=list(ATTENDANCE_CODES)), name="mark_code_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=MarkSource.values), name="mark_source_valid"
            ),
        ]
        indexes = [models.Index(fields=["school", "date"], name="mark_school_date")]

    def __str__(self) -> str:
        return f"{self.child} {self.date} {self.session} {self.code}"


class MarkChange(models.Model):
    """A change to a mark already recorded: the old and new code, why, who and when.

    The register keeps the original entry and every amendment (Regs 2024 reg 7 keeps entries
    for 6 years); the audit log records the same change.
    """

    mark = models.ForeignKey(Mark, on_delete=models.PROTECT, related_name="changes")
    old_code = models.CharField(max_length=2)
    new_code = models.CharField(max_length=2)
    reason = models.TextField()
    source = models.CharField(max_length=12, choices=MarkSource.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(old_code=models.F("new_code")), name="mark_change_changes"
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="mark_change_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.mark}: {self.old_code} → {self.new_code}"


class DualPattern(models.Model):
    """The sessions a school expects a dual-registered pupil (the other school expects the
    rest and this school records D for them).

    ``expected`` is ten characters, Monday AM to Friday PM, ``1`` where this school expects the
    pupil; for example ``1111110000`` is Monday to Wednesday.
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="dual_patterns")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="dual_patterns")
    expected = models.CharField(max_length=10)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "school"], name="dual_pattern_unique"),
            models.CheckConstraint(
                condition=models.Q(expected__regex=r"^[01]{10}$"), name="dual_pattern_ten_flags"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} at {self.school}: {self.expected}"

    def expects(self, weekday: int, session: str) -> bool:
        return self.expected[weekday * 2 + (1 if session == "PM" else 0)] == "1"


class MisPupilId(models.Model):
    """A school MIS's own pupil id mapped to the Onroll child (remembered between imports)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="mis_pupil_ids")
    mis_id = models.CharField(max_length=40)
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="mis_pupil_ids")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "mis_id"], name="mis_pupil_id_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mis_id} → {self.child_id}"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Checked, waiting for confirmation"
    APPLIED = "applied", "Applied"
    REJECTED = "rejected", "Rejected (nothing changed)"


class MarkImport(models.Model):
    """An upload of marks from an MIS export: kept from the preview until confirmed."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="mark_imports")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    mapping_filename = models.CharField(max_length=200, blank=True)
    mapping_content = models.BinaryField(blank=True, default=b"")
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportStatus.values), name="mark_import_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ImportStatus.APPLIED)
                | models.Q(applied_at__isnull=False),
                name="mark_import_applied_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class PupilAttendance(models.Model):
    """A pupil's attendance this school year at one school, kept current by folding each
    day's marks in (see ``attendance.state``) instead of recomputing the year.

    The ``settled_*`` fields hold the totals through the day before ``last_day``; the last
    day's two codes are kept apart because its afternoon register may still change them.
    The public fields (``possible_sessions`` ...) are settled totals plus the last day and
    equal ``rules.summarise_attendance`` over the year's register days.
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="attendance_states")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="attendance_states")
    year_start = models.DateField(help_text="1 September of the school year")
    possible_sessions = models.PositiveIntegerField(default=0)
    attended_sessions = models.PositiveIntegerField(default=0)
    authorised_absences = models.PositiveIntegerField(default=0)
    unauthorised_absences = models.PositiveIntegerField(default=0)
    sickness_sessions = models.PositiveIntegerField(default=0)
    attendance_rate = models.FloatField(null=True, blank=True)
    persistent_absence = models.BooleanField(default=False)
    severe_absence = models.BooleanField(default=False)
    current_unauthorised_run_days = models.PositiveIntegerField(default=0)
    longest_unauthorised_run_days = models.PositiveIntegerField(default=0)
    #: Totals through the day before ``last_day`` (see the class docstring).
    settled: models.JSONField[dict[str, int]] = models.JSONField(default=dict, blank=True)
    last_day = models.DateField(null=True, blank=True)
    last_am = models.CharField(max_length=2, blank=True)
    last_pm = models.CharField(max_length=2, blank=True)
    #: The school's estimate of the school days the pupil will miss through illness this
    #: year, when it has reasonable grounds to expect 15 or more (the sickness return, reg 12).
    expected_sickness_days = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child", "school", "year_start"], name="pupil_attendance_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(attended_sessions__lte=models.F("possible_sessions")),
                name="pupil_attendance_attended_le_possible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} at {self.school} from {self.year_start}"

    @property
    def absences(self) -> int:
        return self.authorised_absences + self.unauthorised_absences

    @property
    def attendance_percent(self) -> str:
        if self.attendance_rate is None:
            return "—"
        return f"{100 * self.attendance_rate:.1f}%"


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class AlertRule(models.TextChoices):
    """The rules an alert can come from (catalogue ids of ``onroll.rules``; STOP is local)."""

    N_UNRESOLVED = "R-ATT-N", "Code N not replaced within 5 school days"
    E_BEYOND_DAY_5 = "R-ATT-E", "Excluded with no provision beyond day 5"
    RUN_20 = "R-ATT-RUN-20", "20 school days of unauthorised absence (ground I possible)"
    RUN_10 = "R-ATT-RUN-10", "10 school days of unauthorised absence (10-day return)"
    SEVERE = "R-ATT-SA", "Severe absence"
    PERSISTENT = "R-ATT-PA", "Persistent absence"
    PENALTY_NOTICE = "R-PN", "Penalty-notice threshold reached"
    SICKNESS_15 = "R-ATT-15", "15 school days of sickness (sickness return)"
    STOPPED = "ONROLL-STOP", "Stopped attending"


class AttendanceAlert(models.Model):
    """Something a school (and its LA) must act on, raised by the rules from a pupil's marks
    and resolved when the rule no longer holds."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="attendance_alerts")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="attendance_alerts")
    rule_id = models.CharField(max_length=20, choices=AlertRule.choices)
    reason = models.TextField()
    since = models.DateField()
    count = models.PositiveIntegerField(default=0)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    raised_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    la_return = models.ForeignKey(
        "registers.LaReturn", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["raised_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "school", "rule_id"],
                condition=models.Q(status="open"),
                name="attendance_alert_one_open_per_rule",
            ),
            models.CheckConstraint(
                condition=models.Q(rule_id__in=AlertRule.values), name="attendance_alert_rule"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", resolved_on__isnull=True)
                | models.Q(status="resolved", resolved_on__isnull=False),
                name="attendance_alert_resolved_has_date",
            ),
        ]
        indexes = [models.Index(fields=["school", "status"], name="attendance_alert_school")]

    def __str__(self) -> str:
        return f"{self.get_rule_id_display()}: {self.child}"
