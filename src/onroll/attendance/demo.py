"""Demo attendance: this school year's marks up to today for every demo pupil, with
believable patterns, then each pupil's state and alerts.

Most pupils attend well (the odd illness, appointment or late mark). A few are chosen, the
same ones every time, to show each alert: a 12-day run of unauthorised absence (10-day
return due), a 22-day run (ground I possible), an N left unresolved, a permanently excluded
pupil coded E beyond day 5, a long illness (sickness return), a pupil who stopped attending,
and persistent and severe absentees. Dual-registered pupils attend the Short Stay School
Monday to Wednesday and their main school on Thursday and Friday (D at the other school).

Idempotent: only missing marks are added; running again adds none. The Short Stay School's
latest afternoon register is left for the demo user to take.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from datetime import date
from typing import Any

from django.db import transaction

from onroll.attendance.factories import DualPatternFactory, MarkFactory
from onroll.attendance.models import DualPattern, Mark, MarkSource
from onroll.attendance.services import alerts_sync, state_update
from onroll.people.models import Child
from onroll.registers.models import Registration, RegistrationKind
from onroll.rules.age import academic_year_start
from onroll.schools.models import School
from onroll.schools.selectors import school_calendar

PRU_PATTERN = "1111110000"  # Monday to Wednesday at the Short Stay School

#: (LAESTAB, position in the school's roll by UPN) -> profile
PROFILES = {
    ("8884101", 0): "run10",
    ("8884101", 1): "n_unresolved",
    ("8884101", 2): "excluded",
    ("8884101", 3): "persistent",
    ("8884101", 4): "severe",
    ("8884102", 0): "run20",
    ("8884102", 1): "sick",
    ("8884102", 2): "persistent",
    ("8882101", 0): "stopped",
    ("8882101", 1): "persistent",
    ("8882102", 0): "severe",
}


def _rng(*parts: object) -> random.Random:
    seed = hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()
    return random.Random(int(seed[:16], 16))  # noqa: S311 - demo data, not security


def _day_codes(profile: str, index: int, total: int, rng: random.Random) -> tuple[str, str]:
    """AM and PM codes for school day ``index`` of ``total`` (the last is today)."""
    from_end = total - 1 - index
    present = ("/", "\\")
    if profile == "run10" and from_end < 12:
        return ("O", "O") if from_end > 3 else ("N", "N")
    if profile == "run20" and from_end < 22:
        return ("G", "G") if from_end > 12 else ("O", "O")
    if profile == "n_unresolved" and from_end == 8:
        return ("N", "\\")
    if profile == "excluded" and from_end < 8:
        return ("E", "E")
    if profile == "sick" and 2 <= from_end < 18:
        return ("I", "I")
    if profile == "stopped" and from_end < 12:
        return rng.choice([("I", "I"), ("C", "C"), ("O", "O"), ("M", "I"), ("I", "O")])
    roll = rng.random()
    if profile == "persistent" and roll < 0.16:
        return rng.choice([("I", "I"), ("O", "O"), ("M", "\\"), ("/", "U"), ("C", "C")])
    if profile == "severe" and roll < 0.6:
        return rng.choice([("O", "O"), ("G", "G"), ("I", "I"), ("N", "O")])
    if roll < 0.03:
        return ("I", "I")
    if roll < 0.04:
        return ("M", "\\")
    if roll < 0.06:
        return ("L", "\\")
    return present


def attendance_demo_loader(today: date, orgs: dict[str, Any]) -> None:
    """The DEMO_LOADERS entry: marks cover every pupil on roll, so they are loaded once the
    whole demo (every app's pupils and registrations, whatever the loaders' order) is
    committed."""
    transaction.on_commit(lambda: load_attendance_demo(today, orgs))


@transaction.atomic
def load_attendance_demo(today: date, orgs: dict[str, Any]) -> None:
    year_start = academic_year_start(today)
    pru = orgs.get("8881100")
    if pru is None:
        return
    # Dual-registered pupils: the Short Stay School expects them Monday to Wednesday.
    for subsidiary in Registration.objects.filter(
        school=pru, kind=RegistrationKind.DUAL_SUBSIDIARY, deleted_on__isnull=True
    ).select_related("child"):
        DualPatternFactory.create(child=subsidiary.child, school=pru, expected=PRU_PATTERN)
    for school in School.objects.filter(local_authority=orgs["888"]).order_by("laestab"):
        _load_school(school, pru, today, year_start)


def _load_school(school: School, pru: School, today: date, year_start: date) -> None:
    calendar = school_calendar(school)
    if not len(calendar):
        return
    try:
        last = calendar.school_day_on_or_before(today)
    except ValueError:
        return
    days = calendar.school_days(year_start, last)
    if not days:
        return
    regs = (
        Registration.objects.filter(school=school, deleted_on__isnull=True)
        .select_related("child")
        .order_by("child__upn")
    )
    existing = set(
        Mark.objects.filter(school=school, date__gte=year_start).values_list(
            "child_id", "date", "session"
        )
    )
    patterns = dict(DualPattern.objects.filter(school=pru).values_list("child_id", "expected"))
    new: list[Mark] = []
    children: list[Child] = []
    for position, reg in enumerate(r for r in regs if r.kind != RegistrationKind.DUAL_MAIN):
        _pupil_marks(
            school,
            reg,
            PROFILES.get((school.laestab, position), "good"),
            days,
            patterns,
            existing,
            new,
        )
        children.append(reg.child)
    for reg in regs:
        if reg.kind == RegistrationKind.DUAL_MAIN:
            _pupil_marks(school, reg, "good", days, patterns, existing, new)
            children.append(reg.child)
    if not new:
        return  # nothing added: every state and alert is already current
    Mark.objects.bulk_create(new, batch_size=2000)
    by_child: dict[int, list[tuple[date, str, str]]] = defaultdict(list)
    for child_id, day, session, code in (
        Mark.objects.filter(school=school, date__gte=year_start)
        .order_by("date", "session")
        .values_list("child_id", "date", "session", "code")
    ):
        by_child[child_id].append((day, session, code))
    for child in children:
        marks = by_child.get(child.pk, [])
        state_update(school, child.pk, year_start, today, calendar, marks=marks)
        alerts_sync(school, child, today, calendar, marks=marks)


def _pupil_marks(
    school: School,
    reg: Registration,
    profile: str,
    days: list[date],
    patterns: dict[int, str],
    existing: set[tuple[int, date, str]],
    new: list[Mark],
) -> None:
    child = reg.child
    rng = _rng(school.laestab, child.upn)
    dual_pattern = patterns.get(child.pk) if reg.kind != RegistrationKind.SINGLE else None
    for index, day in enumerate(days):
        if day < reg.starting_day:
            continue
        am, pm = _day_codes(profile, index, len(days), rng)
        for session, code in (("AM", am), ("PM", pm)):
            if school.is_pru and day == days[-1] and session == "PM":
                continue  # left for the demo user to take
            if dual_pattern is not None:
                at_pru = dual_pattern[day.weekday() * 2 + (session == "PM")] == "1"
                if at_pru != school.is_pru:
                    code = "D"
            if (child.pk, day, session) in existing:
                continue
            new.append(
                MarkFactory.build(
                    child=child,
                    school=school,
                    date=day,
                    session=session,
                    code=code,
                    source=MarkSource.DEMO,
                )
            )
