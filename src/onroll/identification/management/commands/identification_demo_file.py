"""Write a population file for demonstrating identification against the current rolls.

    manage.py identification_demo_file OUT.csv [--la 888]

The demo's dates of birth move with the day it was loaded, so no fixed file can match its
rolls. This one is made from them: a few pupils as a health list would spell them (a
nickname-free typo, a date as DD/MM/YYYY, names in capitals, no postcode), a made-up twin of
a pupil (same birthday, surname and home: it goes to review), children on no roll, and a
toddler. For demonstrations only: it copies children's names out of the rolls.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from onroll.accounts.models import LocalAuthority
from onroll.identification.selectors import known_children


def _age(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


class Command(BaseCommand):
    help = "Write a demonstration population file from the LA's current rolls."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path)
        parser.add_argument("--la", default="888")

    def handle(self, *args: Any, **options: Any) -> None:
        la = LocalAuthority.objects.filter(code=options["la"]).first()
        if la is None:
            raise CommandError(f"No LA {options['la']}")
        today = timezone.localdate()
        known = [
            k
            for k in known_children(la.pk)
            if k.postcode
            and not k.open_case
            and 6 <= _age(k.child.date_of_birth, today) <= 14
            and any(a.startswith("On roll") for a in k.known_as)
        ]
        by_surname: dict[str, Any] = {}
        for item in known:
            by_surname.setdefault(item.child.legal_surname, item)
        picked = list(by_surname.values())
        if len(picked) < 4:
            raise CommandError("Too few children on roll: run manage.py load_demo first")
        one, two, three, sibling = picked[:4]
        year = today.year
        rows = [
            (
                "H001",
                one.child.legal_forename,
                one.child.legal_surname,
                one.child.date_of_birth.isoformat(),
                one.child.sex,
                one.postcode,
                one.address,
            ),
            (
                "H002",
                two.child.legal_forename[:-1] + two.child.legal_forename[-1] * 2,
                two.child.legal_surname,
                f"{two.child.date_of_birth:%d/%m/%Y}",
                "",
                two.postcode,
                "",
            ),
            (
                "H003",
                three.child.legal_forename.upper(),
                three.child.legal_surname.upper(),
                three.child.date_of_birth.isoformat(),
                three.child.sex,
                "",
                "",
            ),
            (
                "H004",
                "Zebedee",
                sibling.child.legal_surname,
                sibling.child.date_of_birth.isoformat(),
                sibling.child.sex,
                sibling.postcode,
                sibling.address,
            ),
            (
                "H005",
                "Poppy",
                "Quillfeather",
                f"{year - 9}-04-12",
                "F",
                "LA1 2AB",
                "3 Quay Street, Lancaster",
            ),
            ("H006", "Kacper", "Wojcikowski", f"{year - 12}-10-01", "M", "", ""),
            (
                "H007",
                "Ada",
                "Quillfeather",
                f"{year - 1}-01-01",
                "F",
                "LA1 2AB",
                "3 Quay Street, Lancaster",
            ),
        ]
        with options["out"].open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "forename", "surname", "dob", "sex", "postcode", "address"])
            writer.writerows(rows)
        self.stdout.write(f"Wrote {len(rows)} rows to {options['out']}")
