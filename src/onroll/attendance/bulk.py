"""Whole-school and whole-LA computations with the vectorised engine ``onroll.analytics``.

The daily fold (``attendance.state``) keeps each pupil's state current as marks arrive. This
module rebuilds every pupil's state of a school year at once from the stored marks — after a
change of term dates, a restore, or as a nightly check that the fold has not drifted — by
handing the marks to ``onroll.analytics.compute``, which gives exactly what
``rules.summarise_attendance`` gives per pupil, for every pupil in one pass.

Marks are read as ``rules.alerts.register_days`` reads them: school days only, up to today,
and a day with one session marked has the other treated as not possible (``#`` is added).
A rebuilt state has no fold split (``last_day`` empty), so the next change to that pupil's
marks recomputes the pupil once and folding resumes from there.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from onroll.attendance.models import Mark, PupilAttendance
from onroll.attendance.state import year_end
from onroll.rules.age import academic_year_start
from onroll.schools.models import School
from onroll.schools.selectors import school_calendar

#: pupil key = school id * KEY_BASE + child id (integer keys keep the engine on its fast path)
KEY_BASE = 10**9

FIELDS = (
    "possible_sessions",
    "attended_sessions",
    "authorised_absences",
    "unauthorised_absences",
    "sickness_sessions",
    "attendance_rate",
    "persistent_absence",
    "severe_absence",
    "current_unauthorised_run_days",
    "longest_unauthorised_run_days",
)


@dataclass
class RebuildResult:
    pupils: int
    marks: int
    changed: int
    seconds: float
    engine_seconds: float


def _marks_table(schools: Iterable[School], today: date, year_start: date) -> tuple[object, int]:
    import pyarrow as pa

    ids: list[int] = []
    dates: list[date] = []
    sessions: list[str] = []
    codes: list[str] = []
    last = min(today, year_end(year_start))
    for school in schools:
        calendar = school_calendar(school)
        school_days = set(calendar.school_days(year_start, last)) if len(calendar) else set()
        seen: dict[tuple[int, date], str] = {}
        for child_id, day, session, code in (
            Mark.objects.filter(school=school, date__range=(year_start, last))
            .order_by()
            .values_list("child_id", "date", "session", "code")
            .iterator(chunk_size=5000)
        ):
            if day not in school_days:
                continue
            key = school.pk * KEY_BASE + child_id
            ids.append(key)
            dates.append(day)
            sessions.append(session)
            codes.append(code)
            pair = (key, day)
            seen[pair] = "" if pair in seen else session
        for (key, day), only in seen.items():
            if only:  # one session marked: the other is not possible, as register_days reads it
                ids.append(key)
                dates.append(day)
                sessions.append("PM" if only == "AM" else "AM")
                codes.append("#")
    table = pa.table(
        {
            "pupil_id": pa.array(ids, type=pa.int64()),
            "date": pa.array(dates, type=pa.date32()),
            "session": pa.array(sessions, type=pa.string()),
            "code": pa.array(codes, type=pa.string()),
        }
    )
    return table, len(ids)


def states_rebuild(schools: Iterable[School], today: date) -> RebuildResult:
    """Recompute every pupil's state of the current school year at ``schools`` with the
    vectorised engine and store it; returns how many states changed."""
    from onroll.analytics import compute

    started = time.perf_counter()
    school_list = list(schools)
    year_start = academic_year_start(today)
    table, marks = _marks_table(school_list, today, year_start)
    engine_started = time.perf_counter()
    metrics = compute(table)
    engine_seconds = time.perf_counter() - engine_started
    rows = metrics.to_arrow().to_pylist() if marks else []
    computed = {(row["pupil_id"] // KEY_BASE, row["pupil_id"] % KEY_BASE): row for row in rows}
    changed = 0
    with transaction.atomic():
        existing = {
            (s.school_id, s.child_id): s
            for s in PupilAttendance.objects.filter(school__in=school_list, year_start=year_start)
        }
        for key, row in computed.items():
            state = existing.get(key) or PupilAttendance(
                school_id=key[0], child_id=key[1], year_start=year_start
            )
            values = {name: row[name] for name in FIELDS}
            if state.pk and all(getattr(state, k) == v for k, v in values.items()):
                continue
            for name, value in values.items():
                setattr(state, name, value)
            state.settled, state.last_day, state.last_am, state.last_pm = {}, None, "", ""
            state.save()
            changed += 1
    return RebuildResult(
        pupils=len(computed),
        marks=marks,
        changed=changed,
        seconds=time.perf_counter() - started,
        engine_seconds=engine_seconds,
    )
