"""The whole-LA rebuild with onroll.analytics agrees with the daily fold."""

from __future__ import annotations

import random
from datetime import date

from django.core.management import call_command

from onroll.attendance.bulk import FIELDS, states_rebuild
from onroll.attendance.models import Mark, MarkSource, PupilAttendance
from onroll.attendance.services import MarkInput, pupils_refresh, register_record, write_marks
from onroll.schools.models import School
from onroll.schools.selectors import school_calendar
from tests.attendance.conftest import TODAY
from tests.conftest import Cast

CODES = ["/", "\\", "L", "N", "O", "G", "I", "M", "C", "#", "U", "E", "B"]


def test_rebuild_with_the_engine_equals_the_folded_states(term: Cast) -> None:
    cast = term
    rng = random.Random(6)
    days = school_calendar(cast.hawthorn).school_days(date(2026, 9, 2), TODAY)
    for child in (cast.hawthorn_child, cast.pru_child):
        marks = [
            MarkInput(child, day, session, rng.choice(CODES))
            for day in days[:-1]
            for session in ("AM", "PM")
        ]
        write_marks(school=cast.hawthorn, marks=marks, source=MarkSource.DEMO, acting_user=None)
    pupils_refresh(
        cast.hawthorn, {cast.hawthorn_child.pk: days[0], cast.pru_child.pk: days[0]}, TODAY
    )
    # today's morning register only: the afternoon counts as not possible
    register_record(
        school=cast.hawthorn,
        day=TODAY,
        session="AM",
        codes={cast.hawthorn_child.pk: "N", cast.pru_child.pk: "/"},
        acting_user=cast.bob,
        today=TODAY,
    )
    folded = {s.child_id: {f: getattr(s, f) for f in FIELDS} for s in PupilAttendance.objects.all()}
    result = states_rebuild(School.objects.filter(pk=cast.hawthorn.pk), TODAY)
    assert result.pupils == 2
    assert result.marks == Mark.objects.count() + 2  # the two padded afternoons
    assert result.changed == 0  # the fold had not drifted
    rebuilt = {
        s.child_id: {f: getattr(s, f) for f in FIELDS} for s in PupilAttendance.objects.all()
    }
    assert rebuilt == folded


def test_rebuild_and_daily_commands(term: Cast, capsys) -> None:  # type: ignore[no-untyped-def]
    register_record(
        school=term.hawthorn,
        day=date(2026, 11, 16),
        session="AM",
        codes={term.hawthorn_child.pk: "N"},
        acting_user=term.bob,
        today=date(2026, 11, 16),
    )
    PupilAttendance.objects.update(possible_sessions=99, attended_sessions=0)
    call_command("attendance_rebuild", "--la", "888", "--today", "2026-11-27")
    assert "1 states changed" in capsys.readouterr().out
    assert PupilAttendance.objects.get().possible_sessions == 1
    call_command("attendance_daily", "--today", "2026-11-27")
    assert "re-evaluated" in capsys.readouterr().out
    assert term.hawthorn_child.attendance_alerts.filter(rule_id="R-ATT-N").exists()
