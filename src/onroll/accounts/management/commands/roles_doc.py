"""``manage.py roles_doc > docs/roles.md``: write out the role matrix."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from onroll.accounts.roles_doc import roles_markdown


class Command(BaseCommand):
    help = "Print docs/roles.md, the role matrix inside a school, from the code."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(roles_markdown(), ending="")
