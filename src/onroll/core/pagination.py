"""Lists a page at a time (the GOV.UK pagination pattern), counted in the database.

Every list page calls :func:`paginate` on its queryset (or list) and renders
``{% govuk_pagination page %}`` under the table, with "Showing 51 to 100 of 1,234" above it.
Nothing is cut without the page saying so: the count is the whole list's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50
T = TypeVar("T")


@dataclass(frozen=True)
class PageLink:
    """One item of the pagination list: a page number, or an ellipsis (number None)."""

    number: int | None
    href: str = ""
    current: bool = False


def paginate(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[T],
    *,
    per_page: int = PAGE_SIZE,
    param: str = "page",
) -> Page[Any]:
    """The page of ``items`` the request asks for (``?page=N``); a page number out of range
    or not a number gives the nearest real page. The page carries the links to draw:
    ``page.links`` (numbers and ellipses), ``page.previous_href``, ``page.next_href``."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get(param))

    def href(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}"

    page.links = [  # type: ignore[attr-defined]
        PageLink(n, href(n), n == page.number) if n is not None else PageLink(None)
        for n in _numbers(page.number, paginator.num_pages)
    ]
    page.previous_href = href(page.number - 1) if page.has_previous() else ""  # type: ignore[attr-defined]
    page.next_href = href(page.number + 1) if page.has_next() else ""  # type: ignore[attr-defined]
    return page


def _numbers(current: int, last: int) -> list[int | None]:
    """First, last, and the current page with its neighbours; None where pages are skipped
    (GOV.UK: "1 … 6 [7] 8 … 42")."""
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    out: list[int | None] = []
    for n in wanted:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out
