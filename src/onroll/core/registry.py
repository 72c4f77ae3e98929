"""Extension points the apps plug into, so that no app edits another's code.

Each app registers its providers in its ``AppConfig.ready()``:

- ``NAVIGATION``: ``(user) -> list[NavItem]`` — links in the service navigation;
- ``WORK_QUEUE``: ``(user, today) -> list[QueueItem]`` — what is due, on the user's home page;
- ``DEMO_LOADERS``: ``(today, orgs) -> None`` — the app's part of the demo data (idempotent);
- ``CHILD_SECTIONS``: ``(user, child, page) -> list[ChildSection]`` — what the app knows about
  a child, shown on the child's pages (``people``) without ``people`` importing the app.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from onroll.accounts.models import User
    from onroll.people.models import Child


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    order: int = 50


@dataclass(frozen=True)
class QueueItem:
    """One thing a user must do, with its deadline.

    ``due`` is the date it must be done by; ``school_days_left`` counts school days from today
    to ``due`` (negative when overdue). Items are shown overdue first, then soonest.
    """

    title: str
    href: str
    due: date | None
    kind: str
    school_days_left: int | None = None
    detail: str = ""

    @property
    def overdue(self) -> bool:
        return self.school_days_left is not None and self.school_days_left < 0

    def sort_key(self) -> tuple[int, date, str]:
        return (
            self.school_days_left if self.school_days_left is not None else 10**6,
            self.due or date.max,
            self.title,
        )


#: The pages that show a child: the school's record, every staff member's summary, and the
#: chronology.
ChildPage = Literal["record", "summary", "chronology"]
#: Where on the page a section goes: the caption over the heading, the buttons under it, or
#: the body after the child's own details.
ChildSlot = Literal["caption", "actions", "body"]


@dataclass(frozen=True)
class ChildSection:
    """One part of a child's page that another app fills: ``template`` is included with
    ``section`` bound to ``context`` (values already read, scoped to the user)."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    slot: ChildSlot = "body"
    order: int = 50


NAVIGATION: list[Callable[[Any], list[NavItem]]] = []
WORK_QUEUE: list[Callable[[Any, date], list[QueueItem]]] = []
DEMO_LOADERS: list[Callable[[date, dict[str, Any]], None]] = []
CHILD_SECTIONS: list[Callable[[User, Child, ChildPage], list[ChildSection]]] = []


def navigation_for(user: Any) -> list[NavItem]:
    items = [item for provider in NAVIGATION for item in provider(user)]
    return sorted(items, key=lambda i: (i.order, i.text))


def work_queue_for(user: Any, today: date) -> list[QueueItem]:
    """Everything due for ``user``: overdue first, then by school days left."""
    items = [item for provider in WORK_QUEUE for item in provider(user, today)]
    return sorted(items, key=QueueItem.sort_key)


@dataclass(frozen=True)
class WorkQueue:
    """What a home page lists as due (``core/_queue.html``): the items and the day they are
    counted from."""

    today: date
    items: list[QueueItem]


def work_queue(user: Any, today: date) -> WorkQueue:
    return WorkQueue(today=today, items=work_queue_for(user, today))


def child_sections_for(user: User, child: Child, page: ChildPage) -> dict[str, list[ChildSection]]:
    """The sections every app gives for ``child`` on ``page``, by slot, each slot in order."""
    sections = sorted(
        (s for provider in CHILD_SECTIONS for s in provider(user, child, page)),
        key=lambda s: s.order,
    )
    return {
        slot: [s for s in sections if s.slot == slot] for slot in ("caption", "actions", "body")
    }
