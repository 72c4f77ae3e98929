"""Imports from MIS exports: every bad row named, all-or-nothing, idempotent."""

from __future__ import annotations

import io
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from onroll.attendance.imports import import_apply, import_stage, preview_import
from onroll.attendance.models import (
    AttendanceAlert,
    ImportStatus,
    Mark,
    MarkChange,
    MisPupilId,
    PupilAttendance,
)
from onroll.core.models import AuditEvent
from onroll.schools.selectors import school_calendar
from tests.attendance.conftest import TODAY
from tests.conftest import Cast


def marks_csv(cast: Cast, days: list[date], code: str = "/", *, upn: bool = True) -> bytes:
    lines = ["pupil_id,date,session,code,upn" if upn else "pupil_id,date,session,code"]
    for day in days:
        for session in ("AM", "PM"):
            c = code if code != "/" or session == "AM" else "\\"
            row = f"MIS1,{day.isoformat()},{session},{c}"
            lines.append(f"{row},{cast.hawthorn_child.upn}" if upn else row)
    return ("\n".join(lines) + "\n").encode()


def term_days(cast: Cast, first: date, last: date) -> list[date]:
    return school_calendar(cast.hawthorn).school_days(first, last)


def stage_and_apply(cast: Cast, name: str, content: bytes, **kw: object):  # type: ignore[no-untyped-def]
    record, _preview = import_stage(
        school=cast.hawthorn,
        filename=name,
        content=content,
        acting_user=cast.bob,
        today=TODAY,
        **kw,  # type: ignore[arg-type]
    )
    return record, import_apply(record=record, acting_user=cast.bob, today=TODAY)


def snapshot() -> tuple[object, ...]:
    return (
        sorted(Mark.objects.values_list("id", "code", "updated_at")),
        sorted(PupilAttendance.objects.values_list("id", "updated_at")),
        sorted(AttendanceAlert.objects.values_list("id", "status", "updated_at")),
        MarkChange.objects.count(),
    )


def test_a_clean_import_previews_then_applies(term: Cast) -> None:
    days = term_days(term, date(2026, 11, 2), TODAY)
    record, preview = import_stage(
        school=term.hawthorn,
        filename="sims.csv",
        content=marks_csv(term, days, "O"),
        acting_user=term.bob,
        today=TODAY,
    )
    assert preview.ok
    assert (preview.rows, preview.created, preview.pupils) == (40, 40, 1)
    assert not Mark.objects.exists()  # a preview changes nothing
    import_apply(record=record, acting_user=term.bob, today=TODAY)
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert Mark.objects.filter(school=term.hawthorn, code="O").count() == 40
    # after an import the pupil's state and alerts are current
    state = PupilAttendance.objects.get(child=term.hawthorn_child)
    assert state.current_unauthorised_run_days == 20
    assert set(AttendanceAlert.objects.values_list("rule_id", flat=True)) >= {
        "R-ATT-RUN-10",
        "R-ATT-RUN-20",
        "R-ATT-SA",
    }
    assert AuditEvent.objects.filter(action="attendance.import_applied").exists()


def test_importing_the_same_file_twice_changes_nothing_the_second_time(term: Cast) -> None:
    content = marks_csv(term, term_days(term, date(2026, 11, 2), TODAY), "O")
    stage_and_apply(term, "sims.csv", content)
    before = snapshot()
    record, preview = stage_and_apply(term, "sims.csv", content)
    assert (preview.created, len(preview.changed), preview.unchanged) == (0, 0, 40)
    assert snapshot() == before
    record.refresh_from_db()
    assert (record.created, record.changed, record.unchanged) == (0, 0, 40)


def test_one_bad_row_changes_nothing_and_is_named(term: Cast) -> None:
    days = term_days(term, date(2026, 11, 2), date(2026, 11, 6))
    stage_and_apply(term, "first.csv", marks_csv(term, days, "/"))
    before = snapshot()
    lines = marks_csv(term, days, "I").decode().splitlines()
    lines[5] = lines[5].replace(",I,", ",H,")  # H was retired in 2024
    record, preview = stage_and_apply(term, "second.csv", ("\n".join(lines) + "\n").encode())
    assert preview.errors == ["row 5 (line 6): code 'H' is not a 2024 attendance code"]
    record.refresh_from_db()
    assert record.status == ImportStatus.REJECTED
    assert snapshot() == before


