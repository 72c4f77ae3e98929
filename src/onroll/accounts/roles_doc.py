"""``docs/roles.md``: the role matrix written out from the code (``manage.py roles_doc``).

The permissions table comes from ``onroll.accounts.permissions.MATRIX``; the pages table from
the permissions each school view's decorator states (``required_permissions``), found by
walking the URLconf. ``tests/accounts/test_permissions.py`` fails when the file drifts.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from onroll.accounts.permissions import (
    MATRIX,
    SCHOOL_ROLE_ORDER,
    Permission,
    matrix_markdown,
)

INTRO = """# Roles inside a school

Who on a school's staff may open each page and take each action. Written from the code by
`.venv/bin/python manage.py roles_doc > docs/roles.md` (the one matrix is
`onroll.accounts.permissions.MATRIX`; each school view states its permission with
`@school_staff(Permission.X)`); `tests/accounts/test_permissions.py` fails when this file
drifts and `tests/core/test_role_sweep.py` tries every URL as every role.

A member of staff whose role does not hold a permission gets a "You cannot do this with your
role" page (403): the check is made before any record is looked up, so it says nothing about
what exists, and it tells them to ask a colleague. Links and buttons to actions they may not
take are not shown. Anyone outside a school gets "Page not found" (404) on school pages.
Pages any signed-in member of staff may open (home, a child's summary, a pupil's attendance)
scope what they show themselves. LA roles do not appear here: LA pages check their own roles
and refuse every school user.

## Permissions
"""


def _school_pages(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, tuple[str, str]]]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _school_pages(entry, route, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            needed = getattr(entry.callback, "required_permissions", None)
            if needed is not None:
                yield f"{namespace}{entry.name}", "/" + route, needed


def _cell(role: str, see: Permission, act: Permission) -> str:
    if role not in MATRIX[see]:
        return "—"
    if see == act:
        return "yes"
    return "open and act" if role in MATRIX[act] else "open only"


def pages_markdown() -> str:
    """One row per school page or action (its URL), one column per school role."""
    head = "| Page or action | Permission | " + " | ".join(r.label for r in SCHOOL_ROLE_ORDER)
    rule = "|---|---|" + "---|" * len(SCHOOL_ROLE_ORDER)
    rows = []
    for name, route, (see_value, act_value) in sorted(_school_pages(get_resolver())):
        see, act = Permission(see_value), Permission(act_value)
        named = see.value if see == act else f"{see.value} / post: {act.value}"
        cells = " | ".join(_cell(role, see, act) for role in SCHOOL_ROLE_ORDER)
        rows.append(f"| `{name}` `{route}` | `{named}` | {cells} |")
    return "\n".join([head + " |", rule, *rows])


def roles_markdown() -> str:
    return f"{INTRO}\n{matrix_markdown()}\n\n## Pages and actions\n\n{pages_markdown()}\n"
