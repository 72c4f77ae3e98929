from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP

from onroll.demo.loader import DEMO_USERS, demo_totp_key


class Command(BaseCommand):
    help = "Print the current two-factor security code of a demo user (demo users only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if username not in {u.username for u in DEMO_USERS}:
            raise CommandError(f"{username} is not a demo user")
        totp = TOTP(bytes.fromhex(demo_totp_key(username)))
        self.stdout.write(f"{totp.token():06d}")
