"""School pages: admission, placements, the exclusion review, returns. Thin: forms check
shape and build the services' inputs, services decide (through the rules), selectors read,
and a refusal re-renders the page with the error summary. Each form posts to its own URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from onroll.accounts.http import AuthenticatedHttpRequest
from onroll.accounts.permissions import Permission
from onroll.core.decorators import school_staff
from onroll.core.flow import submit
from onroll.core.pagination import paginate
from onroll.registers.admission import pupil_admit
from onroll.registers.facts.returns import deletion_return_of, la_return_content
from onroll.registers.forms import (
    AdmitForm,
    ExclusionForm,
    OnRollForm,
    PlacementOutcomeForm,
    PlacementReviewForm,
    ReviewEventForm,
)
from onroll.registers.models import ReturnStatus
from onroll.registers.placements import (
    exclusion_event_record,
    exclusion_record,
    placement_outcome_record,
    placement_put_on_roll,
    placement_review_record,
)
from onroll.registers.returns import la_return_send
from onroll.registers.selectors import (
    placements_waiting,
    register_list,
    registration_for_user_or_404,
    return_for_user_or_404,
    return_list,
    school_of,
)
from onroll.registers.selectors_pages import (
    ExclusionPage,
    PlacementPage,
    exclusion_page,
    placement_page,
)
from onroll.schools.selectors import other_schools_in_la, prus_in_la


def act(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    perform: Callable[[dict[str, Any]], object],
    *,
    success: str,
    page: str,
    again: Callable[[], HttpResponse],
) -> HttpResponse:
    """One action of a page, posted to its own URL: a GET goes to the page; a POST goes
    through :func:`~onroll.core.flow.submit` and back to the page, or ``again()`` re-renders
    it with the form's errors."""
    if request.method != "POST":
        return redirect(page)
    done = submit(request, form, perform, success=success, then=lambda _: redirect(page))
    return done or again()


@school_staff(Permission.VIEW_PUPILS)
def children(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The school's pupils (current and past) and children placed with it."""
    return render(
        request,
        "registers/children.html",
        {
            "page": paginate(request, register_list(request.user)),
            "waiting": placements_waiting(request.user),
        },
    )


@school_staff(Permission.ADMIT)
def admit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Admit a pupil: child, address, parent, register entry; the new-pupil return follows."""
    school = school_of(request.user)
    form = AdmitForm(request.POST or None, schools=other_schools_in_la(school))
    done = submit(
        request,
        form,
        lambda _: pupil_admit(
            school=school,
            today=timezone.localdate(),
            acting_user=request.user,
            **form.admission(),
        ),
        success=lambda registration: f"{registration.child.full_name} is on roll",
        then=lambda registration: redirect("people:child", child_id=registration.child_id),
    )
    return done or render(request, "registers/admit.html", {"form": form})


@school_staff(Permission.EXCLUDE)
def exclusion_new(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    """The excluding school records a permanent exclusion; the PRU placement follows."""
    registration = registration_for_user_or_404(request.user, registration_id)
    prus = prus_in_la(registration.school.local_authority_id)
    form = ExclusionForm(request.POST or None, prus=prus)
    done = submit(
        request,
        form,
        lambda data: exclusion_record(
            registration=registration,
            today=timezone.localdate(),
            acting_user=request.user,
            **data,
        ),
        success="Permanent exclusion recorded",
        then=lambda exclusion: redirect("registers:exclusion", exclusion_id=exclusion.pk),
    )
    return done or render(
        request,
        "registers/form_page.html",
        {
            "child": registration.child,
            "form": form,
            "title": "Record a permanent exclusion",
            "button": "Record the exclusion",
        },
    )


def _exclusion(
    request: AuthenticatedHttpRequest,
    page: ExclusionPage,
    *,
    event_form: ReviewEventForm | None = None,
) -> HttpResponse:
    item = page.exclusion
    return render(
        request,
        "registers/exclusion.html",
        {
            "exclusion": item,
            "child": item.child,
            "owner": page.owner,
            "state_label": page.state_label,
            "since": page.since,
            "deadline": page.deadline,
            "events": page.events,
            "event_form": event_form or ReviewEventForm(None, events=page.next_events),
            "can_move": page.can_move,
            "eligibility": page.eligibility,
            "ended_on": page.ended_on,
            "placement": page.placement,
        },
    )


@school_staff(Permission.VIEW_PUPILS)
def exclusion(request: AuthenticatedHttpRequest, exclusion_id: int) -> HttpResponse:
    """The review: its state, deadline, the steps so far, the PAT direction, and whether
    ground O is met."""
    return _exclusion(
        request, exclusion_page(request.user, exclusion_id, today=timezone.localdate())
    )


@school_staff(Permission.EXCLUDE)
def exclusion_event(request: AuthenticatedHttpRequest, exclusion_id: int) -> HttpResponse:
    """The excluding school records the review's next step."""
    today = timezone.localdate()
    page = exclusion_page(request.user, exclusion_id, today=today)
    if not page.owner:
        raise Http404
    form = ReviewEventForm(request.POST, events=page.next_events)
    return act(
        request,
        form,
        lambda data: exclusion_event_record(
            exclusion=page.exclusion, today=today, acting_user=request.user, **data
        ),
        success="Review step recorded",
        page=reverse("registers:exclusion", args=[exclusion_id]),
        again=lambda: _exclusion(request, page, event_form=form),
    )


def _placement(
    request: AuthenticatedHttpRequest, page: PlacementPage, **forms_: forms.Form
) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "registers/placement.html",
        {
            "placement": page.placement,
            "child": page.placement.child,
            "at_pru": page.at_pru,
            "is_pex": page.is_pex,
            "deadline": page.deadline,
            "on_roll_form": OnRollForm(None, initial={"starting_day": today}),
            "review_form": PlacementReviewForm(None),
            "outcome_form": PlacementOutcomeForm(None),
            "awaiting": page.awaiting,
            "on_roll": page.on_roll,
            **forms_,
        },
    )


