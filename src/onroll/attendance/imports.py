"""Imports of register marks from MIS exports: long-form CSV or Parquet
(``pupil_id,date,session,code``), with the MIS pupil ids mapped to Onroll children.

- Mapping, first match wins: a ``upn`` column in the file; a mapping file
  (``pupil_id,upn``) uploaded with it; the mapping remembered from earlier imports
  (``MisPupilId``); the ``pupil_id`` itself when it is the UPN of a pupil on the roll.
- Validation names every bad row and field (shape first, then the register rules of
  ``services.check_marks``: a school day, not in the future, on roll that day, the
  dual-registration rule), and nothing is written when any row is bad.
- Applying is an idempotent upsert: equal marks are left alone, so importing the same file
  twice changes nothing the second time; differing marks are changed with a ``MarkChange``
  naming the file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from onroll.accounts.models import User
from onroll.attendance.models import ImportStatus, Mark, MarkImport, MarkSource, MisPupilId
from onroll.attendance.services import MarkInput, check_marks, pupils_refresh, write_marks
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.people.models import Child
from onroll.registers.models import Registration
from onroll.rules.attendance import ATTENDANCE_CODES
from onroll.schools.models import School
from onroll.schools.selectors import school_calendar

REQUIRED = ("pupil_id", "date", "session", "code")
MAX_ERRORS_SHOWN = 1000


class ImportFileError(ValueError):
    """The file cannot be read at all (wrong format, missing columns)."""


@dataclass
class ParsedRow:
    label: str
    values: dict[str, Any]


@dataclass
class Change:
    label: str
    child: Child
    day: date
    session: str
    old: str
    new: str


@dataclass
class Preview:
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    marks: list[MarkInput] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    created: int = 0
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    pupils: int = 0
    first: date | None = None
    last: date | None = None
    mapping: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_rows(filename: str, content: bytes) -> list[ParsedRow]:
    """The file's rows as text, each with a label naming it ("row 3 (line 4)")."""
    if filename.lower().endswith(".parquet"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(io.BytesIO(content))
        except (pa.ArrowException, OSError) as exc:
            raise ImportFileError(f"{filename} is not a readable Parquet file ({exc})") from None
        names = [n.strip().lower() for n in table.column_names]
        table = table.rename_columns(names)
        _check_columns(filename, names)
        return [
            ParsedRow(f"row {i}", {k: _text(v) for k, v in rec.items()})
            for i, rec in enumerate(table.to_pylist(), start=1)
        ]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(f"{filename} is not UTF-8 text (save it as CSV UTF-8)") from None
    reader = csv.DictReader(io.StringIO(text))
    names = [n.strip().lower() for n in (reader.fieldnames or [])]
    _check_columns(filename, names)
    reader.fieldnames = names
    rows: list[ParsedRow] = []
    for i, rec in enumerate(reader, start=1):
        values = {k: _text(v) for k, v in rec.items() if k is not None}
        if not any(values.values()):
            continue
        rows.append(ParsedRow(f"row {i} (line {reader.line_num})", values))
    return rows


def _check_columns(filename: str, names: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ImportFileError(
            f"{filename} has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}: "
            f"the first line must name the columns {','.join(REQUIRED)} (and optionally upn)"
        )


def read_mapping(filename: str, content: bytes) -> tuple[dict[str, str], list[str]]:
    """A mapping file ``pupil_id,upn``: MIS id -> UPN, and the errors naming bad rows."""
    rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig", errors="replace")))
    names = [n.strip().lower() for n in (rows.fieldnames or [])]
    if "pupil_id" not in names or "upn" not in names:
        return {}, [f"{filename}: the mapping file needs the columns pupil_id,upn"]
    rows.fieldnames = names
    mapping: dict[str, str] = {}
    errors: list[str] = []
    for i, rec in enumerate(rows, start=1):
        pid, upn = (rec.get("pupil_id") or "").strip(), (rec.get("upn") or "").strip().upper()
        if not pid or not upn:
            errors.append(f"{filename} row {i}: pupil_id and upn are both needed")
        elif pid in mapping and mapping[pid] != upn:
            errors.append(f"{filename} row {i}: pupil_id {pid} is mapped twice")
        else:
            mapping[pid] = upn
    return mapping, errors


def _parse_date(text: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text[:10], fmt).date()  # noqa: DTZ007 - a date, no zone
        except ValueError:
            continue
    return None


def preview_import(
    *,
    school: School,
    filename: str,
    content: bytes,
    today: date,
    mapping_filename: str = "",
    mapping_content: bytes = b"",
) -> Preview:
    """Check a file without changing anything: every error, or what applying it would do."""
    preview = Preview()
    try:
        rows = read_rows(filename, content)
    except ImportFileError as exc:
        preview.errors.append(str(exc))
        return preview
    preview.rows = len(rows)
    if not rows:
        preview.errors.append(f"{filename} has no rows of marks")
        return preview
    mis_to_upn: dict[str, str] = {}
    if mapping_content:
        mis_to_upn, map_errors = read_mapping(mapping_filename or "mapping", mapping_content)
        preview.errors += map_errors
    roll = {
        c.upn.upper(): c
        for c in Child.objects.filter(
            pk__in=Registration.objects.filter(school=school).values("child_id")
        ).exclude(upn="")
    }
    by_id = {c.pk: c for c in roll.values()}
    stored = dict(MisPupilId.objects.filter(school=school).values_list("mis_id", "child_id"))
    seen: dict[tuple[int, date, str], str] = {}
    for row in rows:
        v = row.values
        problems: list[str] = []
        pid = v.get("pupil_id", "")
        child: Child | None = None
        upn = (v.get("upn") or "").upper()
        if not pid and not upn:
            problems.append("pupil_id is blank")
        elif upn:
            child = roll.get(upn)
            if child is None:
                problems.append(f"upn {upn} is not a pupil on {school.name}'s register")
        elif pid in mis_to_upn:
            child = roll.get(mis_to_upn[pid])
            if child is None:
                problems.append(
                    f"pupil_id {pid} maps to UPN {mis_to_upn[pid]}, which is not a pupil on "
                    f"{school.name}'s register"
                )
        elif pid in stored and stored[pid] in by_id:
            child = by_id[stored[pid]]
        elif pid.upper() in roll:
            child = roll[pid.upper()]
        else:
            problems.append(
                f"pupil_id {pid} is not mapped to a pupil: add a upn column, or upload a mapping "
                "file (pupil_id,upn)"
            )
        day = _parse_date(v.get("date", ""))
        if day is None:
            problems.append(f"date {v.get('date', '')!r} is not a date (YYYY-MM-DD)")
        session = v.get("session", "").upper()
        if session not in ("AM", "PM"):
            problems.append(f"session {v.get('session', '')!r} must be AM or PM")
        code = v.get("code", "")
        code = code if code in ATTENDANCE_CODES else code.upper()
        if code not in ATTENDANCE_CODES:
            problems.append(f"code {v.get('code', '')!r} is not a 2024 attendance code")
        if problems:
            preview.errors.append(f"{row.label}: " + "; ".join(problems))
            continue
        if child is None or day is None:  # pragma: no cover - a problem was recorded
            continue
        key = (child.pk, day, session)
        if key in seen:
            preview.errors.append(
                f"{row.label}: a second mark for {child.full_name} on {day.isoformat()} "
                f"{session} (first in {seen[key]})"
            )
            continue
        seen[key] = row.label
        if pid and not upn and pid in mis_to_upn:
            preview.mapping[pid] = child.pk
        preview.marks.append(MarkInput(child, day, session, code))
        preview.labels.append(row.label)
    calendar = school_calendar(school)
    preview.errors += check_marks(school, preview.marks, today, calendar, labels=preview.labels)
    if preview.errors:
        return preview
    days = [m.day for m in preview.marks]
    preview.first, preview.last = min(days), max(days)
    ids = {m.child.pk for m in preview.marks}
    preview.pupils = len(ids)
    existing = {
        (c, d, s): code
        for c, d, s, code in Mark.objects.filter(
            school=school, child_id__in=ids, date__range=(preview.first, preview.last)
        ).values_list("child_id", "date", "session", "code")
    }
    for label, m in zip(preview.labels, preview.marks, strict=True):
        old = existing.get((m.child.pk, m.day, m.session))
        if old is None:
            preview.created += 1
        elif old == m.code:
            preview.unchanged += 1
        else:
            preview.changed.append(Change(label, m.child, m.day, m.session, old, m.code))
    return preview


def import_stage(
    *,
    school: School,
    filename: str,
    content: bytes,
    acting_user: User | None,
    today: date,
    mapping_filename: str = "",
    mapping_content: bytes = b"",
) -> tuple[MarkImport, Preview]:
    """Check an upload and keep it for confirmation (or as the record of its rejection)."""
    preview = preview_import(
        school=school,
        filename=filename,
        content=content,
        today=today,
        mapping_filename=mapping_filename,
        mapping_content=mapping_content,
    )
    with transaction.atomic():
        record = MarkImport.objects.create(
            school=school,
            filename=filename[:200],
            content=content,
            mapping_filename=mapping_filename[:200],
            mapping_content=mapping_content,
            status=ImportStatus.PREVIEWED if preview.ok else ImportStatus.REJECTED,
            rows=preview.rows,
            created=preview.created,
            changed=len(preview.changed),
            unchanged=preview.unchanged,
            errors=preview.errors[:MAX_ERRORS_SHOWN],
            uploaded_by=acting_user,
        )
        audit_record(
            action=AuditAction.ATTENDANCE_IMPORT_CHECKED,
            actor=acting_user,
            obj=record,
            detail={"file": filename, "rows": preview.rows, "errors": len(preview.errors)},
        )
    return record, preview


def import_review(*, record: MarkImport, today: date) -> Preview:
    """What a kept upload would change now: checked again against today's marks (reads only)."""
    return preview_import(
        school=record.school,
        filename=record.filename,
        content=bytes(record.content),
        today=today,
        mapping_filename=record.mapping_filename,
        mapping_content=bytes(record.mapping_content),
    )


def import_apply(
    *,
    record: MarkImport,
    acting_user: User | None,
    today: date,
) -> Preview:
    """Apply a checked upload: checked again now, then all of it or (on any error) none."""
    school = record.school
    preview = import_review(record=record, today=today)
    if not preview.ok or record.status != ImportStatus.PREVIEWED:
        return preview
    with transaction.atomic():
        result = write_marks(
            school=school,
            marks=preview.marks,
            source=MarkSource.IMPORT,
            acting_user=acting_user,
            reason=f"MIS import {record.filename}",
        )
        for mis_id, child_id in preview.mapping.items():
            MisPupilId.objects.update_or_create(
                school=school, mis_id=mis_id, defaults={"child_id": child_id}
            )
        record.status = ImportStatus.APPLIED
        record.applied_at = timezone.now()
        record.created, record.changed, record.unchanged = (
            result.created,
            result.changed,
            result.unchanged,
        )
        record.save()
        audit_record(
            action=AuditAction.ATTENDANCE_IMPORT_APPLIED,
            actor=acting_user,
            obj=record,
            detail={
                "file": record.filename,
                "rows": preview.rows,
                "created": result.created,
                "changed": result.changed,
                "unchanged": result.unchanged,
            },
        )
        pupils_refresh(
            school,
            result.earliest,
            today,
            acting_user=acting_user,
            attended_only=result.attended_only(),
        )
    return preview
