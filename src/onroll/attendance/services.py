"""Writes for attendance: take a register, correct a mark, and bring each affected pupil's
stored state and alerts up to date. Each write validates through the rules, saves and audits
in one transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from onroll.accounts.models import User
from onroll.attendance.alerting import LOOKBACK_DAYS, AlertSpec, alerts_for_pupil
from onroll.attendance.dual import DualContext
from onroll.attendance.models import (
    AlertRule,
    AlertStatus,
    AttendanceAlert,
    DualPattern,
    Mark,
    MarkChange,
    MarkSource,
    PupilAttendance,
)
from onroll.attendance.state import (
    Folded,
    Totals,
    empty_totals,
    fold_day,
    fold_plan,
    public_fields,
    split_last,
    year_days,
)
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.people.models import Child
from onroll.registers.models import LaReturn, Registration, ReturnKind, ReturnStatus
from onroll.registers.returns import la_return_due
from onroll.rules import is_compulsory_school_age
from onroll.rules.age import academic_year_start
from onroll.rules.attendance import ATTENDANCE_CODES, AttendanceCategory
from onroll.rules.school_calendar import SchoolCalendar
from onroll.schools.models import School
from onroll.schools.selectors import school_calendar

_ATTENDED = (AttendanceCategory.PRESENT, AttendanceCategory.APPROVED_ACTIVITY)


class AttendanceError(ValidationError):
    """Marks that may not be recorded; ``messages`` names each one."""


@dataclass
class MarkInput:
    child: Child
    day: date
    session: str
    code: str


@dataclass
class WriteResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    children: set[int] = field(default_factory=set)
    #: child id -> earliest date changed
    earliest: dict[int, date] = field(default_factory=dict)
    #: children whose new or changed codes include anything but attendance
    not_attended: set[int] = field(default_factory=set)

    def attended_only(self) -> set[int]:
        return set(self.earliest) - self.not_attended


Spans = dict[int, list[tuple[date, date | None]]]


def roll_on(school: School, child_ids: Iterable[int], first: date, last: date) -> Spans:
    """child id -> [(starting_day, deleted_on)] of registrations at ``school`` overlapping the
    dates."""
    spans: Spans = defaultdict(list)
    for child_id, start, end in Registration.objects.filter(
        school=school, child_id__in=set(child_ids), starting_day__lte=last
    ).values_list("child_id", "starting_day", "deleted_on"):
        if end is None or end >= first:
            spans[child_id].append((start, end))
    return spans


def on_roll(spans: Spans, child_id: int, day: date) -> bool:
    return any(
        start <= day and (end is None or day <= end) for start, end in spans.get(child_id, [])
    )


def check_marks(
    school: School,
    marks: list[MarkInput],
    today: date,
    calendar: SchoolCalendar,
    *,
    labels: list[str] | None = None,
) -> list[str]:
    """Every reason these marks may not be recorded, each naming the pupil (or ``labels[i]``,
    for example "row 7"), the date and session."""
    if not marks:
        return []
    first = min(m.day for m in marks)
    last = max(m.day for m in marks)
    ids = {m.child.pk for m in marks}
    spans = roll_on(school, ids, first, last)
    dual = DualContext.build(school, ids, first, last)
    errors: list[str] = []
    for i, m in enumerate(marks):
        label = labels[i] if labels else m.child.full_name
        where = f"{label}, {m.day:%-d %B %Y} {m.session}"
        if m.session not in ("AM", "PM"):
            errors.append(f"{label}: session must be AM or PM, not {m.session!r}")
            continue
        if m.code not in ATTENDANCE_CODES:
            errors.append(f"{where}: {m.code!r} is not a 2024 attendance code")
            continue
        if m.day > today:
            errors.append(f"{where}: the date is in the future")
            continue
        if not calendar.is_school_day(m.day):
            errors.append(f"{where}: not a school day at {school.name}")
            continue
        if not on_roll(spans, m.child.pk, m.day):
            errors.append(f"{where}: {m.child.full_name} is not on {school.name}'s roll that day")
            continue
        problem = dual.problem(
            m.child.pk, label if labels else m.child.full_name, m.day, m.session, m.code
        )
        if problem:
            errors.append(problem)
    return errors


def write_marks(
    *,
    school: School,
    marks: list[MarkInput],
    source: str,
    acting_user: User | None,
    reason: str = "",
) -> WriteResult:
    """Upsert ``marks`` (already checked): create new ones, change differing ones (recording a
    ``MarkChange`` with ``reason``), leave equal ones alone. Call inside a transaction.
    ``acting_user`` is None for an import the system runs (``manage.py attendance_import``)."""
    result = WriteResult()
    if not marks:
        return result
    ids = {m.child.pk for m in marks}
    days = {m.day for m in marks}
    existing = {
        (mk.child_id, mk.date, mk.session): mk
        for mk in Mark.objects.filter(
            school=school, child_id__in=ids, date__range=(min(days), max(days))
        )
    }
    new: list[Mark] = []
    changes: list[MarkChange] = []
    for m in marks:
        current = existing.get((m.child.pk, m.day, m.session))
        if current is not None and current.code == m.code:
            result.unchanged += 1
            continue
        result.children.add(m.child.pk)
        result.earliest[m.child.pk] = min(result.earliest.get(m.child.pk, m.day), m.day)
        if ATTENDANCE_CODES[m.code].category not in _ATTENDED:
            result.not_attended.add(m.child.pk)
        if current is None:
            new.append(
                Mark(
                    child=m.child,
                    school=school,
                    date=m.day,
                    session=m.session,
                    code=m.code,
                    source=source,
                    recorded_by=acting_user,
                )
            )
            result.created += 1
            continue
        changes.append(
            MarkChange(
                mark=current,
                old_code=current.code,
                new_code=m.code,
                reason=reason,
                source=source,
                changed_by=acting_user,
            )
        )
        current.code = m.code
        current.source = source
        current.recorded_by = acting_user
        current.save(update_fields=["code", "source", "recorded_by", "updated_at"])
        result.changed += 1
    Mark.objects.bulk_create(new, batch_size=2000)
    MarkChange.objects.bulk_create(changes, batch_size=2000)
    return result


def register_record(
    *,
    school: School,
    day: date,
    session: str,
    codes: Mapping[int, str],
    acting_user: User,
    today: date,
    reason: str = "",
) -> WriteResult:
    """Take (or retake) the register for one session: ``codes`` maps child id to code.

    Changing a mark already recorded needs ``reason``. Refuses everything, naming each pupil,
    when any mark may not be recorded.
    """
    calendar = school_calendar(school)
    children = {c.pk: c for c in Child.objects.filter(pk__in=list(codes))}
    marks = [MarkInput(children[cid], day, session, code) for cid, code in codes.items()]
    errors = check_marks(school, marks, today, calendar)
    existing = dict(
        Mark.objects.filter(
            school=school, date=day, session=session, child_id__in=list(codes)
        ).values_list("child_id", "code")
    )
    changed = [m for m in marks if m.child.pk in existing and existing[m.child.pk] != m.code]
    if changed and not reason.strip():
        errors += [
            f"{m.child.full_name}: give a reason for changing {existing[m.child.pk]} to {m.code}"
            for m in changed
        ]
    if errors:
        raise AttendanceError(errors)
    with transaction.atomic():
        result = write_marks(
            school=school,
            marks=marks,
            source=MarkSource.REGISTER,
            acting_user=acting_user,
            reason=reason.strip(),
        )
        audit_record(
            action=AuditAction.ATTENDANCE_REGISTER_TAKEN,
            actor=acting_user,
            obj=school,
            detail={
                "date": day.isoformat(),
                "session": session,
                "pupils": len(marks),
                "created": result.created,
                "changed": result.changed,
                "reason": reason.strip(),
            },
        )
        pupils_refresh(
            school,
            result.earliest,
            today,
            calendar,
            acting_user=acting_user,
            attended_only=result.attended_only(),
        )
    return result


def mark_correct(
    *,
    school: School,
    child: Child,
    day: date,
    session: str,
    code: str,
    reason: str,
    acting_user: User,
    today: date,
) -> Mark:
    """Correct (or add) one mark, with the reason; audited against the child."""
    if not reason.strip():
        raise AttendanceError(["Give the reason for the correction"])
    calendar = school_calendar(school)
    errors = check_marks(school, [MarkInput(child, day, session, code)], today, calendar)
    if errors:
        raise AttendanceError(errors)
    old = Mark.objects.filter(child=child, school=school, date=day, session=session).first()
    if old is not None and old.code == code:
        raise AttendanceError([f"The mark is already {code}: nothing to correct"])
    with transaction.atomic():
        write_marks(
            school=school,
            marks=[MarkInput(child, day, session, code)],
            source=MarkSource.CORRECTION,
            acting_user=acting_user,
            reason=reason.strip(),
        )
        mark = Mark.objects.get(child=child, school=school, date=day, session=session)
        audit_record(
            action=AuditAction.ATTENDANCE_MARK_CORRECTED,
            actor=acting_user,
            obj=mark,
            child_id=child.pk,
            detail={
                "date": day.isoformat(),
                "session": session,
                "old_code": old.code if old else None,
                "new_code": code,
                "reason": reason.strip(),
            },
        )
        pupils_refresh(school, {child.pk: day}, today, calendar, acting_user=acting_user)
    return mark


def sickness_estimate_set(
    *,
    school: School,
    child: Child,
    expected_days: int | None,
    acting_user: User,
    today: date,
) -> PupilAttendance:
    """Record how many school days the school expects the pupil to miss through illness this
    year (or clear it); the sickness return is due at once when it reaches 15."""
    calendar = school_calendar(school)
    with transaction.atomic():
        state, _ = PupilAttendance.objects.get_or_create(
            child=child, school=school, year_start=academic_year_start(today)
        )
        state.expected_sickness_days = expected_days
        state.save(update_fields=["expected_sickness_days", "updated_at"])
        audit_record(
            action=AuditAction.ATTENDANCE_SICKNESS_ESTIMATE_SET,
            actor=acting_user,
            obj=state,
            child_id=child.pk,
            detail={"expected_days": expected_days},
        )
        alerts_sync(school, child, today, calendar, acting_user=acting_user)
    return state


def dual_pattern_set(
    *, school: School, child: Child, expected: str, acting_user: User
) -> DualPattern:
    """Record which sessions this school expects a dual-registered pupil."""
    with transaction.atomic():
        pattern, _ = DualPattern.objects.update_or_create(
            child=child, school=school, defaults={"expected": expected}
        )
        audit_record(
            action=AuditAction.ATTENDANCE_DUAL_PATTERN_SET,
            actor=acting_user,
            obj=pattern,
            child_id=child.pk,
            detail={"expected": expected},
        )
    return pattern


# --------------------------------------------------------------------------- state and alerts


def _marks_for(
    child_id: int, school: School, first: date, last: date
) -> list[tuple[date, str, str]]:
    return list(
        Mark.objects.filter(child_id=child_id, school=school, date__range=(first, last))
        .order_by("date", "session")
        .values_list("date", "session", "code")
    )


def state_update(
    school: School,
    child_id: int,
    earliest_change: date,
    today: date,
    calendar: SchoolCalendar,
    *,
    marks: list[tuple[date, str, str]] | None = None,
) -> PupilAttendance:
    """Fold the changed days into the pupil's stored state (see ``attendance.state``).

    ``marks``, when the caller already holds all the pupil's marks at the school, saves
    reading them again."""
    year_start = academic_year_start(earliest_change)
    state, _ = PupilAttendance.objects.get_or_create(
        child_id=child_id, school=school, year_start=year_start
    )
    plan, read_from = fold_plan(state.last_day, earliest_change)
    if plan == "recompute" or read_from is None:
        if marks is None:
            marks = _marks_for(child_id, school, year_start, today)
        days = year_days(marks, calendar, today, year_start)
        folded = split_last(empty_totals(), days)
    else:
        base = state.settled or empty_totals()
        if plan == "append":
            base = fold_day(base, state.last_am or None, state.last_pm or None)
        days = year_days(
            _marks_for(child_id, school, read_from, today), calendar, today, year_start
        )
        if days:
            folded = split_last(base, days)
        else:  # nothing new on a school day up to today: keep the state
            folded = Folded(
                settled=state.settled or empty_totals(),
                last_day=state.last_day,
                last_am=state.last_am,
                last_pm=state.last_pm,
            )
    for name, value in public_fields(folded).items():
        setattr(state, name, value)
    settled = folded["settled"]
    state.settled = {k: settled[k] for k in Totals.__required_keys__}  # type: ignore[literal-required]
    state.last_day = folded["last_day"]
    state.last_am = folded["last_am"]
    state.last_pm = folded["last_pm"]
    state.save()
    return state


def alerts_sync(
    school: School,
    child: Child,
    today: date,
    calendar: SchoolCalendar,
    *,
    acting_user: User | None = None,
    marks: list[tuple[date, str, str]] | None = None,
) -> list[AttendanceAlert]:
    """Raise the alerts that hold today, update open ones, resolve those that no longer hold;
    create the 10-day and sickness returns they call for. Returns the open alerts."""
    if marks is None:
        first = academic_year_start(today) - timedelta(days=LOOKBACK_DAYS)
        marks = _marks_for(child.pk, school, first, today)
    reported = (
        AttendanceAlert.objects.filter(
            child=child, school=school, rule_id=AlertRule.RUN_10, la_return__isnull=False
        )
        .order_by("-since")
        .values_list("since", flat=True)
        .first()
    )
    sent = (
        LaReturn.objects.filter(
            child=child, school=school, kind=ReturnKind.SICKNESS, status=ReturnStatus.SENT
        )
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    expected = (
        PupilAttendance.objects.filter(
            child=child, school=school, year_start=academic_year_start(today)
        )
        .values_list("expected_sickness_days", flat=True)
        .first()
    )
    specs = alerts_for_pupil(
        marks,
        calendar,
        today,
        of_compulsory_school_age=is_compulsory_school_age(child.date_of_birth, today),
        last_ten_day_run_reported=reported,
        last_sickness_return_on=sent.date() if sent else None,
        expected_sickness_days=expected,
    )
    by_rule: dict[str, AlertSpec] = {s.rule_id: s for s in specs}
    open_alerts = {
        a.rule_id: a
        for a in AttendanceAlert.objects.filter(
            child=child, school=school, status=AlertStatus.OPEN
        ).select_related("la_return")
    }
    result: list[AttendanceAlert] = []
    for rule_id, alert in open_alerts.items():
        if rule_id not in by_rule:
            alert.status = AlertStatus.RESOLVED
            alert.resolved_on = today
            alert.save(update_fields=["status", "resolved_on", "updated_at"])
            audit_record(
                action=AuditAction.ATTENDANCE_ALERT_RESOLVED,
                actor=acting_user,
                obj=alert,
                child_id=child.pk,
                detail={"rule": rule_id},
            )
    for rule_id, spec in by_rule.items():
        existing = open_alerts.get(rule_id)
        fields = {
            "reason": spec.reason,
            "since": spec.since,
            "count": spec.count,
            "due_on": spec.due_on,
        }
        if existing is not None and existing.la_return is not None:
            fields["due_on"] = existing.la_return.due_on  # the return's own deadline
        if existing is None:
            alert = AttendanceAlert.objects.create(
                child=child, school=school, rule_id=rule_id, raised_on=today, **fields
            )
            audit_record(
                action=AuditAction.ATTENDANCE_ALERT_RAISED,
                actor=acting_user,
                obj=alert,
                child_id=child.pk,
                detail={"rule": rule_id, "since": spec.since.isoformat(), "count": spec.count},
            )
        else:
            alert = existing
            if any(getattr(alert, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(alert, k, v)
                alert.save()
        if spec.return_kind and alert.la_return_id is None and spec.due_on is not None:
            alert.la_return = la_return_due(
                school=school,
                child=child,
                kind=spec.return_kind,
                due_on=spec.due_on,
                reason=spec.return_reason or spec.reason,
                registration=Registration.objects.filter(
                    child=child, school=school, deleted_on__isnull=True
                ).first(),
                acting_user=acting_user,
            )
            alert.save(update_fields=["la_return", "updated_at"])
        result.append(alert)
    return result


def pupils_refresh(
    school: School,
    earliest: Mapping[int, date],
    today: date,
    calendar: SchoolCalendar | None = None,
    *,
    acting_user: User | None = None,
    attended_only: set[int] | None = None,
) -> None:
    """After marks changed: fold each pupil's changed days into their state and re-evaluate
    their alerts.

    ``attended_only`` are pupils whose changed marks all record attendance: a session
    attended can end an alert but never start one (it adds a possible session and no
    absence, breaks every run, adds no unauthorised or sickness session), so such a pupil
    with no open alert is not re-evaluated. Alerts that fall due with time alone are the
    daily run's (``school_daily_update``)."""
    if not earliest:
        return
    calendar = calendar or school_calendar(school)
    children = Child.objects.in_bulk(list(earliest))
    skip = set(attended_only or ()) - set(
        AttendanceAlert.objects.filter(
            school=school, status=AlertStatus.OPEN, child_id__in=list(earliest)
        ).values_list("child_id", flat=True)
    )
    with transaction.atomic():
        for child_id, first in earliest.items():
            state_update(school, child_id, first, today, calendar)
            if child_id not in skip:
                alerts_sync(school, children[child_id], today, calendar, acting_user=acting_user)


def school_daily_update(school: School, today: date) -> int:
    """The daily run (cron, after the registers close): re-evaluate every pupil on roll, since
    alerts such as an unresolved N become due with the passing of school days alone."""
    calendar = school_calendar(school)
    child_ids = set(
        Registration.objects.filter(school=school, deleted_on__isnull=True).values_list(
            "child_id", flat=True
        )
    ) | set(
        AttendanceAlert.objects.filter(school=school, status=AlertStatus.OPEN).values_list(
            "child_id", flat=True
        )
    )
    children = Child.objects.in_bulk(list(child_ids))
    with transaction.atomic():
        for child in children.values():
            alerts_sync(school, child, today, calendar)
    return len(children)
