"""Notifications to the LA's CME team, from schools, other agencies and the public.

A notification is what arrived; triage links it to a child and a case (the case workflow is
built on top of this model).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from onroll.accounts.models import LocalAuthority, Organisation
from onroll.people.models import Child


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


class NotificationStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    TRIAGED = "triaged", "Being worked"
    CLOSED = "closed", "Closed"


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
