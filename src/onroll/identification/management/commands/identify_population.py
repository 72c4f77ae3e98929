"""Upload and link a population file too big for the web page (no row limit).

    manage.py identify_population FILE.csv --la 888 --user cme.officer --source health

The file is checked exactly as on the web page (every bad row and field named, nothing kept
on error), stored, confirmed and linked in this process; the officer then reviews the
results on the run's page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import timezone

from onroll.accounts.models import User
from onroll.identification import services
from onroll.identification.models import PopulationSource, RunStatus


class Command(BaseCommand):
    help = "Check, store and link a population file against the LA's rolls."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the LA's CME officer")
        parser.add_argument("--la", required=True, help="the LA's 3-digit code (a check)")
        parser.add_argument("--source", required=True, choices=PopulationSource.values)
        parser.add_argument("--description", default="")
        parser.add_argument("--threshold", type=float, default=services.DEFAULT_THRESHOLD)
        parser.add_argument("--review-floor", type=float, default=services.REVIEW_FLOOR)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}")
        la = user.local_authority
        if la is None or la.code != options["la"]:
            raise CommandError(f"{user.username} is not an officer of LA {options['la']}")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
        today = timezone.localdate()
        try:
            upload = services.population_upload_create(
                acting_user=user,
                file_name=path.name,
                data=data,
                source=options["source"],
                description=options["description"],
                today=today,
                max_rows=None,
            )
        except services.UploadRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(f"{len(refused.problems)} problem(s): nothing was saved") from None
        self.stdout.write(f"Stored {upload.row_count} rows as upload {upload.pk}; linking...")
        run = services.linkage_run_start(
            upload=upload,
            acting_user=user,
            today=today,
            threshold=options["threshold"],
            review_floor=options["review_floor"],
        )
        if run.status != RunStatus.SUCCEEDED:
            raise CommandError(f"Run {run.pk} failed: {run.error}")
        self.stdout.write(
            f"Run {run.pk} in {run.duration_seconds:.1f} s: {run.matched_count} matched, "
            f"{run.review_count} uncertain, {run.unmatched_count} on no roll. "
            f"Results: {reverse('identification:run_detail', args=[run.pk])}"
        )
