"""Taking registers, corrections, the dual-registration rule, state and alerts."""

from __future__ import annotations

from datetime import date

import pytest

from onroll.attendance.factories import DualPatternFactory
from onroll.attendance.models import (
    AlertRule,
    AlertStatus,
    AttendanceAlert,
    Mark,
    MarkChange,
    MarkSource,
    PupilAttendance,
)
from onroll.attendance.services import (
    AttendanceError,
    MarkInput,
    mark_correct,
    register_record,
    school_daily_update,
    write_marks,
)
from onroll.core.models import AuditEvent
from onroll.registers.models import LaReturn, ReturnKind
from onroll.rules.alerts import register_days, summary_for_period
from onroll.schools.selectors import school_calendar
from tests.attendance.conftest import TODAY
from tests.conftest import Cast

MONDAY = date(2026, 11, 23)
THURSDAY = date(2026, 11, 26)


def _school_days(cast: Cast, first: date, last: date) -> list[date]:
    return school_calendar(cast.hawthorn).school_days(first, last)


def test_taking_a_register_records_marks_and_audits(term: Cast) -> None:
    cast = term
    result = register_record(
        school=cast.hawthorn,
        day=MONDAY,
        session="AM",
        codes={cast.hawthorn_child.pk: "/", cast.pru_child.pk: "N"},
        acting_user=cast.bob,
        today=TODAY,
    )
    assert result.created == 2
    assert Mark.objects.get(child=cast.pru_child, date=MONDAY, session="AM").code == "N"
    event = AuditEvent.objects.get(action="attendance.register_taken")
    assert event.actor == cast.bob
    assert event.detail["created"] == 2
    state = PupilAttendance.objects.get(child=cast.pru_child, school=cast.hawthorn)
    assert (state.possible_sessions, state.unauthorised_absences) == (1, 1)


def test_changing_a_taken_register_needs_a_reason_and_is_kept(term: Cast) -> None:
    cast = term
    codes = {cast.hawthorn_child.pk: "N"}
    register_record(
        school=cast.hawthorn,
        day=MONDAY,
        session="AM",
        codes=codes,
        acting_user=cast.bob,
        today=TODAY,
    )
    with pytest.raises(AttendanceError) as refused:
        register_record(
            school=cast.hawthorn,
            day=MONDAY,
            session="AM",
            codes={cast.hawthorn_child.pk: "I"},
            acting_user=cast.bob,
            today=TODAY,
        )
    assert "give a reason for changing N to I" in str(refused.value)
    register_record(
        school=cast.hawthorn,
        day=MONDAY,
        session="AM",
        codes={cast.hawthorn_child.pk: "I"},
        acting_user=cast.bob,
        today=TODAY,
        reason="Mother phoned: ill",
    )
    change = MarkChange.objects.get()
    assert (change.old_code, change.new_code, change.reason) == ("N", "I", "Mother phoned: ill")


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2026, 11, 28), "the date is in the future"),
        (date(2026, 11, 21), "not a school day"),
        (date(2026, 8, 20), "not a school day"),
    ],
)
def test_refuses_marks_off_the_calendar(term: Cast, day: date, message: str) -> None:
    with pytest.raises(AttendanceError) as refused:
        register_record(
            school=term.hawthorn,
            day=day,
            session="AM",
            codes={term.hawthorn_child.pk: "/"},
            acting_user=term.bob,
            today=TODAY,
        )
    assert message in str(refused.value)
    assert not Mark.objects.exists()


def test_refuses_a_pupil_not_on_the_roll(term: Cast) -> None:
    with pytest.raises(AttendanceError) as refused:
        register_record(
            school=term.pru,
            day=MONDAY,
            session="AM",
            codes={term.hawthorn_child.pk: "/"},
            acting_user=term.alice,
            today=TODAY,
        )
    assert "Leo Haworth is not on Stepping Stones's roll that day" in str(refused.value)


