"""What the LA side knows about a child, for the school's record of the child: the school's
referrals and notifications to the LA with the stage each has reached (registered in
``CasesConfig.ready`` through ``onroll.core.registry.CHILD_SECTIONS``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from onroll.cases.selectors import child_notifications_for_user
from onroll.core.registry import ChildPage, ChildSection

if TYPE_CHECKING:
    from onroll.accounts.models import User
    from onroll.people.models import Child


def notification_sections(user: User, child: Child, page: ChildPage) -> list[ChildSection]:
    if page != "record":
        return []
    notifications = list(child_notifications_for_user(user, child))
    if not notifications:
        return []
    return [
        ChildSection("cases/_child_notifications.html", {"notifications": notifications}, order=90)
    ]
