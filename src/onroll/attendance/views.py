"""Attendance pages: take a register, correct a mark, import from the MIS, a pupil's year,
the school's weeks and the LA's schools. Views translate HTTP to services and selectors."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from onroll.accounts.http import AuthenticatedHttpRequest
from onroll.accounts.permissions import Permission
from onroll.accounts.roles import Role
from onroll.attendance import selectors
from onroll.attendance.forms import (
    SLOTS,
    CorrectionForm,
    ImportForm,
    PatternForm,
    RegisterChoiceForm,
    RegisterForm,
    SicknessEstimateForm,
)
from onroll.attendance.imports import import_apply, import_review, import_stage
from onroll.attendance.selectors_overview import la_overview as la_overview_page
from onroll.attendance.selectors_overview import la_schools
from onroll.attendance.selectors_overview import school_overview as school_overview_page
from onroll.attendance.services import (
    dual_pattern_set,
    mark_correct,
    register_record,
    sickness_estimate_set,
)
from onroll.core.decorators import la_staff, school_staff, staff
from onroll.core.flow import submit
from onroll.core.models import AuditAction
from onroll.core.pagination import paginate
from onroll.core.services import audit_record
from onroll.people.models import Child
from onroll.people.selectors import child_for_user_or_404
from onroll.registers.selectors import school_of
from onroll.rules.attendance import ATTENDANCE_CODES
from onroll.schools.selectors import school_calendar


@school_staff(Permission.VIEW_PUPILS)
def school_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The school's attendance: weekly attendance, persistent and severe absence, alerts."""
    school = school_of(request.user)
    today = timezone.localdate()
    page = school_overview_page(school, today)
    context = {
        "school": school,
        "today": today,
        "page": page,
        "weeks": page.weeks,
        "chart_height": page.chart_height,
        "summary": page.summary,
        "alerts": paginate(request, page.alerts, param="alerts"),
        "absent": paginate(request, page.absent, param="absent"),
        "imports": page.recent_imports,
    }
    return render(request, "attendance/school_overview.html", context)


def _register_choice(
    request: AuthenticatedHttpRequest, groups: list[tuple[str, str]], today: date
) -> RegisterChoiceForm:
    """The date, session and group from the query (the latest school day when none)."""
    try:
        latest = school_calendar(school_of(request.user)).school_day_on_or_before(today)
    except ValueError:
        latest = today
    session = "AM" if latest == today and timezone.localtime().hour < 12 else "PM"
    return RegisterChoiceForm(
        request.GET or {"date": latest.isoformat(), "session": session, "group": "all"},
        groups=groups,
        initial={"date": latest.isoformat(), "session": session, "group": "all"},
    )


