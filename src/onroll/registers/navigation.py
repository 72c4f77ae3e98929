"""The school side's links in the service navigation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from onroll.core.registry import NavItem


def school_navigation(user: Any) -> list[NavItem]:
    if not user.is_authenticated or not user.is_school_user:
        return []
    return [
        NavItem("Pupils", reverse("registers:pupil_list"), order=10),
        NavItem("Pupil records", reverse("registers:children"), order=11),
        *(
            [NavItem("Admit a pupil", reverse("registers:admit"), order=12)]
            if user.can("admit")
            else []
        ),
        NavItem("Returns", reverse("registers:la_returns"), order=20),
    ]
