"""Template context every page needs: service name and the navigation for the user's roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from onroll.accounts.roles import Role
from onroll.core.registry import NavItem, navigation_for


def core_navigation(user: Any) -> list[NavItem]:
    """The foundation's own links; other apps add theirs through the registry."""
    if not user.is_authenticated:
        return []
    items = [NavItem("Home", reverse("core:home"), order=0)]
    if user.is_school_user:
        items.append(NavItem("Pupils", reverse("core:pupil_list"), order=10))
    if user.is_la_user and user.has_role(Role.CME_OFFICER, Role.CME_MANAGER):
        items.append(NavItem("Schools", reverse("core:la_schools"), order=80))
    if user.has_role(Role.SYSTEM_ADMIN):
        items.append(NavItem("Administration", reverse("admin:index"), order=90))
    return items


def service(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    return {
        "service_name": settings.ONROLL_SERVICE_NAME,
        "navigation": navigation_for(user) if authenticated else [],
    }