@school_staff(Permission.TAKE_REGISTER)
def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Take the register for a group and session: one code box per pupil, quick to tab
    through, each filled with the mark already recorded or the expected code. A long roll is
    taken a page at a time; saving keeps the page."""
    user = request.user
    school = school_of(user)
    today = timezone.localdate()
    groups = selectors.register_groups(school)
    choice = _register_choice(request, groups, today)
    if not choice.is_valid():
        return render(request, "attendance/register.html", {"choice": choice, "school": school})
    day: date = choice.cleaned_data["date"]
    session: str = choice.cleaned_data["session"]
    group: str = choice.cleaned_data["group"]
    context: dict[str, Any] = {
        "choice": choice,
        "school": school,
        "day": day,
        "session": session,
        "group_label": dict(groups).get(group, "Whole school"),
        "codes": ATTENDANCE_CODES.items(),
    }
    if not school_calendar(school).is_school_day(day):
        context["closed"] = True
        return render(request, "attendance/register.html", context)
    page = paginate(request, selectors.register_pupils(school, day, group))
    pupils: list[Child] = list(page.object_list)
    sheet = selectors.register_sheet(school, day, session, pupils)
    form = RegisterForm(request.POST or None, pupils=pupils, defaults=sheet.defaults)
    query = urlencode({"date": day.isoformat(), "session": session, "group": group})
    query += f"&page={page.number}" if page.number > 1 else ""
    done = submit(
        request,
        form,
        lambda data: register_record(
            school=school,
            day=day,
            session=session,
            codes=form.codes(),
            acting_user=user,
            today=today,
            reason=data["reason"],
        ),
        success=lambda result: (
            f"Register saved for {day:%-d %B %Y} {session}: {result.created} new, "
            f"{result.changed} changed, {result.unchanged} unchanged."
        ),
        then=lambda _: redirect(f"{reverse('attendance:register')}?{query}"),
    )
    context.update(
        form=form, page=page, pupils=pupils, taken=bool(sheet.existing), dual_ids=sheet.dual_ids
    )
    return done or render(request, "attendance/register.html", context)


@staff
def pupil_attendance(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """A pupil's school year as a calendar of coloured sessions, with a table behind it."""
    user = request.user
    child = child_for_user_or_404(user, child_id)
    today = timezone.localdate()
    page = selectors.pupil_page(user, child, request.GET.get("school", ""), today)
    audit_record(
        actor=user,
        action=AuditAction.ATTENDANCE_VIEWED,
        obj=child,
        detail={"school": page.school.pk},
    )
    context = {
        "child": child,
        "school": page.school,
        "schools": page.schools,
        "months": page.months,
        "marked": page.marked,
        "state": page.state,
        "alerts": page.alerts,
        "changes": paginate(request, page.corrections, per_page=20, param="corrections"),
        "key": selectors.code_key(),
        "today": today,
        "can_correct": page.can_correct,
        "is_dual": page.is_dual,
        "pattern": page.pattern,
    }
    return render(request, "attendance/pupil.html", context)


def _pupil_here(
    request: AuthenticatedHttpRequest, child_id: int, *, on_roll: bool = False
) -> Child:
    """The child, when registered at the user's school (on its roll now if ``on_roll``)."""
    child = child_for_user_or_404(request.user, child_id)
    if not selectors.is_registered(school_of(request.user), child, on_roll=on_roll):
        raise Http404("Not on this school's register")
    return child


