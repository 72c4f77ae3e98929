"""The daily attendance run (cron, after the afternoon registers close)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from onroll.attendance.services import school_daily_update
from onroll.schools.models import School


class Command(BaseCommand):
    help = (
        "Re-evaluate every pupil's attendance alerts for today: alerts such as an unresolved N "
        "or E beyond day 5 fall due with the passing of school days even when no mark changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        pupils = 0
        for school in School.objects.order_by("laestab"):
            pupils += school_daily_update(school, today)
        self.stdout.write(f"Attendance alerts re-evaluated for {pupils} pupils on {today}.")
