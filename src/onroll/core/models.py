"""The append-only audit log: who did what to which record, when, and from where."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    """Every kind of event the audit log records, with the words a child's chronology shows
    for it; a typo is an error, and a reader can list them all. Add a member here before a
    service records a new kind."""

    ATTENDANCE_ALERT_RAISED = "attendance.alert_raised", "Attendance alert raised"
    ATTENDANCE_ALERT_RESOLVED = "attendance.alert_resolved", "Attendance alert resolved"
    ATTENDANCE_DUAL_PATTERN_SET = (
        "attendance.dual_pattern_set",
        "Dual-registration attendance pattern set",
    )
    ATTENDANCE_IMPORT_APPLIED = "attendance.import_applied", "Attendance import applied"
    ATTENDANCE_IMPORT_CHECKED = "attendance.import_checked", "Attendance import checked"
    ATTENDANCE_MARK_CORRECTED = "attendance.mark_corrected", "Attendance mark corrected"
    ATTENDANCE_REGISTER_TAKEN = "attendance.register_taken", "Attendance register taken"
    ATTENDANCE_SICKNESS_ESTIMATE_SET = (
        "attendance.sickness_estimate_set",
        "Expected sickness absence set",
    )
    ATTENDANCE_VIEWED = "attendance.viewed", "Attendance viewed"
    AUTH_SIGNED_IN = "auth.signed_in", "Signed in"
    AUTH_SIGNED_OUT = "auth.signed_out", "Signed out"
    CASE_ASSIGNED = "case.assigned", "Case assigned"
    CASE_CHILD_ADDED = "case.child_added", "Child added to a case"
    CASE_CHILD_CLASSIFIED = "case.child_classified", "Child classified"
    CASE_ENQUIRY_RECORDED = "case.enquiry_recorded", "Enquiry recorded"
    CASE_HANDED_OVER = "case.handed_over", "Case handed over to another LA"
    CASE_MERGED = "case.merged", "Cases merged"
    CASE_OPENED = "case.opened", "Case opened"
    CASE_SAFEGUARDING_ESCALATED = "case.safeguarding_escalated", "Safeguarding concern escalated"
    CASE_TRANSFER_PACK_VIEWED = "case.transfer_pack_viewed", "Transfer pack viewed"
    CASE_TRANSITION = "case.transition", "Case stage changed"
    CASE_VIEWED = "case.viewed", "Case viewed"
    CASES_EXPORTED = "cases.exported", "Cases exported"
    CHILD_ADDRESS_CHANGED = "child.address_changed", "Address changed"
    CHILD_CARER_ADDED = "child.carer_added", "Parent or carer added"
    CHILD_CREATED = "child.created", "Child recorded"
    CHILD_SAFEGUARDING_UPDATED = "child.safeguarding_updated", "Safeguarding details changed"
    CHILD_UPDATED = "child.updated", "Details changed"
    CHILD_VIEWED = "child.viewed", "Record viewed"
    EXCLUSION_PAT_DIRECTION = "exclusion.pat_direction", "Pupil Access Team direction recorded"
    EXCLUSION_RECORDED = "exclusion.recorded", "Permanent exclusion recorded"
    EXCLUSION_REVIEW_EVENT = "exclusion.review_event", "Exclusion review step"
    IDENTIFICATION_CASES_CREATED = "identification.cases_created", "Cases opened from a linkage run"
    IDENTIFICATION_MATCH_ACCEPTED = (
        "identification.match_accepted",
        "Match accepted",
    )
    IDENTIFICATION_MATCH_REJECTED = (
        "identification.match_rejected",
        "Match rejected",
    )
    IDENTIFICATION_RESULTS_VIEWED = (
        "identification.results_viewed",
        "Linkage results viewed",
    )
    IDENTIFICATION_RUN_FAILED = "identification.run_failed", "Linkage run failed"
    IDENTIFICATION_RUN_FINISHED = "identification.run_finished", "Linkage run finished"
    IDENTIFICATION_RUN_STARTED = "identification.run_started", "Linkage run started"
    IDENTIFICATION_UPLOAD_CONFIRMED = (
        "identification.upload_confirmed",
        "Population list confirmed",
    )
    IDENTIFICATION_UPLOAD_DISCARDED = (
        "identification.upload_discarded",
        "Population list discarded",
    )
    IDENTIFICATION_UPLOAD_PREVIEWED = (
        "identification.upload_previewed",
        "Population list checked",
    )
    IDENTIFICATION_UPLOAD_VIEWED = "identification.upload_viewed", "Population list viewed"
    JOINT_ENQUIRY_AGREED = "joint_enquiry.agreed", "Joint enquiry agreed"
    JOINT_ENQUIRY_STARTED = "joint_enquiry.started", "Joint enquiry started"
    LA_CONTACTS_UPDATED = "la.contacts_updated", "LA contact details changed"
    LA_RETURN_DUE = "la_return.due", "Return to the LA due"
    LA_RETURN_NOT_REQUIRED = "la_return.not_required", "Return to the LA not required"
    LA_RETURN_SENT = "la_return.sent", "Return sent to the LA"
    LEAVING_CANCELLED = "leaving.cancelled", "No longer leaving"
    LEAVING_DESTINATION_RECORDED = "leaving.destination_recorded", "Destination recorded"
    LEAVING_STARTED = "leaving.started", "Pending leaver"
    MOVE_FOLLOWED_UP = "move.followed_up", "Move followed up"
    MOVE_RECORDED = "move.recorded", "Family move recorded"
    NOTIFICATION_CASE_OPENED = "notification.case_opened", "Case opened from a notification"
    NOTIFICATION_CHILD_LINKED = "notification.child_linked", "Notification linked to a child"
    NOTIFICATION_SUBMITTED = "notification.submitted", "Notification sent to the LA"
    NOTIFICATION_VIEWED = "notification.viewed", "Notification viewed"
    PLACEMENT_ON_ROLL = "placement.on_roll", "Put on the Short Stay School's roll"
    PLACEMENT_OUTCOME = "placement.outcome", "Placement outcome recorded"
    PLACEMENT_REFERRAL_CREATED = "placement.referral_created", "Referral placement started"
    PLACEMENT_REVIEWED = "placement.reviewed", "Placement reviewed"
    REFERRAL_CME_SUBMITTED = "referral.cme_submitted", "CME referral made"
    REFERRAL_CMOOE_SUBMITTED = "referral.cmooe_submitted", "CMOOE report made"
    REGISTRATION_CREATED = "registration.created", "Entered on the admission register"
    REGISTRATION_DELETED = "registration.deleted", "Deleted from the admission register"
    REGISTRATION_KIND_CHANGED = "registration.kind_changed", "Registration changed"
    TWO_FACTOR_FAILED = "two_factor.failed", "Two-factor code refused"
    TWO_FACTOR_SET_UP = "two_factor.set_up", "Two-factor sign-in set up"
    TWO_FACTOR_SET_UP_FAILED = "two_factor.set_up_failed", "Two-factor set-up refused"
    TWO_FACTOR_VERIFIED = "two_factor.verified", "Two-factor code accepted"
    USER_CREATED = "user.created", "User created"


class AuditEvent(models.Model):
    """One event. Rows are never updated or deleted (the database refuses both)."""

    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_username = models.CharField(max_length=150, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=80, db_index=True, choices=AuditAction.choices)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    child_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username or 'system'} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only")