@school_staff(Permission.VIEW_PUPILS)
def placement(request: AuthenticatedHttpRequest, placement_id: int) -> HttpResponse:
    """A placement at the Short Stay School: day-6 deadline and putting on roll (permanent
    exclusion), or aim, reviews and reintegration outcome (referral)."""
    return _placement(
        request, placement_page(request.user, placement_id, today=timezone.localdate())
    )


def _placement_action(
    request: AuthenticatedHttpRequest,
    placement_id: int,
    form: forms.Form,
    name: str,
    perform: Callable[..., object],
    success: Callable[[PlacementPage], str],
) -> HttpResponse:
    """One of the Short Stay School's actions on its placement (``name`` is the form's name
    on the page)."""
    page = placement_page(request.user, placement_id, today=timezone.localdate())
    if not page.at_pru:
        raise Http404
    return act(
        request,
        form,
        lambda data: perform(placement=page.placement, acting_user=request.user, **data),
        success=success(page),
        page=reverse("registers:placement", args=[placement_id]),
        again=lambda: _placement(request, page, **{name: form}),
    )


@school_staff(Permission.PLACEMENTS)
def placement_on_roll(request: AuthenticatedHttpRequest, placement_id: int) -> HttpResponse:
    """The Short Stay School puts the placed pupil on its roll."""
    today = timezone.localdate()
    return _placement_action(
        request,
        placement_id,
        OnRollForm(request.POST),
        "on_roll_form",
        lambda **kw: placement_put_on_roll(today=today, **kw),
        lambda page: f"{page.placement.child.full_name} is on roll",
    )


@school_staff(Permission.PLACEMENTS)
def placement_review(request: AuthenticatedHttpRequest, placement_id: int) -> HttpResponse:
    """A review of a referral placement."""
    today = timezone.localdate()
    return _placement_action(
        request,
        placement_id,
        PlacementReviewForm(request.POST),
        "review_form",
        lambda **kw: placement_review_record(today=today, **kw),
        lambda _: "Review recorded",
    )


@school_staff(Permission.PLACEMENTS)
def placement_outcome(request: AuthenticatedHttpRequest, placement_id: int) -> HttpResponse:
    """The placement's reintegration outcome."""
    return _placement_action(
        request,
        placement_id,
        PlacementOutcomeForm(request.POST),
        "outcome_form",
        placement_outcome_record,
        lambda _: "Outcome recorded",
    )


@school_staff(Permission.VIEW_PUPILS)
def la_returns(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The returns the school owes (and has sent) its LA."""
    return render(
        request, "registers/returns.html", {"page": paginate(request, return_list(request.user))}
    )


@school_staff(Permission.VIEW_PUPILS)
def la_return(request: AuthenticatedHttpRequest, return_id: int) -> HttpResponse:
    """A return owed to the LA with everything it carries; send it from here."""
    item = return_for_user_or_404(request.user, return_id)
    return render(
        request,
        "registers/la_return.html",
        {
            "item": item,
            "child": item.child,
            "content": deletion_return_of(item),
            "due": item.status == ReturnStatus.DUE,
        },
    )


@school_staff(Permission.LA_RETURNS)
def la_return_submit(request: AuthenticatedHttpRequest, return_id: int) -> HttpResponse:
    item = return_for_user_or_404(request.user, return_id)  # scope first: 404 outside it
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if item.status != ReturnStatus.DUE:
        raise Http404
    notification = la_return_send(
        la_return=item, details=la_return_content(item), acting_user=request.user
    )
    messages.success(request, f"Sent to the LA: reference {notification.reference}")
    return redirect("registers:la_return", return_id=item.pk)
