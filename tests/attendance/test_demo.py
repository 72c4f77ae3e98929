"""The attendance demo: believable patterns that show every alert, loaded idempotently."""

from __future__ import annotations

from datetime import date
from typing import Any

from onroll.attendance.models import AlertRule, AlertStatus, AttendanceAlert, Mark, PupilAttendance
from onroll.demo.loader import load_demo
from onroll.registers.models import LaReturn


def test_demo_marks_show_every_alert_and_loading_twice_adds_nothing(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        load_demo(date(2026, 11, 29))
    marks = Mark.objects.count()
    alerts = set(
        AttendanceAlert.objects.filter(status=AlertStatus.OPEN).values_list("rule_id", flat=True)
    )
    assert marks > 5000
    assert alerts >= {
        AlertRule.RUN_10,
        AlertRule.RUN_20,
        AlertRule.N_UNRESOLVED,
        AlertRule.E_BEYOND_DAY_5,
        AlertRule.PERSISTENT,
        AlertRule.SEVERE,
        AlertRule.PENALTY_NOTICE,
        AlertRule.SICKNESS_15,
        AlertRule.STOPPED,
    }
    assert LaReturn.objects.filter(kind__in=["ten_day_absence", "sickness"]).count() >= 2
    # dual-registered pupils: D at the school not expecting them, never both schools present
    assert Mark.objects.filter(code="D", school__phase="pru").exists()
    assert Mark.objects.filter(code="D").exclude(school__phase="pru").exists()
    before = (
        sorted(Mark.objects.values_list("id", "code")),
        sorted(AttendanceAlert.objects.values_list("id", "status", "updated_at")),
        PupilAttendance.objects.count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        load_demo(date(2026, 11, 29))
    after = (
        sorted(Mark.objects.values_list("id", "code")),
        sorted(AttendanceAlert.objects.values_list("id", "status", "updated_at")),
        PupilAttendance.objects.count(),
    )
    assert after == before
