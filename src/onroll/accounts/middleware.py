"""Session time limits and two-factor enforcement."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

SIGNED_IN_AT = "onroll_signed_in_at"

#: Paths a signed-in user who still owes a second factor may reach.
_OPEN_PREFIXES = ("/static/", "/healthz", "/sign-out/", "/sign-in/", "/two-factor/")


class SessionTimeoutMiddleware:
    """End a session 12 hours after sign-in, however active (the idle limit is the cookie's)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            limit = settings.ONROLL_SESSION_ABSOLUTE_SECONDS
            if started is None or time.time() - float(started) > limit:
                logout(request)
                return redirect(f"{reverse('accounts:sign_in')}?timeout=1")
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """A user whose role needs two-factor sign-in reaches nothing else until verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and user.requires_two_factor
            and not user.is_verified()  # type: ignore[attr-defined]  # set by OTPMiddleware
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)
