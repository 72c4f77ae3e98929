"""School pages: admission, placements, the exclusion review, returns. Thin: forms check
shape, services decide (through the rules), and a refusal re-renders with the error summary."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from onroll.core.decorators import school_staff
from onroll.core.forms import apply_errors
from onroll.people.selectors import child_for_user_or_404
from onroll.people.services import CHILD_FIELDS
from onroll.registers.admission import pupil_admit
from onroll.registers.facts import (
    child_details,
    deletion_return_content,
    review_ended_on,
    review_facts,
)
from onroll.registers.forms import (
    EVENT_LABELS,
    STATE_LABELS,
    AdmitForm,
    ExclusionForm,
    OnRollForm,
    PatDirectionForm,
    PlacementOutcomeForm,
    PlacementReviewForm,
    ReviewEventForm,
)
from onroll.registers.models import PlacementKind, PlacementStatus, ReturnStatus
from onroll.registers.placements import (
    day6_deadline,
    exclusion_event_record,
    exclusion_pat_direction_record,
    exclusion_record,
    placement_outcome_record,
    placement_put_on_roll,
    placement_review_record,
)
from onroll.registers.returns import la_return_send
from onroll.registers.selectors import (
    exclusion_for_user_or_404,
    placement_for_user_or_404,
    placements_for_user,
    registration_for_user_or_404,
    registrations_for_user,
    return_for_user_or_404,
    returns_for_user,
)
from onroll.rules.exclusions import (
    ReviewEvent,
    ReviewState,
    allowed_events,
    ground_o_eligibility,
    state_deadline,
)
from onroll.schools.models import School
from onroll.schools.selectors import school_calendar


@school_staff
def children(request: HttpRequest) -> HttpResponse:
    """The school's pupils (current and past) and children placed with it."""
    user: Any = request.user
    registrations = registrations_for_user(user).order_by(
        "deleted_on", "child__legal_surname", "child__legal_forename"
    )
    waiting = placements_for_user(user).filter(
        school_id=user.organisation_id, status=PlacementStatus.AWAITING_ROLL
    )
    return render(
        request,
        "registers/children.html",
        {"registrations": registrations, "waiting": waiting, "today": timezone.localdate()},
    )


def _partner_schools(school: School) -> list[tuple[str, str]]:
    others = School.objects.filter(local_authority_id=school.local_authority_id).exclude(
        pk=school.pk
    )
    return [(str(s.pk), s.name) for s in others.order_by("name")]


