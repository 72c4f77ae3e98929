"""Home pages by role, the pupil list, a child's page, and the operators' health check."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from onroll.accounts.roles import Role
from onroll.core.decorators import la_staff, school_staff, staff
from onroll.core.models import AuditAction
from onroll.core.registry import work_queue_for
from onroll.core.services import audit_record
from onroll.people.selectors import child_for_user_or_404
from onroll.registers.models import Registration
from onroll.schools.models import School


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
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to the home page of their organisation and role."""
    user: Any = request.user
    if user.is_school_user:
        return redirect("core:school_home")
    if user.has_role(Role.CME_OFFICER, Role.CME_MANAGER):
        return redirect("core:la_home")
    return redirect("core:admin_home")


@school_staff
def school_home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    school = user.school
    current = Registration.objects.filter(school=school, deleted_on__isnull=True)
    context = {
        "school": school,
        "on_roll": current.count(),
        "dual_registered": current.exclude(kind="C").count(),
        "la": school.local_authority,
        "today": timezone.localdate(),
        "queue": work_queue_for(user, timezone.localdate()),
    }
    return render(request, "core/school_home.html", context)


@la_staff(Role.CME_OFFICER, Role.CME_MANAGER)
def la_home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    la = user.local_authority
    context = {
        "la": la,
        "school_count": School.objects.filter(local_authority=la).count(),
        "today": timezone.localdate(),
        "queue": work_queue_for(user, timezone.localdate()),
    }
    return render(request, "core/la_home.html", context)


@la_staff(Role.SYSTEM_ADMIN)
def admin_home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(request, "core/admin_home.html", {"la": user.local_authority})


@la_staff(Role.CME_OFFICER, Role.CME_MANAGER)
def la_schools(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    schools = (
        School.objects.filter(local_authority_id=user.organisation_id)
        .annotate(on_roll=Count("registrations", filter=Q(registrations__deleted_on__isnull=True)))
        .order_by("name")
    )
    return render(request, "core/la_schools.html", {"schools": schools})


@school_staff
def pupil_list(request: HttpRequest) -> HttpResponse:
    """The school's current admission register."""
    user: Any = request.user
    registrations = (
        Registration.objects.filter(school_id=user.organisation_id, deleted_on__isnull=True)
        .select_related("child")
        .order_by("child__legal_surname", "child__legal_forename")
    )
    return render(request, "core/pupil_list.html", {"registrations": registrations})


@staff
def child_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    """A child's record, for users whose organisation may see the child. Every view is audited."""
    user: Any = request.user
    child = child_for_user_or_404(user, child_id)
    audit_record(actor=request.user, action=AuditAction.CHILD_VIEWED, obj=child)
    registrations = child.registrations.select_related("school").order_by("-starting_day")
    carers = child.carer_links.select_related("carer")
    addresses = child.addresses.select_related("address")
    return render(
        request,
        "core/child_detail.html",
        {
            "child": child,
            "registrations": registrations,
            "carers": carers,
            "addresses": addresses,
        },
    )