def test_dual_registration_the_school_not_expecting_the_pupil_records_d(term: Cast) -> None:
    cast = term
    # The PRU expects Ava Monday to Wednesday; Hawthorn the rest of the week.
    DualPatternFactory(child=cast.pru_child, school=cast.pru)  # Monday to Wednesday
    with pytest.raises(AttendanceError) as refused:
        register_record(
            school=cast.pru,
            day=THURSDAY,
            session="AM",
            codes={cast.pru_child.pk: "/"},
            acting_user=cast.alice,
            today=TODAY,
        )
    assert "Hawthorn Lane High expects the pupil this session" in str(refused.value)
    assert "records D, not /" in str(refused.value)
    register_record(
        school=cast.pru,
        day=THURSDAY,
        session="AM",
        codes={cast.pru_child.pk: "D"},
        acting_user=cast.alice,
        today=TODAY,
    )
    # Hawthorn, read through the complement of the PRU's pattern: it expects her on Thursday
    # and must not record D then; on Monday it must.
    with pytest.raises(AttendanceError, match="expects the pupil this session"):
        register_record(
            school=cast.hawthorn,
            day=THURSDAY,
            session="AM",
            codes={cast.pru_child.pk: "D"},
            acting_user=cast.bob,
            today=TODAY,
        )
    with pytest.raises(AttendanceError, match="records D, not N"):
        register_record(
            school=cast.hawthorn,
            day=MONDAY,
            session="PM",
            codes={cast.pru_child.pk: "N"},
            acting_user=cast.bob,
            today=TODAY,
        )


def test_k_is_never_used_for_another_school_where_the_pupil_is_registered(term: Cast) -> None:
    cast = term
    register_record(
        school=cast.hawthorn,
        day=MONDAY,
        session="AM",
        codes={cast.pru_child.pk: "/"},
        acting_user=cast.bob,
        today=TODAY,
    )
    with pytest.raises(AttendanceError) as refused:
        register_record(
            school=cast.pru,
            day=MONDAY,
            session="AM",
            codes={cast.pru_child.pk: "K"},
            acting_user=cast.alice,
            today=TODAY,
        )
    assert "K is not used when the pupil is at another school where they are registered" in str(
        refused.value
    )
    assert "record D" in str(refused.value)


def test_d_only_for_a_dual_registered_pupil(term: Cast) -> None:
    with pytest.raises(AttendanceError, match="no current dual registration"):
        register_record(
            school=term.hawthorn,
            day=MONDAY,
            session="AM",
            codes={term.hawthorn_child.pk: "D"},
            acting_user=term.bob,
            today=TODAY,
        )


def _absent(cast: Cast, days: list[date], code: str = "N") -> None:
    for day in days:
        for session in ("AM", "PM"):
            register_record(
                school=cast.hawthorn,
                day=day,
                session=session,
                codes={cast.hawthorn_child.pk: code},
                acting_user=cast.bob,
                today=TODAY,
            )


def test_ten_days_of_unauthorised_absence_raise_alerts_and_the_return(term: Cast) -> None:
    cast = term
    days = _school_days(cast, date(2026, 11, 2), TODAY)  # 20 school days
    _absent(cast, days[:10], "/")
    _absent(cast, days[10:19], "O")  # 9 days: not yet
    open_rules = set(
        AttendanceAlert.objects.filter(status=AlertStatus.OPEN).values_list("rule_id", flat=True)
    )
    assert AlertRule.RUN_10 not in open_rules
    assert not LaReturn.objects.exists()
    _absent(cast, days[19:], "O")  # the 10th day
    alert = AttendanceAlert.objects.get(rule_id=AlertRule.RUN_10, status=AlertStatus.OPEN)
    assert alert.count == 10
    assert alert.since == days[10]
    assert alert.la_return is not None
    assert alert.la_return.kind == ReturnKind.TEN_DAY_ABSENCE
    assert AttendanceAlert.objects.filter(rule_id=AlertRule.PERSISTENT).exists()
    # a correction with a reason breaks the run: the alert resolves
    mark_correct(
        school=cast.hawthorn,
        child=cast.hawthorn_child,
        day=TODAY,
        session="AM",
        code="I",
        reason="GP letter received",
        acting_user=cast.bob,
        today=TODAY,
    )
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED
    assert AuditEvent.objects.filter(
        action="attendance.mark_corrected", child_id=cast.hawthorn_child.pk
    ).exists()


