"""Pages for a child and family: every staff member's summary of a child, and the school's
record, details, safeguarding, addresses, carers and chronology. Every page goes through
``child_for_user_or_404``; what other apps know of the child comes from the registry."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onroll.core.decorators import school_staff, staff
from onroll.core.flow import submit
from onroll.core.models import AuditAction
from onroll.core.pagination import paginate
from onroll.core.registry import child_sections_for
from onroll.core.services import audit_record
from onroll.people.forms import AddressForm, CarerForm, ChildForm, SafeguardingForm
from onroll.people.models import Child
from onroll.people.selectors import (
    child_for_user_or_404,
    child_record_page,
    child_summary_page,
    chronology_events,
    chronology_rows,
)
from onroll.people.services import (
    carer_add,
    child_address_change,
    child_safeguarding_update,
    child_update,
)

if TYPE_CHECKING:
    from django import forms

    from onroll.accounts.http import AuthenticatedHttpRequest


def _viewed(request: AuthenticatedHttpRequest, child_id: int) -> Child:
    """The child, if the user may see them (else 404), with the view written to the audit."""
    child = child_for_user_or_404(request.user, child_id)
    audit_record(actor=request.user, action=AuditAction.CHILD_VIEWED, obj=child)
    return child


@staff
def child_detail(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """A child's record, for users whose organisation may see the child. Every view is audited."""
    child = _viewed(request, child_id)
    page = child_summary_page(request.user, child)
    return render(request, "core/child_detail.html", {"child": child, "page": page})


@school_staff
def child_record(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = _viewed(request, child_id)
    page = child_record_page(request.user, child)
    return render(
        request,
        "people/child_record.html",
        {"child": child, "school": page.school, "page": page, "today": timezone.localdate()},
    )


def _change(
    request: AuthenticatedHttpRequest,
    child: Child,
    form: forms.Form,
    perform: Callable[[dict[str, Any]], object],
    *,
    success: str,
    template: str = "people/form_page.html",
    **context: str,
) -> HttpResponse:
    """A page that changes ``child``: a valid POST calls ``perform`` (its refusal goes on the
    form) and returns to the child's record; otherwise the form is shown."""
    done = submit(
        request,
        form,
        perform,
        success=success,
        then=lambda _: redirect("people:child", child_id=child.pk),
    )
    return done or render(request, template, {"child": child, "form": form, **context})


@school_staff
def child_edit(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    user = request.user
    child = child_for_user_or_404(user, child_id)
    today = timezone.localdate()
    return _change(
        request,
        child,
        ChildForm.for_child(child, request.POST or None),
        lambda data: child_update(child=child, values=dict(data), today=today, acting_user=user),
        success="Details saved",
        template="people/child_edit.html",
    )


@school_staff
def child_safeguarding(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    user = request.user
    if not user.sees_safeguarding:
        raise Http404
    child = child_for_user_or_404(user, child_id)
    return _change(
        request,
        child,
        SafeguardingForm.for_child(child, request.POST or None),
        lambda data: child_safeguarding_update(child=child, values=dict(data), acting_user=user),
        success="Safeguarding details saved",
        template="people/child_safeguarding.html",
    )


@school_staff
def child_address(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    user = request.user
    child = child_for_user_or_404(user, child_id)
    return _change(
        request,
        child,
        AddressForm(request.POST or None),
        lambda data: child_address_change(child=child, acting_user=user, **data),
        success="Address saved; the previous one is kept as history",
        title="New address",
        button="Save address",
    )


@school_staff
def child_carer_add(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    user = request.user
    child = child_for_user_or_404(user, child_id)
    return _change(
        request,
        child,
        CarerForm(request.POST or None),
        lambda data: carer_add(child=child, acting_user=user, **data),
        success="Parent or carer added",
        title="Add a parent or carer",
        button="Add",
    )


@school_staff
def child_chronology(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Every event about the child, who did it and when, newest first (views on request),
    a page at a time."""
    user = request.user
    child = child_for_user_or_404(user, child_id)
    show_views = request.GET.get("views") == "1"
    events = paginate(request, chronology_events(user, child, with_views=show_views))
    return render(
        request,
        "people/chronology.html",
        {
            "child": child,
            "events": events,
            "rows": chronology_rows(user, events),
            "show_views": show_views,
            "sections": child_sections_for(user, child, "chronology"),
        },
    )
