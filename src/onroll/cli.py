"""The ``onroll`` console script.

Each engine registers its own subcommands through a ``register(subparsers)`` function in its
``commands`` module; heavy imports (Polars, Splink, Django) happen inside the command, never at
``onroll --help`` time.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: Modules that add subcommands. Each has ``register(subparsers) -> None`` and sets ``func``
#: on its parsers: ``func(args: argparse.Namespace) -> int``.
COMMAND_MODULES = (
    "onroll.analytics.commands",
    "onroll.linkage.commands",
)


def _manage(args: argparse.Namespace) -> int:
    """Run a Django management command against the configured settings."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onroll.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["onroll manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="onroll",
        description=(
            "Onroll: children missing education. Engines for attendance metrics and record "
            "linkage, and the Django management commands of the web service."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # an engine not yet installed in this build
            if exc.name != name:
                raise
            continue
        module.register(sub)
    manage = sub.add_parser(
        "manage", help="run a Django management command (migrate, runserver, load_demo, ...)"
    )
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 0
    result: int = args.func(args)
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