def test_state_equals_the_rules_after_corrections_and_appends(term: Cast) -> None:
    cast = term
    days = _school_days(cast, date(2026, 9, 2), TODAY)
    codes = ["/", "\\", "N", "I", "G", "O", "#", "L", "U", "C"]
    for i, day in enumerate(days[:-1]):
        write_marks(
            school=cast.hawthorn,
            marks=[
                MarkInput(cast.hawthorn_child, day, "AM", codes[i % len(codes)]),
                MarkInput(cast.hawthorn_child, day, "PM", codes[(i * 3) % len(codes)]),
            ],
            source=MarkSource.DEMO,
            acting_user=None,
        )
    mark_correct(
        school=cast.hawthorn,
        child=cast.hawthorn_child,
        day=days[3],
        session="AM",
        code="O",
        reason="test",
        acting_user=cast.bob,
        today=TODAY,
    )  # recompute
    _absent(cast, days[-1:], "G")  # append AM then refresh PM
    state = PupilAttendance.objects.get(child=cast.hawthorn_child, school=cast.hawthorn)
    marks = Mark.objects.filter(child=cast.hawthorn_child).values_list("date", "session", "code")
    expected = summary_for_period(register_days(marks, school_calendar(cast.hawthorn), TODAY))
    assert state.possible_sessions == expected.possible_sessions
    assert state.attended_sessions == expected.attended_sessions
    assert state.unauthorised_absences == expected.unauthorised_absences
    assert state.current_unauthorised_run_days == expected.current_unauthorised_run_days
    assert state.longest_unauthorised_run_days == expected.longest_unauthorised_run_days
    assert state.attendance_rate == expected.attendance_rate


def test_n_unresolved_alert_appears_after_five_school_days_in_the_daily_run(term: Cast) -> None:
    cast = term
    register_record(
        school=cast.hawthorn,
        day=date(2026, 11, 16),
        session="AM",
        codes={cast.hawthorn_child.pk: "N"},
        acting_user=cast.bob,
        today=date(2026, 11, 16),
    )
    assert not AttendanceAlert.objects.filter(rule_id=AlertRule.N_UNRESOLVED).exists()
    school_daily_update(cast.hawthorn, date(2026, 11, 23))  # 5 school days after: in time
    assert not AttendanceAlert.objects.filter(rule_id=AlertRule.N_UNRESOLVED).exists()
    school_daily_update(cast.hawthorn, date(2026, 11, 24))
    alert = AttendanceAlert.objects.get(rule_id=AlertRule.N_UNRESOLVED)
    assert alert.since == date(2026, 11, 16)
    assert alert.due_on == date(2026, 11, 23)


def test_a_present_mark_re_evaluates_only_pupils_with_open_alerts(
    term: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session attended can end an alert but never start one, so an all-present register
    skips the alert rules for pupils with none open (the fold still runs)."""
    import onroll.attendance.services as services

    cast = term
    days = _school_days(cast, date(2026, 11, 2), TODAY)
    _absent(cast, days[:12], "O")  # Leo: open alerts
    calls: list[int] = []
    real = services.alerts_sync

    def counting(school, child, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(child.pk)
        return real(school, child, *args, **kwargs)

    monkeypatch.setattr(services, "alerts_sync", counting)
    register_record(
        school=cast.hawthorn,
        day=days[12],
        session="AM",
        codes={cast.hawthorn_child.pk: "/", cast.pru_child.pk: "/"},
        acting_user=cast.bob,
        today=TODAY,
    )
    assert calls == [cast.hawthorn_child.pk]
    assert not AttendanceAlert.objects.filter(
        child=cast.hawthorn_child, rule_id=AlertRule.RUN_10, status=AlertStatus.OPEN
    ).exists()
    assert PupilAttendance.objects.get(child=cast.pru_child).attended_sessions == 1
