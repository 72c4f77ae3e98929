"""The rules catalogue: every statutory or local rule registers itself here.

Each rule function is decorated with :func:`rule`, which records its id, source, a worked
example and any assumption (where ``domain.md`` marks the rule UNCONFIRMED). The plain
statement is the first paragraph of the function's docstring. ``docs/rules.md`` is rendered
from this registry (``python -m onroll.rules.catalogue > docs/rules.md``) and a test fails
when the committed file is out of date, so the catalogue cannot drift from the code.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Rule:
    """One entry of the catalogue."""

    id: str
    title: str
    source: str
    statement: str
    example: str
    assumption: str | None
    function: str
    configurable: str | None = None


RULES: dict[str, Rule] = {}


def _first_paragraph(doc: str | None) -> str:
    text = inspect.cleandoc(doc or "")
    return " ".join(text.split("\n\n", 1)[0].split())


def rule(
    *,
    id: str,
    title: str,
    source: str,
    example: str,
    assumption: str | None = None,
    configurable: str | None = None,
) -> Callable[[F], F]:
    """Register the decorated function as rule ``id`` in the catalogue."""

    def decorate(func: F) -> F:
        if id in RULES and RULES[id].function != f"{func.__module__}.{func.__qualname__}":
            raise ValueError(f"rule id {id} is registered twice")
        RULES[id] = Rule(
            id=id,
            title=title,
            source=source,
            statement=_first_paragraph(func.__doc__),
            example=example,
            assumption=assumption,
            function=f"{func.__module__}.{func.__qualname__}",
            configurable=configurable,
        )
        return func

    return decorate


def load_all() -> dict[str, Rule]:
    """Import every module of ``onroll.rules`` so that all rules are registered."""
    package = importlib.import_module("onroll.rules")
    for info in pkgutil.walk_packages(package.__path__, prefix="onroll.rules."):
        importlib.import_module(info.name)
    return RULES


def render_markdown() -> str:
    """The catalogue as Markdown, ordered by rule id."""
    rules = load_all()
    lines = [
        "# Rules catalogue",
        "",
        "Generated from `onroll.rules` by `make docs` (`python -m onroll.rules.catalogue`); "
        "do not edit by hand. Each rule is one function; the statement is its docstring.",
        "Rules marked **Assumption** implement the default stated in `domain.md` where the "
        "source is UNCONFIRMED and need sign-off from the LA's legal or CME lead.",
        "",
        "| id | rule | function |",
        "|---|---|---|",
    ]
    ordered = sorted(rules.values(), key=lambda r: r.id)
    for r in ordered:
        lines.append(f"| [{r.id}](#{r.id.lower()}) | {r.title} | `{r.function}` |")
    for r in ordered:
        lines += [
            "",
            f"## {r.id}",
            "",
            f"**{r.title}**",
            "",
            r.statement,
            "",
            f"- **Source:** {r.source}",
            f"- **Example:** {r.example}",
        ]
        if r.assumption:
            lines.append(f"- **Assumption:** {r.assumption}")
        if r.configurable:
            lines.append(f"- **Configurable:** {r.configurable}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    # Run as a script this module is ``__main__``, whose RULES stays empty; the rules
    # register themselves in the imported ``onroll.rules.catalogue``, so render from that.
    from onroll.rules import catalogue as _registered

    print(_registered.render_markdown(), end="")
