"""Template context every page needs: service name and the navigation for the user's roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from onroll.accounts.roles import Role


def navigation_for(user: Any) -> list[dict[str, str]]:
    """Links in the service navigation, by the roles the user holds."""
    if not user.is_authenticated:
        return []
    items = [{"text": "Home", "href": reverse("core:home")}]
    if user.is_school_user:
        items.append({"text": "Pupils", "href": reverse("core:pupil_list")})
    if user.is_la_user and user.has_role(Role.CME_OFFICER, Role.CME_MANAGER):
        items.append({"text": "Schools", "href": reverse("core:la_schools")})
    if user.has_role(Role.SYSTEM_ADMIN):
        items.append({"text": "Administration", "href": reverse("admin:index")})
    return items


def service(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "service_name": settings.ONROLL_SERVICE_NAME,
        "navigation": navigation_for(user) if user is not None else [],
    }
