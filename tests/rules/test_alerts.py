"""Attendance alerts: thresholds on and either side (N-1, N, N+1 school days)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from onroll.rules.alerts import (
    AttendanceAlert,
    Mark,
    RegisterDay,
    attendance_alerts,
    current_run_start,
    excluded_without_provision_alert,
    penalty_notice_alert,
    persistent_absence_alert,
    register_days,
    severe_absence_alert,
    summary_for_period,
    ten_day_absence_alert,
    twenty_day_absence_alert,
    unresolved_n_code_alert,
)
from onroll.rules.school_calendar import SchoolCalendar

# Autumn 2025 with half term 27-31 Oct; spring 2026.
CAL = SchoolCalendar(
    [(date(2025, 9, 1), date(2025, 12, 19)), (date(2026, 1, 5), date(2026, 3, 27))],
    [date(2025, 10, 27) + timedelta(days=k) for k in range(5)],
)
MON = date(2025, 11, 3)


def school_days(start: date, n: int) -> list[date]:
    return [CAL.nth_school_day(start, k) for k in range(1, n + 1)]


def marks_for(days: list[date], am: str, pm: str | None = None) -> list[Mark]:
    out = []
    for d in days:
        out.append(Mark(d, "AM", am))
        out.append(Mark(d, "PM", am if pm is None else pm))
    return out


# --------------------------------------------------------------------- register_days


def test_register_days_reads_marks() -> None:
    marks = [
        (date(2025, 11, 4), "PM", "/"),
        (date(2025, 11, 4), "AM", "L"),
        (date(2025, 11, 4), "AM", "L"),  # duplicate, same code: fine
        (date(2025, 11, 5), "AM", "N"),  # PM not yet taken
        (date(2025, 11, 8), "AM", "N"),  # Saturday: ignored
        (date(2025, 11, 6), "AM", "N"),  # after today: ignored
    ]
    days = register_days(marks, CAL, date(2025, 11, 5))
    assert days == [
        RegisterDay(date(2025, 11, 4), "L", "/"),
        RegisterDay(date(2025, 11, 5), "N", None),
    ]
    assert days[1].marked() == (("AM", "N"),)


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ([(MON, "am", "/")], "mark 1 .* session must be AM or PM"),
        ([(MON, "AM", "/"), (MON, "PM", "H")], "mark 2 .* unknown attendance code 'H'"),
        ([(MON, "AM", "/"), (MON, "AM", "N")], "two different codes"),
    ],
)
def test_register_days_errors(marks: list[tuple[date, str, str]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        register_days(marks, CAL, date(2025, 12, 1))


def test_current_run_start_and_summary() -> None:
    days = [
        RegisterDay(date(2025, 11, 3), "/", "\\"),
        RegisterDay(date(2025, 11, 4), "N", "N"),
        RegisterDay(date(2025, 11, 5), "#", None),
        RegisterDay(date(2025, 11, 6), "O", None),
    ]
    assert current_run_start(days) == (2, date(2025, 11, 4))
    assert current_run_start([]) == (0, None)
    summary = summary_for_period(days)
    assert summary.possible_sessions == 5
    assert summary.unauthorised_absences == 3


# --------------------------------------------------------------------- R-ATT-N


@pytest.mark.parametrize(
    ("today", "alert"),
    [
        (date(2025, 11, 7), False),  # 3 school days after
        (date(2025, 11, 10), False),  # 5th school day after: still in time (N-1 elapsed = 4)
        (date(2025, 11, 11), True),  # 5 full school days have passed (N)
        (date(2025, 11, 12), True),  # N+1
    ],
)
def test_unresolved_n(today: date, alert: bool) -> None:
    marks = [Mark(MON, "AM", "N"), Mark(MON, "PM", "/")]
    got = unresolved_n_code_alert(marks, CAL, today)
    assert (got is not None) is alert
    if got:
        assert got.rule_id == "R-ATT-N"
        assert got.sessions == ((MON, "AM"),)
        assert got.count == 1
        assert "still coded N" in got.reason


def test_unresolved_n_counts_school_days_across_half_term() -> None:
    friday = date(2025, 10, 24)
    marks = [Mark(friday, "AM", "N"), Mark(friday, "PM", "N")]
    # school days after Fri 24 Oct: 3, 4, 5, 6, 7 Nov (half term skipped)
    assert unresolved_n_code_alert(marks, CAL, date(2025, 11, 7)) is None
    alert = unresolved_n_code_alert(marks, CAL, date(2025, 11, 10))
    assert alert is not None
    assert alert.count == 2


def test_replaced_n_does_not_alert() -> None:
    marks = [Mark(MON, "AM", "I"), Mark(MON, "PM", "I")]
    assert unresolved_n_code_alert(marks, CAL, date(2025, 12, 1)) is None


# --------------------------------------------------------------------- R-ATT-E


@pytest.mark.parametrize(("e_days", "alert"), [(5, False), (6, True), (7, True)])
def test_e_code_beyond_day_five(e_days: int, alert: bool) -> None:
    days = school_days(MON, e_days)
    marks = marks_for([CAL.previous_school_day(MON)], "/", "\\") + marks_for(days, "E")
    got = excluded_without_provision_alert(marks, CAL, days[-1])
    assert (got is not None) is alert
    if got:
        assert got.rule_id == "R-ATT-E"
        assert got.since == MON
        assert got.count == e_days
        assert "2025-11-10" in got.reason  # day 6


def test_e_run_broken_by_provision() -> None:
    days = school_days(MON, 8)
    marks = marks_for(days[:4], "E") + marks_for([days[4]], "D") + marks_for(days[5:], "E")
    # D is not possible at this school: the day is skipped, so the run continues (7 E days)
    assert excluded_without_provision_alert(marks, CAL, days[-1]) is not None
    marks = marks_for(days[:4], "E") + marks_for([days[4]], "K") + marks_for(days[5:], "E")
    assert excluded_without_provision_alert(marks, CAL, days[-1]) is None


# --------------------------------------------------------------------- runs of G/N/O


@pytest.mark.parametrize(("n", "alert"), [(9, False), (10, True), (11, True)])
def test_ten_day_run(n: int, alert: bool) -> None:
    days = school_days(date(2025, 10, 20), n)  # crosses half term
    marks = marks_for(days, "N", "O")
    got = ten_day_absence_alert(marks, CAL, days[-1])
    assert (got is not None) is alert
    if got:
        assert got.rule_id == "R-ATT-RUN-10"
        assert got.count == n
        assert got.since == date(2025, 10, 20)


@pytest.mark.parametrize(("n", "alert"), [(19, False), (20, True), (21, True)])
def test_twenty_day_run(n: int, alert: bool) -> None:
    days = school_days(MON, n)
    got = twenty_day_absence_alert(marks_for(days, "G"), CAL, days[-1])
    assert (got is not None) is alert
    if got:
        assert got.rule_id == "R-ATT-RUN-20"
        assert "joint reasonable enquiries" in got.reason


def test_run_broken_by_u_or_illness() -> None:
    days = school_days(MON, 12)
    marks = marks_for(days[:6], "N") + marks_for([days[6]], "N", "U") + marks_for(days[7:], "N")
    assert ten_day_absence_alert(marks, CAL, days[-1]) is None


# --------------------------------------------------------------------- PA / SA


def _year_marks(absent_sessions: int, total_days: int = 90) -> tuple[list[Mark], date]:
    days = school_days(date(2025, 9, 1), total_days)
    codes = ["I"] * absent_sessions + ["/"] * (2 * total_days - absent_sessions)
    marks = [
        Mark(d, s, codes[2 * i + j]) for i, d in enumerate(days) for j, s in enumerate(("AM", "PM"))
    ]
    return marks, days[-1]


@pytest.mark.parametrize(("absent", "alert"), [(17, False), (18, True), (19, True)])
def test_persistent_absence_alert(absent: int, alert: bool) -> None:
    marks, today = _year_marks(absent)  # 180 possible sessions
    got = persistent_absence_alert(marks, CAL, today)
    assert (got is not None) is alert
    if got:
        assert got.rule_id == "R-ATT-PA"
        assert got.count == absent
        assert got.since == date(2025, 9, 1)
        assert f"missed {absent} of 180" in got.reason


@pytest.mark.parametrize(("absent", "alert"), [(89, False), (90, True), (91, True)])
def test_severe_absence_alert(absent: int, alert: bool) -> None:
    marks, today = _year_marks(absent)
    got = severe_absence_alert(marks, CAL, today)
    assert (got is not None) is alert


def test_absence_alert_period() -> None:
    marks, today = _year_marks(20)  # absences all in September
    assert persistent_absence_alert(marks, CAL, today) is not None
    assert persistent_absence_alert(marks, CAL, today, since=date(2025, 11, 1)) is None
    assert severe_absence_alert(marks, CAL, today, since=date(2025, 9, 1)) is None
    assert persistent_absence_alert([], CAL, today) is None


# --------------------------------------------------------------------- R-PN


@pytest.mark.parametrize(("sessions", "alert"), [(9, False), (10, True), (11, True)])
def test_penalty_notice_threshold(sessions: int, alert: bool) -> None:
    today = date(2025, 12, 19)
    window = school_days(CAL.add_school_days(today, -49), 50)
    assert window[-1] == today
    marks = [Mark(window[i], "AM", "G") for i in range(sessions)]
    got = penalty_notice_alert(marks, CAL, today)
    assert (got is not None) is alert
    if got:
        assert got.rule_id == "R-PN"
        assert got.since == window[0]
        assert got.count == sessions


def test_penalty_notice_window_edges() -> None:
    today = date(2025, 12, 19)
    first = CAL.add_school_days(today, -49)
    before = CAL.previous_school_day(first)
    # 9 sessions inside the window and 1 the school day before it: no alert
    marks = [Mark(before, "AM", "O")] + [Mark(d, "PM", "U") for d in school_days(first, 9)]
    assert penalty_notice_alert(marks, CAL, today) is None
    # the window ends on the last school day on or before today (a Saturday here)
    marks = [Mark(d, "AM", "N") for d in school_days(first, 5)] + [
        Mark(d, "PM", "N") for d in school_days(first, 5)
    ]
    alert = penalty_notice_alert(marks, CAL, date(2025, 12, 20))
    assert alert is not None
    assert "2025-12-19" in alert.reason
    # authorised absence does not count
    marks = [Mark(d, "AM", "I") for d in school_days(first, 20)]
    assert penalty_notice_alert(marks, CAL, today) is None


def test_penalty_notice_short_calendar() -> None:
    days = school_days(date(2025, 9, 1), 10)
    marks = marks_for(days[:5], "G")
    alert = penalty_notice_alert(marks, CAL, days[-1])
    assert alert is not None
    assert alert.since == CAL.first_day
    assert penalty_notice_alert(marks, CAL, date(2025, 8, 1)) is None


# --------------------------------------------------------------------- all together


def test_attendance_alerts_collects_everything() -> None:
    days = school_days(MON, 21)
    marks = marks_for(days, "N")
    alerts = attendance_alerts(iter(marks), CAL, days[-1] + timedelta(days=1))
    assert [a.rule_id for a in alerts] == [
        "R-ATT-N",
        "R-ATT-RUN-20",
        "R-ATT-RUN-10",
        "R-ATT-SA",
        "R-ATT-PA",
        "R-PN",
    ]
    assert all(isinstance(a, AttendanceAlert) for a in alerts)
    assert attendance_alerts([], CAL, days[-1]) == []
