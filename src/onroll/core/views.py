"""The front door (each user to their organisation's home), the administrators' home, and the
operators' health check. The apps own every page that shows a child or a register."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from onroll.core.decorators import staff, system_admin

if TYPE_CHECKING:
    from onroll.accounts.http import AuthenticatedHttpRequest


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For operators and load balancers: is the app up and can it reach its database?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@staff
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send each user to the home page of their organisation and role."""
    user = request.user
    if user.is_school_user:
        return redirect("registers:school_home")
    if user.is_cme_staff:
        return redirect("la:home")
    if user.is_pupil_access_team:
        return redirect("la:pat_home")
    return redirect("core:admin_home")


@system_admin
def admin_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "core/admin_home.html", {"la": request.user.local_authority})
