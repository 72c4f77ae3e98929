"""Decorators that state who may call a view.

Each lets through only signed-in staff of the right kind of organisation (everyone else gets
404, so a URL says nothing about what exists), and hands the view an
:class:`~onroll.accounts.http.AuthenticatedHttpRequest`, whose ``user`` is Onroll's ``User``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

if TYPE_CHECKING:
    from onroll.accounts.http import AuthenticatedHttpRequest

P = ParamSpec("P")
View = Callable[Concatenate["AuthenticatedHttpRequest", P], HttpResponse]
Wrapped = Callable[Concatenate[HttpRequest, P], HttpResponse]


def _guard(view: View[P], allowed: Callable[[AuthenticatedHttpRequest], bool]) -> Wrapped[P]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        authed = cast("AuthenticatedHttpRequest", request)
        if not allowed(authed):
            raise Http404
        return view(authed, *args, **kwargs)

    return wrapped


#: Methods that only read: the ``permission`` of :func:`school_staff` covers them.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def school_staff(permission: str, *, act: str | None = None) -> Callable[[View[P]], Wrapped[P]]:
    """Signed-in staff of a school whose role holds ``permission`` (the role matrix,
    ``onroll.accounts.permissions``); a POST needs ``act`` as well when it is given.

    Anyone outside a school gets 404. Staff of the school whose role lacks the permission get
    403 with a page that says so: the check comes before any record is looked up, so it tells
    nothing about what exists, and the user learns to ask a colleague rather than to hunt for
    a page that "is not found". The permissions are kept on the view (``required_permissions``)
    for ``docs/roles.md``.
    """

    def decorate(view: View[P]) -> Wrapped[P]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            authed = cast("AuthenticatedHttpRequest", request)
            if not authed.user.is_school_user:
                raise Http404
            needed = permission if act is None or request.method in SAFE_METHODS else act
            if not authed.user.can(needed) or not authed.user.can(permission):
                return render(request, "errors/403.html", {"permission": needed}, status=403)
            return view(authed, *args, **kwargs)

        wrapped.required_permissions = (permission, act or permission)  # type: ignore[attr-defined]
        return wrapped

    return decorate


def la_staff(*roles: str) -> Callable[[View[P]], Wrapped[P]]:
    """Signed-in staff of a local authority holding one of ``roles`` (any role if none)."""

    def decorate(view: View[P]) -> Wrapped[P]:
        return _guard(
            view,
            lambda request: (
                request.user.is_la_user and (not roles or request.user.has_role(*roles))
            ),
        )

    return decorate


def system_admin(view: View[P]) -> Wrapped[P]:
    """Signed-in staff of a local authority who are its system administrators."""
    return _guard(view, lambda request: request.user.is_la_user and request.user.is_system_admin)


def staff(view: View[P]) -> Wrapped[P]:
    """Any signed-in member of staff with an organisation."""
    return _guard(view, lambda request: request.user.organisation_id is not None)
