"""Notifications to the LA's CME team, and the cases its officers work until a child is found.

A notification is what arrived (from a school, another agency, the public or another LA);
triage links it to a child and a case. One child has at most one open case in an LA (a
database constraint); brothers and sisters are one family case. Tracing records the
reasonable enquiries (domain.md §6.3), joint enquiries with schools (grounds H and I) and any
safeguarding escalation. A case closes only with an outcome and its evidence.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from onroll.accounts.models import LocalAuthority, Organisation
from onroll.cases.workflow import (
    CaseStage,
    EnquiryMethod,
    EnquiryStepKind,
    EscalationTo,
    JointEnquiryOutcome,
    Outcome,
)
from onroll.people.models import Child
from onroll.schools.models import School


class NotificationSource(models.TextChoices):
    SCHOOL = "school", "School"
    AGENCY = "agency", "Other agency"
    PUBLIC = "public", "Member of the public"
    LA = "la", "Local authority"


class NotificationKind(models.TextChoices):
    CME_REFERRAL = "cme_referral", "Child missing education referral"
    CMOOE_REPORT = "cmooe_report", "On roll but missing out on education"
    DELETION_UNKNOWN_DESTINATION = "deletion_unknown_destination", "Deleted, destination unknown"
    DELETION_RETURN = "deletion_return", "Deletion return"
    NEW_PUPIL_RETURN = "new_pupil_return", "New pupil return"
    TEN_DAY_ABSENCE = "ten_day_absence", "10-day continuous absence return"
    SICKNESS_RETURN = "sickness_return", "15-day sickness return"
    NON_PUPIL = "non_pupil", "Child who is not the school's pupil"
    AGENCY_REPORT = "agency_report", "Report from another agency"
    PUBLIC_REPORT = "public_report", "Report from a member of the public"
    LA_HANDOVER = "la_handover", "Case handed over by another local authority"


#: Kinds that open (or join) a CME case as soon as they arrive; the rest wait in the inbox
#: until an officer decides a case is needed.
CASE_OPENING_KINDS = frozenset(
    {
        NotificationKind.CME_REFERRAL,
        NotificationKind.DELETION_UNKNOWN_DESTINATION,
        NotificationKind.NON_PUPIL,
        NotificationKind.AGENCY_REPORT,
        NotificationKind.PUBLIC_REPORT,
        NotificationKind.LA_HANDOVER,
    }
)


class NotificationStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    TRIAGED = "triaged", "Being worked"
    CLOSED = "closed", "Closed"


class Case(models.Model):
    """One CME case: a child, or brothers and sisters together, whom an LA must find."""

    reference = models.CharField(max_length=20, unique=True)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="cme_cases"
    )
    stage = models.CharField(max_length=10, choices=CaseStage.choices, default=CaseStage.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    #: ``onroll.rules.risk.PriorityLevel`` value (1 routine … 4 urgent) with the reasons.
    priority = models.PositiveSmallIntegerField(default=1)
    priority_reasons: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    opened_on = models.DateField()
    stage_entered_on = models.DateField()
    #: When the current stage's work is due (school days on the LA's calendar).
    due_on = models.DateField(null=True, blank=True)
    located_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_la = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: School, LA, country or provider named in words (when not an Onroll organisation).
    outcome_detail = models.CharField(max_length=200, blank=True)
    outcome_evidence = models.TextField(blank=True)
    handed_over_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="handed_over_to"
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )

    class Meta:
        ordering = ["-priority", "due_on", "opened_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage__in=CaseStage.values), name="case_stage_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(outcome__in=Outcome.values),
                name="case_outcome_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=4), name="case_priority_1_4"
            ),
            models.CheckConstraint(
                condition=~models.Q(stage=CaseStage.CLOSED)
                | (
                    ~models.Q(outcome="")
                    & ~models.Q(outcome_evidence="")
                    & models.Q(closed_on__isnull=False)
                ),
                name="case_closed_has_outcome_and_evidence",
            ),
            models.CheckConstraint(
                condition=models.Q(stage=CaseStage.CLOSED) | models.Q(outcome=""),
                name="case_outcome_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.stage != CaseStage.CLOSED

    @property
    def priority_label(self) -> str:
        return {1: "Routine", 2: "Raised", 3: "High", 4: "Urgent"}[self.priority]

    @property
    def outcome_summary(self) -> str:
        """The outcome in words, naming the school, LA or place."""
        if not self.outcome:
            return ""
        label = Outcome(self.outcome).label
        named = (
            self.outcome_school.name
            if self.outcome_school
            else self.outcome_la.name
            if self.outcome_la
            else self.outcome_detail
        )
        return f"{label}: {named}" if named else label


#: The rules engine's ``ChildStatus`` values in words.
CLASSIFICATION_LABELS = {
    "cme": "Missing education (CME)",
    "whereabouts_unknown": "Whereabouts unknown",
    "on_roll": "On a school roll",
    "on_roll_missing_out": "On roll but missing out on education (CMOOE)",
    "educated_otherwise": "Educated otherwise than at school",
    "not_compulsory_age": "Not of compulsory school age",
}


class CaseChild(models.Model):
    """A child in a case, with the rules engine's classification and its reasons.

    ``local_authority`` and ``is_open`` copy the case's, so that the database itself keeps
    one child in at most one open case per LA.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_children")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cme_case_links")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    is_open = models.BooleanField(default=True)
    #: ``onroll.rules.classification.ChildStatus`` value, blank until classified.
    classification = models.CharField(max_length=30, blank=True)
    classification_reasons: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    classified_on = models.DateField(null=True, blank=True)
    #: How triage matched the child (which fields agreed), in words.
    match_explanation = models.TextField(blank=True)

    class Meta:
        ordering = ["child__date_of_birth"]
        constraints = [
            models.UniqueConstraint(fields=["case", "child"], name="case_child_unique"),
            models.UniqueConstraint(
                fields=["child", "local_authority"],
                condition=models.Q(is_open=True),
                name="child_one_open_case_per_la",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} in {self.case}"

    @property
    def classification_label(self) -> str:
        return CLASSIFICATION_LABELS.get(self.classification, "Not yet classified")


class Notification(models.Model):
    """One notification received by an LA's CME team."""

    reference = models.CharField(max_length=20, unique=True)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="notifications"
    )
    source = models.CharField(max_length=10, choices=NotificationSource.choices)
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    from_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications_sent",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField()
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )
    #: What the notifier told us about the child and family, as given (names, date of
    #: birth, addresses, contacts, school, situation). Kept even when matched to a child.
    details: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=60, blank=True)
    narrative = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.RECEIVED
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=NotificationSource.values),
                name="notification_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=NotificationKind.values),
                name="notification_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=NotificationStatus.values),
                name="notification_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()}"

    @property
    def stage_label(self) -> str:
        """What the referrer may see: the case's stage, or the notification's status."""
        if self.case is not None:
            return CaseStage(self.case.stage).referrer_label
        return self.get_status_display()

    @property
    def outcome_label(self) -> str:
        """The case's outcome in words once closed (blank until then)."""
        return self.case.outcome_summary if self.case is not None else ""


