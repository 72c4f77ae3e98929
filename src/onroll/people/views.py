"""School pages for a child and family: the record, details, safeguarding, addresses, carers,
and the chronology. Every page goes through ``child_for_user_or_404``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onroll.core.decorators import school_staff
from onroll.core.forms import apply_errors
from onroll.core.models import AuditAction, AuditEvent
from onroll.core.services import audit_record
from onroll.people.selectors import child_for_user_or_404, siblings_for_user
from onroll.people.services import (
    CHILD_FIELDS,
    SAFEGUARDING_FIELDS,
    carer_add,
    child_address_change,
    child_safeguarding_update,
    child_update,
)
from onroll.registers.forms import AddressForm, CarerForm, ChildForm, SafeguardingForm
from onroll.registers.models import Exclusion, LaReturn, Move, Placement, Registration
from onroll.registers.selectors import child_notifications_for_user
from onroll.rules.risk import SAFEGUARDING_FACTORS, RiskFactor


def _risk_factors(child: Any, user: Any) -> list[RiskFactor]:
    """The child's risk groups the user may see: safeguarding ones only for those roles."""
    factors = [RiskFactor(v) for v in child.risk_factors if v in RiskFactor.__members__.values()]
    if user.sees_safeguarding:
        return factors
    return [f for f in factors if f not in SAFEGUARDING_FACTORS]


@school_staff
def child_record(request: HttpRequest, child_id: int) -> HttpResponse:
    user: Any = request.user
    child = child_for_user_or_404(user, child_id)
    audit_record(actor=request.user, action=AuditAction.CHILD_VIEWED, obj=child)
    school = user.school
    registrations = child.registrations.select_related("school").order_by("-starting_day")
    here = registrations.filter(school=school, deleted_on__isnull=True).first()
    context = {
        "child": child,
        "school": school,
        "today": timezone.localdate(),
        "here": here,
        "registrations": registrations,
        "addresses": child.addresses.select_related("address"),
        "carers": child.carer_links.select_related("carer"),
        "siblings": siblings_for_user(user, child),
        "risk_factors": _risk_factors(child, user),
        "sees_safeguarding": user.sees_safeguarding,
        "placements": Placement.objects.filter(child=child, school=school)
        | Placement.objects.filter(child=child, home_school=school),
        "exclusions": Exclusion.objects.filter(child=child, school=school)
        | Exclusion.objects.filter(child=child, placement__school=school),
        "returns": LaReturn.objects.filter(child=child, school=school),
        "moves": Move.objects.filter(child=child, school=school),
        "leavings": [
            leaving
            for r in Registration.objects.filter(child=child, school=school)
            for leaving in r.leavings.all()
        ],
        "notifications": child_notifications_for_user(user, child),
        "is_mainstream": school is not None and not school.is_pru,
    }
    return render(request, "people/child_record.html", context)


@school_staff
def child_edit(request: HttpRequest, child_id: int) -> HttpResponse:
    user: Any = request.user
    child = child_for_user_or_404(user, child_id)
    initial = {name: getattr(child, name) for name in CHILD_FIELDS}
    form = ChildForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            child_update(
                child=child,
                values=dict(form.cleaned_data),
                today=timezone.localdate(),
                acting_user=user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Details saved")
            return redirect("registers:child", child_id=child.pk)
    return render(request, "people/child_edit.html", {"child": child, "form": form})


@school_staff
def child_safeguarding(request: HttpRequest, child_id: int) -> HttpResponse:
    user: Any = request.user
    if not user.sees_safeguarding:
        raise Http404
    child = child_for_user_or_404(user, child_id)
    initial = {name: getattr(child, name) for name in SAFEGUARDING_FIELDS}
    form = SafeguardingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            child_safeguarding_update(child=child, values=dict(form.cleaned_data), acting_user=user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Safeguarding details saved")
            return redirect("registers:child", child_id=child.pk)
    return render(request, "people/child_safeguarding.html", {"child": child, "form": form})


@school_staff
def child_address(request: HttpRequest, child_id: int) -> HttpResponse:
    user: Any = request.user
    child = child_for_user_or_404(user, child_id)
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child_address_change(child=child, acting_user=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Address saved; the previous one is kept as history")
            return redirect("registers:child", child_id=child.pk)
    return render(
        request,
        "people/form_page.html",
        {"child": child, "form": form, "title": "New address", "button": "Save address"},
    )


@school_staff
def child_carer_add(request: HttpRequest, child_id: int) -> HttpResponse:
    user: Any = request.user
    child = child_for_user_or_404(user, child_id)
    form = CarerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            carer_add(child=child, acting_user=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Parent or carer added")
            return redirect("registers:child", child_id=child.pk)
    return render(
        request,
        "people/form_page.html",
        {"child": child, "form": form, "title": "Add a parent or carer", "button": "Add"},
    )


ACTION_LABELS = {
    "child.created": "Child recorded",
    "child.updated": "Details changed",
    "child.safeguarding_updated": "Safeguarding details changed",
    "child.address_changed": "Address changed",
    "child.carer_added": "Parent or carer added",
    "registration.created": "Entered on the admission register",
    "registration.kind_changed": "Registration changed",
    "registration.deleted": "Deleted from the admission register",
    "la_return.due": "Return to the LA due",
    "la_return.sent": "Return sent to the LA",
    "notification.submitted": "Notification sent to the LA",
    "exclusion.recorded": "Permanent exclusion recorded",
    "exclusion.review_event": "Exclusion review step",
    "exclusion.pat_direction": "Pupil Access Team direction recorded",
    "placement.on_roll": "Put on the Short Stay School's roll",
    "placement.referral_created": "Referral placement started",
    "placement.reviewed": "Placement reviewed",
    "placement.outcome": "Placement outcome recorded",
    "leaving.started": "Pending leaver",
    "leaving.cancelled": "No longer leaving",
    "la_return.not_required": "Return to the LA not required",
    "leaving.destination_recorded": "Destination recorded",
    "move.recorded": "Family move recorded",
    "move.followed_up": "Move followed up",
    "referral.cme_submitted": "CME referral made",
    "referral.cmooe_submitted": "CMOOE report made",
    "child.viewed": "Record viewed",
}


@school_staff
def child_chronology(request: HttpRequest, child_id: int) -> HttpResponse:
    """Every event about the child, who did it and when, newest first (views on request)."""
    user: Any = request.user
    child = child_for_user_or_404(user, child_id)
    show_views = request.GET.get("views") == "1"
    events = AuditEvent.objects.filter(child_id=child.pk)
    if not show_views:
        events = events.exclude(action=AuditAction.CHILD_VIEWED)
    if not user.sees_safeguarding:
        events = events.exclude(action=AuditAction.CHILD_SAFEGUARDING_UPDATED)
    own = str(user.organisation)
    rows = [
        {
            "event": e,
            "label": ACTION_LABELS.get(e.action, e.action.replace("_", " ").replace(".", ": ")),
            # another organisation's details (an LA's case notes) are theirs: label only
            "summary": ", ".join(
                f"{k.replace('_', ' ')}: {v}"
                for k, v in e.detail.items()
                if isinstance(v, str | int | bool) and v != ""
            )
            if e.organisation_name == own
            else "",
        }
        for e in events.order_by("-occurred_at", "-id")[:500]
    ]
    registrations = child.registrations.select_related("school").order_by("starting_day")
    return render(
        request,
        "people/chronology.html",
        {
            "child": child,
            "rows": rows,
            "show_views": show_views,
            "registrations": registrations,
        },
    )