@school_staff
def admit(request: HttpRequest) -> HttpResponse:
    """Admit a pupil: child, address, parent, register entry; the new-pupil return follows."""
    user: Any = request.user
    school = user.school
    form = AdmitForm(request.POST or None, schools=_partner_schools(school))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        partner = (
            School.objects.filter(pk=data["partner_school"]).first()
            if data["partner_school"]
            else None
        )
        try:
            registration = pupil_admit(
                school=school,
                child_values={k: data[k] for k in data if k in CHILD_FIELDS},
                address={
                    "line_1": data["address_line_1"],
                    "line_2": data["address_line_2"],
                    "town": data["town"],
                    "postcode": data["postcode"],
                },
                carer={
                    "forename": data["carer_forename"],
                    "surname": data["carer_surname"],
                    "relationship": data["carer_relationship"] or "Parent",
                    "lives_with": True,
                    "parental_responsibility": True,
                    "phone": data["carer_phone"],
                    "emergency_phone": data["carer_emergency_phone"],
                },
                kind=data["kind"],
                starting_day=data["starting_day"],
                today=timezone.localdate(),
                acting_user=user,
                partner_school=partner,
                national_curriculum_year=data["national_curriculum_year"],
                last_school_attended=data["last_school_attended"],
                referral={"aim": data["aim"], "next_review_on": data["next_review_on"]}
                if data["referral_placement"]
                else None,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{registration.child.full_name} is on roll")
            return redirect("registers:child", child_id=registration.child_id)
    return render(request, "registers/admit.html", {"form": form})


@school_staff
def exclusion_new(request: HttpRequest, registration_id: int) -> HttpResponse:
    """The excluding school records a permanent exclusion; the PRU placement follows."""
    user: Any = request.user
    registration = registration_for_user_or_404(user, registration_id)
    prus = School.objects.filter(
        local_authority_id=registration.school.local_authority_id, phase="pru"
    )
    form = ExclusionForm(request.POST or None, prus=[(str(p.pk), p.name) for p in prus])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exclusion = exclusion_record(
                registration=registration,
                first_day=data["first_day"],
                pru=prus.get(pk=data["pru"]),
                reason=data["reason"],
                today=timezone.localdate(),
                acting_user=user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Permanent exclusion recorded")
            return redirect("registers:exclusion", exclusion_id=exclusion.pk)
    return render(
        request,
        "registers/form_page.html",
        {
            "child": registration.child,
            "form": form,
            "title": "Record a permanent exclusion",
            "button": "Record the exclusion",
        },
    )


@school_staff
def exclusion(request: HttpRequest, exclusion_id: int) -> HttpResponse:
    """The review: its state, deadline, the steps so far, the PAT direction, and whether
    ground O is met."""
    user: Any = request.user
    item = exclusion_for_user_or_404(user, exclusion_id)
    child_for_user_or_404(user, item.child_id)
    today = timezone.localdate()
    calendar = school_calendar(item.school)
    owner = item.school_id == user.organisation_id
    events = allowed_events(ReviewState(item.state))
    event_form = ReviewEventForm(None, events=list(events))
    pat_form = PatDirectionForm(None)
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "event" and owner:
            event_form = ReviewEventForm(request.POST, events=list(events))
            if event_form.is_valid():
                try:
                    exclusion_event_record(
                        exclusion=item,
                        event=event_form.cleaned_data["event"],
                        occurred_on=event_form.cleaned_data["occurred_on"],
                        note=event_form.cleaned_data["note"],
                        today=today,
                        acting_user=user,
                    )
                except ValidationError as exc:
                    apply_errors(event_form, exc)
                else:
                    messages.success(request, "Review step recorded")
                    return redirect("registers:exclusion", exclusion_id=item.pk)
        elif which == "pat":
            pat_form = PatDirectionForm(request.POST)
            if pat_form.is_valid():
                try:
                    exclusion_pat_direction_record(
                        exclusion=item,
                        today=today,
                        acting_user=user,
                        **pat_form.cleaned_data,
                    )
                except ValidationError as exc:
                    apply_errors(pat_form, exc)
                else:
                    messages.success(request, "Pupil Access Team direction recorded")
                    return redirect("registers:exclusion", exclusion_id=item.pk)
    try:
        deadline = state_deadline(ReviewState(item.state), item.state_since, calendar=calendar)
    except ValueError:
        deadline = None
    eligibility = ground_o_eligibility(
        review_facts(item),
        calendar=calendar,
        today=today,
        pupil_access_team_directed_removal=item.pat_directed_on is not None,
    )
    return render(
        request,
        "registers/exclusion.html",
        {
            "exclusion": item,
            "child": item.child,
            "owner": owner,
            "state_label": STATE_LABELS[ReviewState(item.state)],
            "deadline": deadline,
            "events": [
                (e, EVENT_LABELS.get(ReviewEvent(e.event), e.event)) for e in item.events.all()
            ],
            "event_form": event_form,
            "pat_form": pat_form,
            "can_move": bool(events),
            "eligibility": eligibility,
            "ended_on": review_ended_on(item, today=today),
            "placement": getattr(item, "placement", None),
        },
    )


@school_staff
def placement(request: HttpRequest, placement_id: int) -> HttpResponse:
    """A placement at the Short Stay School: day-6 deadline and putting on roll (permanent
    exclusion), or aim, reviews and reintegration outcome (referral)."""
    user: Any = request.user
    item = placement_for_user_or_404(user, placement_id)
    today = timezone.localdate()
    at_pru = item.school_id == user.organisation_id
    on_roll_form = OnRollForm(None, initial={"starting_day": today})
    review_form = PlacementReviewForm(None)
    outcome_form = PlacementOutcomeForm(None)
    if request.method == "POST" and at_pru:
        which = request.POST.get("form")
        try:
            if which == "on_roll":
                on_roll_form = OnRollForm(request.POST)
                if on_roll_form.is_valid():
                    placement_put_on_roll(
                        placement=item,
                        today=today,
                        acting_user=user,
                        **on_roll_form.cleaned_data,
                    )
                    messages.success(request, f"{item.child.full_name} is on roll")
                    return redirect("registers:placement", placement_id=item.pk)
            elif which == "review":
                review_form = PlacementReviewForm(request.POST)
                if review_form.is_valid():
                    placement_review_record(
                        placement=item,
                        today=today,
                        acting_user=user,
                        **review_form.cleaned_data,
                    )
                    messages.success(request, "Review recorded")
                    return redirect("registers:placement", placement_id=item.pk)
            elif which == "outcome":
                outcome_form = PlacementOutcomeForm(request.POST)
                if outcome_form.is_valid():
                    placement_outcome_record(
                        placement=item,
                        acting_user=user,
                        **outcome_form.cleaned_data,
                    )
                    messages.success(request, "Outcome recorded")
                    return redirect("registers:placement", placement_id=item.pk)
        except ValidationError as exc:
            target = {"on_roll": on_roll_form, "review": review_form}.get(which or "", outcome_form)
            apply_errors(target, exc)
    return render(
        request,
        "registers/placement.html",
        {
            "placement": item,
            "child": item.child,
            "at_pru": at_pru,
            "is_pex": item.kind == PlacementKind.PERMANENT_EXCLUSION,
            "deadline": day6_deadline(item, today=today),
            "on_roll_form": on_roll_form,
            "review_form": review_form,
            "outcome_form": outcome_form,
            "awaiting": item.status == PlacementStatus.AWAITING_ROLL,
            "on_roll": item.status == PlacementStatus.ON_ROLL,
        },
    )


@school_staff
def la_returns(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    items = returns_for_user(user).order_by("status", "due_on")
    return render(request, "registers/returns.html", {"returns": items})


@school_staff
def la_return(request: HttpRequest, return_id: int) -> HttpResponse:
    """A return owed to the LA with everything it carries; send it from here."""
    user: Any = request.user
    item = return_for_user_or_404(user, return_id)
    content = (
        deletion_return_content(item.registration)
        if item.kind == "deletion" and item.registration
        else None
    )
    return render(
        request,
        "registers/la_return.html",
        {"item": item, "child": item.child, "content": content, "due": item.status == "due"},
    )


@school_staff
def la_return_submit(request: HttpRequest, return_id: int) -> HttpResponse:
    user: Any = request.user
    item = return_for_user_or_404(user, return_id)  # scope first: 404 outside it
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if item.status != ReturnStatus.DUE:
        raise Http404
    if item.kind == "deletion" and item.registration:
        details = deletion_return_content(item.registration)
    else:
        details = child_details(item.child)
        details.pop("safeguarding")  # reg 13: the admission register's contents only
        if item.registration:
            details["starting_day"] = item.registration.starting_day.isoformat()
            details["kind"] = item.registration.get_kind_display()
    notification = la_return_send(la_return=item, details=details, acting_user=user)
    messages.success(request, f"Sent to the LA: reference {notification.reference}")
    return redirect("registers:la_return", return_id=item.pk)