def test_every_bad_row_and_field_is_listed(term: Cast) -> None:
    content = (
        "pupil_id,date,session,code,upn\n"
        f"MIS1,2026-11-02,AM,/,{term.hawthorn_child.upn}\n"
        f"MIS1,2026-11-31,AM,/,{term.hawthorn_child.upn}\n"
        f"MIS1,2026-11-03,EVE,ZZ,{term.hawthorn_child.upn}\n"
        "MIS9,2026-11-03,AM,/,\n"
        f"MIS1,2026-11-07,AM,/,{term.hawthorn_child.upn}\n"
        f"MIS1,2026-11-02,AM,N,{term.hawthorn_child.upn}\n"
        f"MIS1,2026-12-01,AM,/,{term.hawthorn_child.upn}\n"
    ).encode()
    preview = preview_import(school=term.hawthorn, filename="bad.csv", content=content, today=TODAY)
    assert preview.errors == [
        "row 2 (line 3): date '2026-11-31' is not a date (YYYY-MM-DD)",
        "row 3 (line 4): session 'EVE' must be AM or PM; code 'ZZ' is not a 2024 attendance code",
        "row 4 (line 5): pupil_id MIS9 is not mapped to a pupil: add a upn column, or upload a "
        "mapping file (pupil_id,upn)",
        "row 6 (line 7): a second mark for Leo Haworth on 2026-11-02 AM (first in row 1 (line 2))",
        "row 5 (line 6), 7 November 2026 AM: not a school day at Hawthorn Lane High",
        "row 7 (line 8), 1 December 2026 AM: the date is in the future",
    ]
    assert len(preview.errors) == 6


def test_unknown_columns_are_refused_with_the_expected_header(term: Cast) -> None:
    preview = preview_import(
        school=term.hawthorn, filename="x.csv", content=b"id,when,code\n1,2,3\n", today=TODAY
    )
    assert preview.errors == [
        "x.csv has no pupil_id, date, session columns: the first line must name the columns "
        "pupil_id,date,session,code (and optionally upn)"
    ]


def test_mis_ids_map_through_an_uploaded_mapping_which_is_remembered(term: Cast) -> None:
    days = term_days(term, date(2026, 11, 2), date(2026, 11, 3))
    content = marks_csv(term, days, "/", upn=False)
    preview = preview_import(school=term.hawthorn, filename="a.csv", content=content, today=TODAY)
    assert preview.errors[0].startswith("row 1 (line 2): pupil_id MIS1 is not mapped")
    mapping = f"pupil_id,upn\nMIS1,{term.hawthorn_child.upn}\n".encode()
    _, applied = stage_and_apply(
        term, "a.csv", content, mapping_filename="map.csv", mapping_content=mapping
    )
    assert applied.ok
    assert MisPupilId.objects.get(mis_id="MIS1").child == term.hawthorn_child
    later = marks_csv(term, term_days(term, date(2026, 11, 4), date(2026, 11, 4)), "/", upn=False)
    assert preview_import(school=term.hawthorn, filename="b.csv", content=later, today=TODAY).ok


def test_parquet_imports_like_csv(term: Cast) -> None:
    days = term_days(term, date(2026, 11, 2), date(2026, 11, 6))
    table = pa.table(
        {
            "pupil_id": [term.hawthorn_child.upn] * (2 * len(days)),
            "date": [d for d in days for _ in (0, 1)],
            "session": ["AM", "PM"] * len(days),
            "code": ["/", "N"] * len(days),
        }
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    _, preview = stage_and_apply(term, "marks.parquet", buffer.getvalue())
    assert preview.ok, preview.errors
    assert Mark.objects.filter(code="N").count() == 5


def test_parquet_bad_row_named(term: Cast) -> None:
    table = pa.table(
        {
            "pupil_id": [term.hawthorn_child.upn] * 2,
            "date": ["2026-11-02", "2026-11-02"],
            "session": ["AM", "XX"],
            "code": ["/", "/"],
        }
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    preview = preview_import(
        school=term.hawthorn, filename="m.parquet", content=buffer.getvalue(), today=TODAY
    )
    assert preview.errors == ["row 2: session 'XX' must be AM or PM"]


def test_management_command(term: Cast, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    days = term_days(term, date(2026, 11, 2), date(2026, 11, 6))
    good = tmp_path / "good.csv"
    good.write_bytes(marks_csv(term, days, "/"))
    call_command("attendance_import", str(good), "--school", "8884101", "--today", "2026-11-27")
    assert Mark.objects.count() == 10
    assert "10 new" in capsys.readouterr().out
    call_command("attendance_import", str(good), "--school", "8884101", "--today", "2026-11-27")
    assert "0 new, 0 changed, 10 unchanged" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(good.read_bytes().replace(b",AM,/,", b",AM,Q1,", 1))
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("attendance_import", str(bad), "--school", "8884101", "--today", "2026-11-27")
    assert "row 1 (line 2): code 'Q1' is not a 2024 attendance code" in capsys.readouterr().err
