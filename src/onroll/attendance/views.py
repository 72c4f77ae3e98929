"""Attendance pages: take a register, correct a mark, import from the MIS, a pupil's year,
the school's weeks and the LA's schools. Views translate HTTP to services and selectors."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from onroll.accounts.roles import Role
from onroll.attendance import selectors
from onroll.attendance.dual import DualContext
from onroll.attendance.forms import (
    SLOTS,
    CorrectionForm,
    ImportForm,
    PatternForm,
    RegisterChoiceForm,
    RegisterForm,
    SicknessEstimateForm,
)
from onroll.attendance.imports import import_apply, import_stage
from onroll.attendance.models import (
    DualPattern,
    ImportStatus,
    Mark,
    MarkChange,
    MarkImport,
)
from onroll.attendance.services import (
    AttendanceError,
    dual_pattern_set,
    mark_correct,
    register_record,
    sickness_estimate_set,
)
from onroll.core.decorators import la_staff, school_staff, staff
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.people.selectors import child_for_user_or_404
from onroll.rules.attendance import ATTENDANCE_CODES
from onroll.schools.models import School
from onroll.schools.selectors import school_calendar

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _key() -> list[dict[str, Any]]:
    key = []
    for category, label in selectors.CATEGORY_LABELS.items():
        codes = [c for c, e in ATTENDANCE_CODES.items() if e.category is category]
        key.append(
            {
                "label": label,
                "css": f"onroll-att--{category.value.replace('_', '-')}",
                "codes": " ".join(codes),
            }
        )
    return key


@school_staff
def school_overview(request: HttpRequest) -> HttpResponse:
    """The school's attendance: weekly attendance, persistent and severe absence, alerts."""
    user: Any = request.user
    school = user.school
    today = timezone.localdate()
    weeks = selectors.school_weeks(school, today)
    states = selectors.school_states(school, today)
    summary = selectors.school_summaries(School.objects.filter(pk=school.pk), today)[0]
    context = {
        "school": school,
        "today": today,
        "weeks": weeks,
        "chart_height": 20 * len(weeks) + 10,
        "summary": summary,
        "persistent": [s for s in states if s.persistent_absence and not s.severe_absence],
        "severe": [s for s in states if s.severe_absence],
        "alerts": selectors.open_alerts_for_school(school.pk),
        "imports": MarkImport.objects.filter(school=school).defer("content", "mapping_content")[:5],
    }
    return render(request, "attendance/school_overview.html", context)


@school_staff
def register(request: HttpRequest) -> HttpResponse:
    """Take the register for a group and session: one code box per pupil, quick to tab
    through, each filled with the mark already recorded or the expected code."""
    user: Any = request.user
    school = user.school
    today = timezone.localdate()
    groups = selectors.register_groups(school)
    calendar = school_calendar(school)
    try:
        latest = calendar.school_day_on_or_before(today)
    except ValueError:
        latest = today
    choice = RegisterChoiceForm(
        request.GET or None,
        groups=groups,
        initial={
            "date": latest.isoformat(),  # a type=date input needs ISO text
            "session": "AM" if latest == today and timezone.localtime().hour < 12 else "PM",
            "group": "all",
        },
    )
    if request.GET and not choice.is_valid():
        return render(request, "attendance/register.html", {"choice": choice, "school": school})
    day: date = choice.cleaned_data["date"] if request.GET else latest
    session: str = choice.cleaned_data["session"] if request.GET else choice.initial["session"]
    group: str = choice.cleaned_data["group"] if request.GET else "all"
    context: dict[str, Any] = {
        "choice": choice,
        "school": school,
        "day": day,
        "session": session,
        "group_label": dict(groups).get(group, "Whole school"),
        "codes": ATTENDANCE_CODES.items(),
    }
    if not calendar.is_school_day(day):
        context["closed"] = True
        return render(request, "attendance/register.html", context)
    pupils = selectors.register_pupils(school, day, group)
    existing = dict(
        Mark.objects.filter(school=school, date=day, session=session, child__in=pupils).values_list(
            "child_id", "code"
        )
    )
    dual = DualContext.build(school, [c.pk for c in pupils], day, day)
    defaults = {c.pk: existing.get(c.pk) or dual.default_code(c.pk, day, session) for c in pupils}
    form = RegisterForm(request.POST or None, pupils=pupils, defaults=defaults)
    if request.method == "POST" and form.is_valid():
        try:
            result = register_record(
                school=school,
                day=day,
                session=session,
                codes=form.codes(),
                acting_user=user,
                today=today,
                reason=form.cleaned_data["reason"],
            )
        except AttendanceError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"Register saved for {day:%-d %B %Y} {session}: {result.created} new, "
                f"{result.changed} changed, {result.unchanged} unchanged.",
            )
            query = urlencode({"date": day.isoformat(), "session": session, "group": group})
            return redirect(f"{reverse('attendance:register')}?{query}")
    context.update(
        form=form,
        pupils=pupils,
        taken=bool(existing),
        dual_ids={c.pk for c in pupils if dual.is_dual(c.pk)},
    )
    return render(request, "attendance/register.html", context)


