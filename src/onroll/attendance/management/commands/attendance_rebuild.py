"""Rebuild every pupil's attendance state for the school year with the vectorised engine."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from onroll.attendance.bulk import states_rebuild
from onroll.schools.models import School


class Command(BaseCommand):
    help = (
        "Recompute the stored per-pupil attendance state of this school year from the marks, "
        "for every school of an LA (or one school), with onroll.analytics."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--la", help="LA code (default: every LA)")
        parser.add_argument("--school", help="one school's LAESTAB")
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        schools = School.objects.order_by("laestab")
        if options["la"]:
            schools = schools.filter(local_authority__code=options["la"])
        if options["school"]:
            schools = schools.filter(laestab=options["school"])
        if not schools.exists():
            raise CommandError("no such school or LA")
        result = states_rebuild(schools, today)
        self.stdout.write(
            f"{result.pupils} pupils, {result.marks} marks: {result.changed} states changed "
            f"({result.seconds:.2f} s, engine {result.engine_seconds:.3f} s)"
        )