class EnquiryStep(models.Model):
    """One reasonable enquiry: what was done, when, by whom, how, and what it found."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="enquiry_steps")
    step = models.CharField(max_length=30, choices=EnquiryStepKind.choices)
    done_on = models.DateField()
    person = models.CharField("Who made the enquiry", max_length=120)
    method = models.CharField(max_length=20, choices=EnquiryMethod.choices)
    result = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["done_on", "recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(step__in=EnquiryStepKind.values), name="enquiry_step_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(method__in=EnquiryMethod.values), name="enquiry_method_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} on {self.done_on}"


class JointEnquiry(models.Model):
    """Reasonable enquiries made jointly by a school and the LA before a ground H or I
    deletion, ending in an agreed off-roll date that the school's deletion can rely on.

    The school side reads it with ``cases.selectors.agreed_joint_enquiry(school, child)``.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="joint_enquiries")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="joint_enquiries")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="joint_enquiries")
    ground = models.CharField(max_length=1, choices=[("H", "Ground H"), ("I", "Ground I")])
    started_on = models.DateField()
    proposed_off_roll_date = models.DateField(null=True, blank=True)
    la_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    outcome = models.CharField(max_length=30, choices=JointEnquiryOutcome.choices, blank=True)
    notes = models.TextField(blank=True)
    agreed_off_roll_date = models.DateField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name_plural = "joint enquiries"
        constraints = [
            models.CheckConstraint(condition=models.Q(ground__in=["H", "I"]), name="joint_h_or_i"),
            models.CheckConstraint(
                condition=models.Q(agreed_off_roll_date__isnull=True)
                | (~models.Q(outcome="") & models.Q(agreed_by__isnull=False)),
                name="joint_agreed_date_has_outcome_and_school",
            ),
            models.UniqueConstraint(
                fields=["case", "school", "child"], name="joint_enquiry_one_per_school_child"
            ),
        ]

    def __str__(self) -> str:
        return f"Joint enquiry {self.child} / {self.school} (ground {self.ground})"


class SafeguardingEscalation(models.Model):
    """An immediate referral to children's social care or the police (domain.md §6.3 item 8:
    safeguarding procedures take precedence over CME timescales)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    escalated_to = models.CharField(max_length=20, choices=EscalationTo.choices)
    escalated_at = models.DateTimeField()
    escalated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    concern = models.TextField()
    their_reference = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-escalated_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(escalated_to__in=EscalationTo.values),
                name="escalation_to_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_escalated_to_display()} {self.escalated_at:%d %b %Y}"