@staff
def pupil_attendance(request: HttpRequest, child_id: int) -> HttpResponse:
    """A pupil's school year as a calendar of coloured sessions, with a table behind it."""
    user: Any = request.user
    child = child_for_user_or_404(user, child_id)
    schools = selectors.pupil_schools(user, child)
    if not schools:
        raise Http404("No register to show")
    wanted = request.GET.get("school", "")
    school = next((s for s in schools if str(s.pk) == wanted), schools[0])
    today = timezone.localdate()
    calendar = school_calendar(school)
    months, marked = selectors.pupil_calendar(child, school, calendar, today)
    audit_record(
        actor=request.user,
        action=AuditAction.ATTENDANCE_VIEWED,
        obj=child,
        detail={"school": school.pk},
    )
    state = selectors.school_states(school, today).filter(child=child).first()
    alerts = selectors.open_alerts_for_school(school.pk).filter(child=child)
    changes = (
        MarkChange.objects.filter(mark__child=child, mark__school=school)
        .select_related("mark", "changed_by")
        .order_by("-changed_at")[:20]
    )
    pattern = DualPattern.objects.filter(child=child, school=school).first()
    context = {
        "child": child,
        "school": school,
        "schools": schools,
        "months": months,
        "marked": marked,
        "state": state,
        "alerts": alerts,
        "changes": changes,
        "key": _key(),
        "today": today,
        "can_correct": user.is_school_user and school.pk == user.organisation_id,
        "is_dual": DualContext.build(school, [child.pk], today, today).is_dual(child.pk),
        "pattern": [(label, pattern.expected[i] == "1") for i, (label, _) in enumerate(SLOTS)]
        if pattern
        else None,
    }
    return render(request, "attendance/pupil.html", context)


@school_staff
def correct(request: HttpRequest, child_id: int) -> HttpResponse:
    """Correct one of a pupil's marks at this school, with the reason."""
    user: Any = request.user
    child = child_for_user_or_404(user, child_id)
    school = user.school
    if not school.registrations.filter(child=child).exists():
        raise Http404("Not on this school's register")
    initial: dict[str, Any] = {"session": request.GET.get("session", "AM")}
    if request.GET.get("date"):
        with contextlib.suppress(ValueError):
            initial["date"] = date.fromisoformat(request.GET["date"])
    current = None
    if "date" in initial:
        current = Mark.objects.filter(
            child=child, school=school, date=initial["date"], session=initial["session"]
        ).first()
        if current is not None:
            initial["code"] = current.code
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mark_correct(
                school=school,
                child=child,
                day=data["date"],
                session=data["session"],
                code=data["code"],
                reason=data["reason"],
                acting_user=user,
                today=timezone.localdate(),
            )
        except AttendanceError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"{child.full_name}'s mark for {data['date']:%-d %B %Y} {data['session']} is "
                f"now {data['code']}.",
            )
            return redirect("attendance:pupil", child_id=child.pk)
    return render(
        request,
        "attendance/correct.html",
        {"child": child, "school": school, "form": form, "current": current},
    )


