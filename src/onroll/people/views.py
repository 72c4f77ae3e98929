"""Pages for a child and family: every staff member's summary of a child, and the school's
record, details, safeguarding, addresses, carers and chronology. Every page goes through
``child_for_user_or_404``; what other apps know of the child comes from the registry."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onroll.accounts.permissions import Permission
from onroll.core.decorators import school_staff, staff
from onroll.core.flow import submit
from onroll.core.models import AuditAction
from onroll.core.pagination import paginate
from onroll.core.registry import child_sections_for
from onroll.core.services import audit_record
from onroll.people.forms import (
    AddressForm,
    CarerForm,
    ChildForm,
    ChildPageForm,
    SafeguardingForm,
)
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
    return render(request, "people/child_detail.html", {"child": child, "page": page})


@school_staff(Permission.VIEW_PUPILS)
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
    child_id: int,
    form_class: type[ChildPageForm],
    perform: Callable[[Child, dict[str, Any]], object],
    *,
    success: str,
    template: str = "people/form_page.html",
    **context: str,
) -> HttpResponse:
    """A page that changes a child the user may see: a valid POST calls ``perform`` (its
    refusal goes on the form) and returns to the child's record; otherwise the form is shown."""
    child = child_for_user_or_404(request.user, child_id)
    form = form_class.for_child(child, request.POST or None)
    done = submit(
        request,
        form,
        lambda data: perform(child, data),
        success=success,
        then=lambda _: redirect("people:child", child_id=child.pk),
    )
    return done or render(request, template, {"child": child, "form": form, **context})


@school_staff(Permission.EDIT_PUPIL_DETAILS)
def child_edit(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    today = timezone.localdate()

    def perform(child: Child, data: dict[str, Any]) -> object:
        return child_update(child=child, values=data, today=today, acting_user=request.user)

    return _change(
        request,
        child_id,
        ChildForm,
        perform,
        success="Details saved",
        template="people/child_edit.html",
    )


@school_staff(Permission.SAFEGUARDING)
def child_safeguarding(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    if not request.user.sees_safeguarding:
        raise Http404

    def perform(child: Child, data: dict[str, Any]) -> object:
        return child_safeguarding_update(child=child, values=data, acting_user=request.user)

    return _change(
        request,
        child_id,
        SafeguardingForm,
        perform,
        success="Safeguarding details saved",
        template="people/child_safeguarding.html",
    )


@school_staff(Permission.EDIT_PUPIL_DETAILS)
def child_address(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """A new address; the previous one is kept, ended the day before."""
    return _change(
        request,
        child_id,
        AddressForm,
        lambda child, data: child_address_change(child=child, acting_user=request.user, **data),
        success="Address saved; the previous one is kept as history",
        title="New address",
        button="Save address",
    )


@school_staff(Permission.EDIT_PUPIL_DETAILS)
def child_carer_add(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    return _change(
        request,
        child_id,
        CarerForm,
        lambda child, data: carer_add(child=child, acting_user=request.user, **data),
        success="Parent or carer added",
        title="Add a parent or carer",
        button="Add",
    )


@school_staff(Permission.VIEW_PUPILS)
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
