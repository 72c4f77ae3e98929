from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from onroll.demo.loader import DEMO_PASSWORD, DEMO_USERS, demo_totp_secret, load_demo


class Command(BaseCommand):
    help = "Load the demo Lancashire (idempotent) and print the demo sign-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_demo(timezone.localdate())
        self.stdout.write(
            f"Demo data ready: {counts['children']} children "
            f"({counts['children_added']} added now), {counts['users']} users."
        )
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        from onroll.accounts.models import User

        for demo in DEMO_USERS:
            user = User.objects.get(username=demo.username)
            two_factor = (
                f"two-factor key {demo_totp_secret(demo.username)}"
                if user.requires_two_factor
                else "no two-factor"
            )
            self.stdout.write(f"  {demo.username:<22} {demo.job_title} — {two_factor}")
        self.stdout.write("")
        self.stdout.write(
            "Security codes for two-factor users: add the key to an authenticator app, or run "
            "`.venv/bin/python manage.py demo_code USERNAME`."
        )