@school_staff(Permission.MANAGE_MARKS)
def correct(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Correct one of a pupil's marks at this school, with the reason."""
    user = request.user
    child = _pupil_here(request, child_id)
    school = school_of(user)
    initial: dict[str, Any] = {"session": request.GET.get("session", "AM")}
    if request.GET.get("date"):
        with contextlib.suppress(ValueError):
            initial["date"] = date.fromisoformat(request.GET["date"])
    current = None
    if "date" in initial:
        current = selectors.mark_code(child, school, initial["date"], initial["session"])
        if current is not None:
            initial["code"] = current
    form = CorrectionForm(request.POST or None, initial=initial)
    done = submit(
        request,
        form,
        lambda _: mark_correct(
            school=school,
            child=child,
            **form.correction(),
            acting_user=user,
            today=timezone.localdate(),
        ),
        success=lambda mark: (
            f"{child.full_name}'s mark for {mark.date:%-d %B %Y} {mark.session} is now {mark.code}."
        ),
        then=lambda _: redirect("attendance:pupil", child_id=child.pk),
    )
    return done or render(
        request,
        "attendance/correct.html",
        {"child": child, "school": school, "form": form, "current": current},
    )


@school_staff(Permission.MANAGE_MARKS)
def pattern(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Which sessions this school expects a dual-registered pupil."""
    user = request.user
    child = child_for_user_or_404(user, child_id)
    school = school_of(user)
    if not selectors.is_dual_here(school, child, timezone.localdate()):
        raise Http404("Not dual registered here")
    existing = selectors.dual_pattern(child, school)
    expected = existing.expected if existing else ""
    initial = {"expected": [v for i, (v, _) in enumerate(SLOTS) if expected[i : i + 1] == "1"]}
    form = PatternForm(request.POST or None, initial=initial)
    done = submit(
        request,
        form,
        lambda _: dual_pattern_set(
            school=school, child=child, expected=form.pattern(), acting_user=user
        ),
        success=f"Dual registration pattern saved for {child.full_name}.",
        then=lambda _: redirect("attendance:pupil", child_id=child.pk),
    )
    return done or render(
        request, "attendance/pattern.html", {"child": child, "school": school, "form": form}
    )


@school_staff(Permission.MANAGE_MARKS)
def sickness(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """The school's estimate of the school days a pupil will miss through illness this year."""
    user = request.user
    child = _pupil_here(request, child_id, on_roll=True)
    school = school_of(user)
    today = timezone.localdate()
    state = selectors.pupil_state(school, child, today)
    form = SicknessEstimateForm(
        request.POST or None,
        initial={"expected_days": state.expected_sickness_days if state else None},
    )
    done = submit(
        request,
        form,
        lambda data: sickness_estimate_set(
            school=school,
            child=child,
            expected_days=data["expected_days"],
            acting_user=user,
            today=today,
        ),
        success=f"Expected sickness saved for {child.full_name}.",
        then=lambda _: redirect("attendance:pupil", child_id=child.pk),
    )
    return done or render(
        request,
        "attendance/sickness.html",
        {"child": child, "school": school, "form": form, "state": state},
    )


@school_staff(Permission.MANAGE_MARKS)
def import_marks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload an MIS export; it is checked and kept, and the next page shows what it would
    change (or every bad row). The school's imports are listed under the form."""
    user = request.user
    school = school_of(user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record, _ = import_stage(
            school=school, **form.staging(), acting_user=user, today=timezone.localdate()
        )
        return redirect("attendance:import_detail", import_id=record.pk)
    imports = paginate(request, selectors.imports_for_school(school), per_page=20)
    return render(
        request, "attendance/import.html", {"form": form, "school": school, "imports": imports}
    )


@school_staff(Permission.MANAGE_MARKS)
def import_detail(request: AuthenticatedHttpRequest, import_id: int) -> HttpResponse:
    """What a checked file would change, a page of changed marks at a time, or its bad rows."""
    record = selectors.import_for_school_or_404(school_of(request.user), import_id)
    preview = import_review(record=record, today=timezone.localdate())
    return render(
        request,
        "attendance/import_preview.html",
        {"record": record, "preview": preview, "changes": paginate(request, preview.changed)},
    )


@school_staff(Permission.MANAGE_MARKS)
def import_confirm(request: AuthenticatedHttpRequest, import_id: int) -> HttpResponse:
    """Apply a checked file: checked again now, then all of it or nothing."""
    user = request.user
    record = selectors.import_for_school_or_404(school_of(user), import_id, waiting=True)
    if request.method != "POST":
        return redirect("attendance:import_detail", import_id=record.pk)
    preview = import_apply(record=record, acting_user=user, today=timezone.localdate())
    if not preview.ok:
        return render(
            request,
            "attendance/import_preview.html",
            {"record": record, "preview": preview, "stale": True},
        )
    messages.success(
        request,
        f"Imported {record.filename}: {record.created} new, {record.changed} changed, "
        f"{record.unchanged} unchanged marks.",
    )
    return redirect("attendance:school")


@la_staff(Role.CME_OFFICER, Role.CME_MANAGER)
def la_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The LA's schools side by side, and the alerts that need the LA."""
    la = request.user.local_authority
    if la is None:
        raise Http404("Not LA staff")
    today = timezone.localdate()
    schools = paginate(request, la_schools(la), param="schools")
    page = la_overview_page(la, today, schools=list(schools))
    return render(
        request,
        "attendance/la_overview.html",
        {
            "la": la,
            "today": today,
            "schools": schools,
            "summaries": page.summaries,
            "chart_height": page.chart_height,
            "alerts": paginate(request, page.alerts, param="alerts"),
            "totals": page.totals,
        },
    )
