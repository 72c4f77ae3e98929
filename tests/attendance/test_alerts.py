"""Alerts from stored marks: each rule's threshold, the returns they create, the queues."""

from __future__ import annotations

from datetime import date

import pytest

from onroll.attendance.alerting import STOPPED_ATTENDING_SCHOOL_DAYS, stopped_attending
from onroll.attendance.models import AlertRule, AlertStatus, AttendanceAlert, MarkSource
from onroll.attendance.queue import attendance_queue
from onroll.attendance.selectors_overview import school_weeks
from onroll.attendance.services import MarkInput, pupils_refresh, write_marks
from onroll.registers.models import LaReturn, ReturnKind
from onroll.rules.deadlines import school_days_left
from onroll.schools.selectors import school_calendar
from tests.attendance.conftest import TODAY
from tests.conftest import Cast


def _load(cast: Cast, pattern: list[tuple[str, str]], child=None) -> list[date]:  # type: ignore[no-untyped-def]
    """Marks for the last len(pattern) school days up to TODAY, oldest first."""
    child = child or cast.hawthorn_child
    days = school_calendar(cast.hawthorn).school_days(date(2026, 9, 2), TODAY)[-len(pattern) :]
    marks = [
        MarkInput(child, day, session, code)
        for day, (am, pm) in zip(days, pattern, strict=True)
        for session, code in (("AM", am), ("PM", pm))
    ]
    write_marks(school=cast.hawthorn, marks=marks, source=MarkSource.DEMO, acting_user=None)
    pupils_refresh(cast.hawthorn, {child.pk: days[0]}, TODAY)
    return days


def _open(rule: str) -> AttendanceAlert | None:
    return AttendanceAlert.objects.filter(rule_id=rule, status=AlertStatus.OPEN).first()


@pytest.mark.parametrize(("e_days", "alert"), [(5, False), (6, True), (7, True)])
def test_e_beyond_day_5(term: Cast, e_days: int, alert: bool) -> None:
    days = _load(term, [("/", "\\")] * 3 + [("E", "E")] * e_days)
    found = _open(AlertRule.E_BEYOND_DAY_5)
    assert (found is not None) == alert
    if found:
        assert found.since == days[3]
        assert found.due_on == days[3 + 5]  # day 6: provision was due


@pytest.mark.parametrize(("sessions", "due"), [(9, False), (10, True)])
def test_penalty_notice_threshold(term: Cast, sessions: int, due: bool) -> None:
    pattern = [("/", "\\")] * 20
    for i in range(sessions):
        pattern[i * 2] = ("O", "\\")
    _load(term, pattern)
    assert (_open(AlertRule.PENALTY_NOTICE) is not None) == due


@pytest.mark.parametrize(("sick_days", "due"), [(14, False), (15, True)])
def test_sickness_return_is_created_at_15_days(term: Cast, sick_days: int, due: bool) -> None:
    _load(term, [("/", "\\")] * 2 + [("I", "I")] * sick_days)
    alert = _open(AlertRule.SICKNESS_15)
    assert (alert is not None) == due
    returns = LaReturn.objects.filter(kind=ReturnKind.SICKNESS, child=term.hawthorn_child)
    assert returns.exists() == due
    if alert:
        assert alert.la_return == returns.get()


@pytest.mark.parametrize(
    ("missed", "alert"),
    [
        (STOPPED_ATTENDING_SCHOOL_DAYS - 1, False),
        (STOPPED_ATTENDING_SCHOOL_DAYS, True),
        (STOPPED_ATTENDING_SCHOOL_DAYS + 1, True),
    ],
)
def test_stopped_attending(term: Cast, missed: int, alert: bool) -> None:
    mixed = [("I", "I"), ("O", "O"), ("C", "C"), ("M", "I")]
    _load(term, [("/", "\\")] * 5 + [mixed[i % 4] for i in range(missed)])
    assert (_open(AlertRule.STOPPED) is not None) == alert


def test_stopped_attending_leaves_a_pure_unauthorised_run_to_the_10_day_alert(
    term: Cast,
) -> None:
    _load(term, [("/", "\\")] * 5 + [("O", "O")] * 12)
    assert _open(AlertRule.RUN_10) is not None
    assert _open(AlertRule.STOPPED) is None


def test_never_attended_is_not_stopped_attending(term: Cast) -> None:
    calendar = school_calendar(term.hawthorn)
    days = calendar.school_days(date(2026, 11, 2), TODAY)
    marks = [(d, s, "I") for d in days for s in ("AM", "PM")]
    assert stopped_attending(marks, calendar, TODAY) is None


def test_school_queue_and_la_queue(term: Cast) -> None:
    _load(term, [("/", "\\")] * 3 + [("O", "O")] * 21)
    school_items = attendance_queue(term.bob, TODAY)
    titles = [i.title for i in school_items]
    assert "Leo Haworth: 20 school days of unauthorised absence (ground I possible)" in titles
    ten = next(i for i in school_items if "10-day return" in i.title)
    assert ten.due is not None
    assert ten.school_days_left == 5
    la_titles = [i.title for i in attendance_queue(term.charlie, TODAY)]
    assert any(t.startswith("Leo Haworth at Hawthorn Lane High: 20 school days") for t in la_titles)
    assert not any("Persistent" in t for t in la_titles)  # persistent absence stays with schools
    assert attendance_queue(term.diana, TODAY) == []
    assert attendance_queue(term.alice, TODAY) == []  # another school's pupil


def test_school_days_left_counts_school_days(term: Cast) -> None:
    calendar = school_calendar(term.hawthorn)
    assert school_days_left(calendar, TODAY, date(2026, 12, 4)) == 5
    assert school_days_left(calendar, TODAY, date(2026, 11, 20)) == -5
    assert school_days_left(calendar, TODAY, None) is None


def test_weekly_rows_count_persistent_and_severe_to_each_week(term: Cast) -> None:
    _load(term, [("/", "\\")] * 10 + [("O", "O")] * 5)
    weeks = school_weeks(term.hawthorn, TODAY)
    assert [w.monday for w in weeks] == [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    assert [w.possible for w in weeks] == [10, 10, 10]
    assert [w.attended for w in weeks] == [10, 10, 0]
    assert [(w.persistent, w.severe) for w in weeks] == [(0, 0), (0, 0), (1, 0)]