@school_staff
def pattern(request: HttpRequest, child_id: int) -> HttpResponse:
    """Which sessions this school expects a dual-registered pupil."""
    user: Any = request.user
    child = child_for_user_or_404(user, child_id)
    school = user.school
    today = timezone.localdate()
    if not DualContext.build(school, [child.pk], today, today).is_dual(child.pk):
        raise Http404("Not dual registered here")
    existing = DualPattern.objects.filter(child=child, school=school).first()
    initial = {
        "expected": [
            v for i, (v, _) in enumerate(SLOTS) if existing and existing.expected[i] == "1"
        ]
    }
    form = PatternForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        dual_pattern_set(
            school=school,
            child=child,
            expected=form.pattern(),
            acting_user=user,
        )
        messages.success(request, f"Dual registration pattern saved for {child.full_name}.")
        return redirect("attendance:pupil", child_id=child.pk)
    return render(
        request, "attendance/pattern.html", {"child": child, "school": school, "form": form}
    )


@school_staff
def sickness(request: HttpRequest, child_id: int) -> HttpResponse:
    """The school's estimate of the school days a pupil will miss through illness this year."""
    user: Any = request.user
    child = child_for_user_or_404(user, child_id)
    school = user.school
    if not school.registrations.filter(child=child, deleted_on__isnull=True).exists():
        raise Http404("Not on this school's roll")
    today = timezone.localdate()
    state = selectors.school_states(school, today).filter(child=child).first()
    form = SicknessEstimateForm(
        request.POST or None,
        initial={"expected_days": state.expected_sickness_days if state else None},
    )
    if request.method == "POST" and form.is_valid():
        sickness_estimate_set(
            school=school,
            child=child,
            expected_days=form.cleaned_data["expected_days"],
            acting_user=user,
            today=today,
        )
        messages.success(request, f"Expected sickness saved for {child.full_name}.")
        return redirect("attendance:pupil", child_id=child.pk)
    return render(
        request,
        "attendance/sickness.html",
        {"child": child, "school": school, "form": form, "state": state},
    )


@school_staff
def import_marks(request: HttpRequest) -> HttpResponse:
    """Upload an MIS export, see what it would change (or every bad row), then confirm."""
    user: Any = request.user
    school = user.school
    today = timezone.localdate()
    if request.method == "POST" and "import_id" in request.POST:
        import_id = request.POST["import_id"]
        record = MarkImport.objects.filter(
            pk=int(import_id) if import_id.isdigit() else 0,
            school=school,
            status=ImportStatus.PREVIEWED,
        ).first()
        if record is None:
            raise Http404("No such import waiting")
        preview = import_apply(record=record, acting_user=user, today=today)
        if not preview.ok:
            return render(
                request,
                "attendance/import_preview.html",
                {"record": record, "preview": preview, "stale": True},
            )
        record.refresh_from_db()
        messages.success(
            request,
            f"Imported {record.filename}: {record.created} new, {record.changed} changed, "
            f"{record.unchanged} unchanged marks.",
        )
        return redirect("attendance:school")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        mapping = form.cleaned_data.get("mapping")
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", "The file must be smaller than 50 MB")
        else:
            record, preview = import_stage(
                school=school,
                filename=upload.name,
                content=upload.read(),
                acting_user=user,
                today=today,
                mapping_filename=mapping.name if mapping else "",
                mapping_content=mapping.read() if mapping else b"",
            )
            return render(
                request,
                "attendance/import_preview.html",
                {"record": record, "preview": preview},
            )
    imports = MarkImport.objects.filter(school=school).defer("content", "mapping_content")[:10]
    return render(
        request, "attendance/import.html", {"form": form, "school": school, "imports": imports}
    )


@la_staff(Role.CME_OFFICER, Role.CME_MANAGER)
def la_overview(request: HttpRequest) -> HttpResponse:
    """The LA's schools side by side, and the alerts that need the LA."""
    user: Any = request.user
    la = user.local_authority
    today = timezone.localdate()
    summaries = selectors.school_summaries(School.objects.filter(local_authority=la), today)
    alerts = selectors.open_alerts_for_la(la.pk, selectors.LA_QUEUE_RULES)
    return render(
        request,
        "attendance/la_overview.html",
        {
            "la": la,
            "today": today,
            "summaries": summaries,
            "chart_height": 20 * len(summaries) + 10,
            "alerts": alerts,
            "totals": {
                "pupils": sum(s.pupils for s in summaries),
                "persistent": sum(s.persistent for s in summaries),
                "severe": sum(s.severe for s in summaries),
                "alerts": sum(s.alert_total for s in summaries),
            },
        },
    )
