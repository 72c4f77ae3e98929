"""Template context every page needs: service name and the navigation for the user's roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from onroll.core.registry import NavItem, navigation_for

if TYPE_CHECKING:
    from onroll.accounts.models import User


def core_navigation(user: User) -> list[NavItem]:
    """The foundation's own links; other apps add theirs through the registry."""
    if not user.is_authenticated:
        return []
    items = [NavItem("Home", reverse("core:home"), order=0)]
    if user.is_system_admin:
        items.append(NavItem("Administration", reverse("admin:index"), order=90))
    return items


class Can:
    """``{% if can.admit %}``: whether the signed-in user's role holds a permission (the role
    matrix, ``onroll.accounts.permissions``), so a page shows only the actions they may take."""

    def __init__(self, user: Any) -> None:
        self._user = user

    def __getitem__(self, permission: str) -> bool:
        user = self._user
        return bool(user is not None and user.is_authenticated and user.can(permission))


def service(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    return {
        "service_name": settings.ONROLL_SERVICE_NAME,
        "navigation": navigation_for(user) if authenticated else [],
        "can": Can(user),
    }
