"""Import register marks from an MIS export (CSV or Parquet), as the upload page does."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from onroll.attendance.imports import import_apply, import_stage
from onroll.schools.models import School


class Command(BaseCommand):
    help = (
        "Import marks (pupil_id,date,session,code[,upn]) for one school. Every bad row is "
        "listed and nothing changes unless every row is good; importing again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or .parquet file of marks")
        parser.add_argument("--school", required=True, help="the school's LAESTAB")
        parser.add_argument("--mapping", help="CSV mapping pupil_id,upn")
        parser.add_argument("--dry-run", action="store_true", help="check and preview only")
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        school = School.objects.filter(laestab=options["school"]).first()
        if school is None:
            raise CommandError(f"no school with LAESTAB {options['school']}")
        today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        mapping = Path(options["mapping"]) if options["mapping"] else None
        record, preview = import_stage(
            school=school,
            filename=path.name,
            content=path.read_bytes(),
            acting_user=None,
            today=today,
            mapping_filename=mapping.name if mapping else "",
            mapping_content=mapping.read_bytes() if mapping else b"",
        )
        if not preview.ok:
            for error in preview.errors:
                self.stderr.write(error)
            n = len(preview.errors)
            raise CommandError(f"{n} bad row{'s' if n != 1 else ''}: nothing was imported")
        summary = (
            f"{preview.rows} rows for {preview.pupils} pupils "
            f"({preview.first} to {preview.last}): {preview.created} new, "
            f"{len(preview.changed)} changed, {preview.unchanged} unchanged"
        )
        if options["dry_run"]:
            self.stdout.write(f"Checked, not applied: {summary}")
            return
        import_apply(record=record, acting_user=None, today=today)
        self.stdout.write(f"Imported {summary}")
