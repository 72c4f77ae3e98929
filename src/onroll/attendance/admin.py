"""Read-only admin views: marks and alerts change only through the audited services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onroll.attendance.models import (
    AttendanceAlert,
    DualPattern,
    Mark,
    MarkChange,
    MarkImport,
    PupilAttendance,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Mark)
class MarkAdmin(ReadOnlyAdmin):
    list_display = ("child", "school", "date", "session", "code", "source")
    list_filter = ("school", "session", "source")
    date_hierarchy = "date"


@admin.register(MarkChange)
class MarkChangeAdmin(ReadOnlyAdmin):
    list_display = ("mark", "old_code", "new_code", "reason", "changed_by", "changed_at")


@admin.register(AttendanceAlert)
class AttendanceAlertAdmin(ReadOnlyAdmin):
    list_display = ("child", "school", "rule_id", "since", "due_on", "status")
    list_filter = ("rule_id", "status", "school")


@admin.register(PupilAttendance)
class PupilAttendanceAdmin(ReadOnlyAdmin):
    list_display = (
        "child",
        "school",
        "year_start",
        "possible_sessions",
        "attended_sessions",
        "persistent_absence",
        "severe_absence",
    )


@admin.register(MarkImport)
class MarkImportAdmin(ReadOnlyAdmin):
    list_display = ("filename", "school", "status", "rows", "created", "changed", "uploaded_at")
    exclude = ("content", "mapping_content")


@admin.register(DualPattern)
class DualPatternAdmin(ReadOnlyAdmin):
    list_display = ("child", "school", "expected")
