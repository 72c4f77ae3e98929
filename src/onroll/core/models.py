"""The append-only audit log: who did what to which record, when, and from where."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    """Every kind of event the audit log records; a typo is an error, and a reader can list
    them all. Add a member here before a service records a new kind."""

    ATTENDANCE_ALERT_RAISED = "attendance.alert_raised", "Attendance: alert raised"
    ATTENDANCE_ALERT_RESOLVED = "attendance.alert_resolved", "Attendance: alert resolved"
    ATTENDANCE_DUAL_PATTERN_SET = "attendance.dual_pattern_set", "Attendance: dual pattern set"
    ATTENDANCE_IMPORT_APPLIED = "attendance.import_applied", "Attendance: import applied"
    ATTENDANCE_IMPORT_CHECKED = "attendance.import_checked", "Attendance: import checked"
    ATTENDANCE_MARK_CORRECTED = "attendance.mark_corrected", "Attendance: mark corrected"
    ATTENDANCE_REGISTER_TAKEN = "attendance.register_taken", "Attendance: register taken"
    ATTENDANCE_SICKNESS_ESTIMATE_SET = (
        "attendance.sickness_estimate_set",
        "Attendance: sickness estimate set",
    )
    ATTENDANCE_VIEWED = "attendance.viewed", "Attendance: viewed"
    AUTH_SIGNED_IN = "auth.signed_in", "Auth: signed in"
    AUTH_SIGNED_OUT = "auth.signed_out", "Auth: signed out"
    CASE_ASSIGNED = "case.assigned", "Case: assigned"
    CASE_CHILD_ADDED = "case.child_added", "Case: child added"
    CASE_CHILD_CLASSIFIED = "case.child_classified", "Case: child classified"
    CASE_ENQUIRY_RECORDED = "case.enquiry_recorded", "Case: enquiry recorded"
    CASE_HANDED_OVER = "case.handed_over", "Case: handed over"
    CASE_MERGED = "case.merged", "Case: merged"
    CASE_OPENED = "case.opened", "Case: opened"
    CASE_SAFEGUARDING_ESCALATED = "case.safeguarding_escalated", "Case: safeguarding escalated"
    CASE_TRANSFER_PACK_VIEWED = "case.transfer_pack_viewed", "Case: transfer pack viewed"
    CASE_TRANSITION = "case.transition", "Case: transition"
    CASE_VIEWED = "case.viewed", "Case: viewed"
    CASES_EXPORTED = "cases.exported", "Cases: exported"
    CHILD_ADDRESS_CHANGED = "child.address_changed", "Child: address changed"
    CHILD_CARER_ADDED = "child.carer_added", "Child: carer added"
    CHILD_CREATED = "child.created", "Child: created"
    CHILD_SAFEGUARDING_UPDATED = "child.safeguarding_updated", "Child: safeguarding updated"
    CHILD_UPDATED = "child.updated", "Child: updated"
    CHILD_VIEWED = "child.viewed", "Child: viewed"
    EXCLUSION_PAT_DIRECTION = "exclusion.pat_direction", "Exclusion: pat direction"
    EXCLUSION_RECORDED = "exclusion.recorded", "Exclusion: recorded"
    EXCLUSION_REVIEW_EVENT = "exclusion.review_event", "Exclusion: review event"
    IDENTIFICATION_CASES_CREATED = "identification.cases_created", "Identification: cases created"
    IDENTIFICATION_MATCH_ACCEPTED = (
        "identification.match_accepted",
        "Identification: match accepted",
    )
    IDENTIFICATION_MATCH_REJECTED = (
        "identification.match_rejected",
        "Identification: match rejected",
    )
    IDENTIFICATION_RESULTS_VIEWED = (
        "identification.results_viewed",
        "Identification: results viewed",
    )
    IDENTIFICATION_RUN_FAILED = "identification.run_failed", "Identification: run failed"
    IDENTIFICATION_RUN_FINISHED = "identification.run_finished", "Identification: run finished"
    IDENTIFICATION_RUN_STARTED = "identification.run_started", "Identification: run started"
    IDENTIFICATION_UPLOAD_CONFIRMED = (
        "identification.upload_confirmed",
        "Identification: upload confirmed",
    )
    IDENTIFICATION_UPLOAD_DISCARDED = (
        "identification.upload_discarded",
        "Identification: upload discarded",
    )
    IDENTIFICATION_UPLOAD_PREVIEWED = (
        "identification.upload_previewed",
        "Identification: upload previewed",
    )
    IDENTIFICATION_UPLOAD_VIEWED = "identification.upload_viewed", "Identification: upload viewed"
    JOINT_ENQUIRY_AGREED = "joint_enquiry.agreed", "Joint enquiry: agreed"
    JOINT_ENQUIRY_STARTED = "joint_enquiry.started", "Joint enquiry: started"
    LA_CONTACTS_UPDATED = "la.contacts_updated", "La: contacts updated"
    LA_RETURN_DUE = "la_return.due", "La return: due"
    LA_RETURN_NOT_REQUIRED = "la_return.not_required", "La return: not required"
    LA_RETURN_SENT = "la_return.sent", "La return: sent"
    LEAVING_CANCELLED = "leaving.cancelled", "Leaving: cancelled"
    LEAVING_DESTINATION_RECORDED = "leaving.destination_recorded", "Leaving: destination recorded"
    LEAVING_STARTED = "leaving.started", "Leaving: started"
    MOVE_FOLLOWED_UP = "move.followed_up", "Move: followed up"
    MOVE_RECORDED = "move.recorded", "Move: recorded"
    NOTIFICATION_CASE_OPENED = "notification.case_opened", "Notification: case opened"
    NOTIFICATION_CHILD_LINKED = "notification.child_linked", "Notification: child linked"
    NOTIFICATION_SUBMITTED = "notification.submitted", "Notification: submitted"
    NOTIFICATION_VIEWED = "notification.viewed", "Notification: viewed"
    PLACEMENT_ON_ROLL = "placement.on_roll", "Placement: on roll"
    PLACEMENT_OUTCOME = "placement.outcome", "Placement: outcome"
    PLACEMENT_REFERRAL_CREATED = "placement.referral_created", "Placement: referral created"
    PLACEMENT_REVIEWED = "placement.reviewed", "Placement: reviewed"
    REFERRAL_CME_SUBMITTED = "referral.cme_submitted", "Referral: cme submitted"
    REFERRAL_CMOOE_SUBMITTED = "referral.cmooe_submitted", "Referral: cmooe submitted"
    REGISTRATION_CREATED = "registration.created", "Registration: created"
    REGISTRATION_DELETED = "registration.deleted", "Registration: deleted"
    REGISTRATION_KIND_CHANGED = "registration.kind_changed", "Registration: kind changed"
    TWO_FACTOR_FAILED = "two_factor.failed", "Two factor: failed"
    TWO_FACTOR_SET_UP = "two_factor.set_up", "Two factor: set up"
    TWO_FACTOR_SET_UP_FAILED = "two_factor.set_up_failed", "Two factor: set up failed"
    TWO_FACTOR_VERIFIED = "two_factor.verified", "Two factor: verified"
    USER_CREATED = "user.created", "User: created"


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
