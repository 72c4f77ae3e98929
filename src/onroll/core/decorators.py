"""Decorators that state who may call a view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def school_staff(view: View) -> View:
    """Signed-in staff of a school; everyone else gets 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_school_user:  # type: ignore[union-attr]
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def la_staff(*roles: str) -> Callable[[View], View]:
    """Signed-in staff of a local authority holding one of ``roles`` (any role if none)."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user: Any = request.user
            if not user.is_la_user or (roles and not user.has_role(*roles)):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def staff(view: View) -> View:
    """Any signed-in member of staff with an organisation."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.organisation_id is None:  # type: ignore[union-attr]
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
