"""School pages for leaving the roll, families moving area and referrals to the LA."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from onroll.accounts.http import AuthenticatedHttpRequest
from onroll.accounts.permissions import Permission
from onroll.core.decorators import school_staff
from onroll.core.flow import submit
from onroll.core.forms import apply_errors
from onroll.people.selectors import child_for_user_or_404
from onroll.registers.deletion_check import (
    NOT_CHECKED,
    answers_from_token,
    answers_token,
    deletion_check,
    posted_answers,
)
from onroll.registers.facts.absence import gno_run_from_register
from onroll.registers.facts.child import child_details
from onroll.registers.facts.deletion import Attestation, la_uses_onroll
from onroll.registers.forms import (
    CmeReferralForm,
    CmooeForm,
    DeletionForm,
    DestinationForm,
    LeavingForm,
    MoveFollowUpForm,
    MoveForm,
)
from onroll.registers.leaving import (
    leaving_cancel,
    leaving_destination_record,
    leaving_start,
    registration_delete,
)
from onroll.registers.models import Registration
from onroll.registers.referrals import (
    MOVE_OUTCOMES,
    cme_referral_prefill,
    cme_referral_submit,
    cmooe_report_submit,
    move_follow_up,
    move_record,
)
from onroll.registers.selectors import (
    linked_leaving,
    linked_move,
    move_for_user_or_404,
    registration_for_user_or_404,
    school_of,
)
from onroll.registers.selectors_pages import LeavingPage, leaving_page
from onroll.registers.views import act


def _leaving(
    request: AuthenticatedHttpRequest,
    page: LeavingPage,
    *,
    start_form: LeavingForm | None = None,
    destination_form: DestinationForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "registers/leaving.html",
        {
            "registration": page.registration,
            "child": page.registration.child,
            "leaving": page.leaving,
            "pending": page.pending,
            "start_form": start_form or LeavingForm(None),
            "destination_form": destination_form
            or DestinationForm(None, initial=DestinationForm.initial_for(page.leaving)),
            "check": page.check,
        },
    )


@school_staff(Permission.REMOVE_FROM_ROLL)
def leaving(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    """A pupil leaving: pending-leaver state, destination and its confirmation on roll, the
    rules' view of it, the CTF owed once deleted."""
    return _leaving(request, leaving_page(request.user, registration_id))


@school_staff(Permission.REMOVE_FROM_ROLL)
def leaving_begin(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    """Mark the pupil as a pending leaver (they stay on roll)."""
    page = leaving_page(request.user, registration_id)
    form = LeavingForm(request.POST)
    return act(
        request,
        form,
        lambda data: leaving_start(
            registration=page.registration,
            today=timezone.localdate(),
            acting_user=request.user,
            **data,
        ),
        success="Pending leaver: the pupil stays on roll",
        page=reverse("registers:leaving", args=[registration_id]),
        again=lambda: _leaving(request, page, start_form=form),
    )


@school_staff(Permission.REMOVE_FROM_ROLL)
def leaving_destination(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    """Record the pending leaver's destination and who confirmed it on roll there."""
    page = leaving_page(request.user, registration_id)
    current = page.leaving
    if current is None or not page.pending:
        raise Http404
    form = DestinationForm(request.POST)
    return act(
        request,
        form,
        lambda data: leaving_destination_record(
            leaving=current, today=timezone.localdate(), acting_user=request.user, **data
        ),
        success="Destination saved",
        page=reverse("registers:leaving", args=[registration_id]),
        again=lambda: _leaving(request, page, destination_form=form),
    )


@school_staff(Permission.REMOVE_FROM_ROLL)
def leaving_stop(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    """The pupil is no longer leaving; a refusal is shown as a message on the page."""
    page = leaving_page(request.user, registration_id)
    if page.leaving is None or not page.pending:
        raise Http404
    if request.method == "POST":
        try:
            leaving_cancel(
                leaving=page.leaving,
                reason=request.POST.get("cancel_reason", ""),
                acting_user=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "No longer a pending leaver")
    return redirect("registers:leaving", registration_id=registration_id)


@school_staff(Permission.REMOVE_FROM_ROLL)
def delete(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    """Remove from the admission register, in two steps: the form, then "check your answers"
    (the ground in words, the date, the destination, who will be told). Only the check page's
    signed answers, validated again from scratch, remove the pupil; every unmet precondition
    is listed and nothing changes."""
    registration = registration_for_user_or_404(request.user, registration_id)
    if registration.deleted_on is not None:
        return redirect("registers:leaving", registration_id=registration.pk)
    today = timezone.localdate()
    if request.method == "POST" and "confirmed" in request.POST:
        return _delete_confirmed(request, registration, today)
    change = answers_from_token(registration, request.GET.get("answers", ""))
    onroll_la = la_uses_onroll(registration)
    if request.method == "POST":
        form = DeletionForm(request.POST, la_uses_onroll=onroll_la)
    elif change is not None:  # "Change" on the check page: the checked answers again
        form = DeletionForm(MultiValueDict(change), la_uses_onroll=onroll_la)
    else:
        form = DeletionForm(None, initial={"deletion_date": today}, la_uses_onroll=onroll_la)
    if request.method != "POST" or not form.is_valid():
        return _deletion_form(request, registration, form)
    try:
        check = deletion_check(
            registration=registration,
            ground=form.cleaned_data["ground"] or None,
            deletion_date=form.cleaned_data["deletion_date"],
            attestation=_attestation(form, registration),
            today=today,
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _deletion_form(request, registration, form)
    token = answers_token(registration, posted_answers(request.POST))
    change_href = reverse("registers:delete", args=[registration.pk])
    return render(
        request,
        "registers/delete_check.html",
        {
            "registration": registration,
            "child": registration.child,
            "check": check,
            "answers": token,
            "change": f"{change_href}?{urlencode({'answers': token})}",
        },
    )


def _deletion_form(
    request: AuthenticatedHttpRequest, registration: Registration, form: DeletionForm
) -> HttpResponse:
    return render(
        request,
        "registers/delete.html",
        {
            "registration": registration,
            "child": registration.child,
            "form": form,
            "register_run": gno_run_from_register(registration, on=timezone.localdate()).days,
        },
    )


def _attestation(form: DeletionForm, registration: Registration) -> Attestation:
    return form.attestation(
        register_run=lambda on, typed: gno_run_from_register(registration, on=on, typed=typed)
    )


def _delete_confirmed(
    request: AuthenticatedHttpRequest, registration: Registration, today: date
) -> HttpResponse:
    """The check page's confirmation: its signed answers, validated again from scratch. A
    confirmation that did not come from the check page changes nothing."""
    answers = answers_from_token(registration, request.POST.get("answers", ""))
    if answers is None:
        refused = DeletionForm(request.POST, la_uses_onroll=la_uses_onroll(registration))
        refused.is_valid()
        refused.add_error(None, NOT_CHECKED)
        return _deletion_form(request, registration, refused)
    form = DeletionForm(MultiValueDict(answers), la_uses_onroll=la_uses_onroll(registration))
    done = submit(
        request,
        form,
        lambda data: registration_delete(
            registration=registration,
            ground=data["ground"] or None,
            deletion_date=data["deletion_date"],
            attestation=_attestation(form, registration),
            today=today,
            acting_user=request.user,
        ),
        success=lambda done: (
            f"{registration.child.full_name} removed from the admission register under "
            f"ground {done.deletion_ground}"
        ),
        then=lambda _: redirect("registers:leaving", registration_id=registration.pk),
    )
    return done or _deletion_form(request, registration, form)


@school_staff(Permission.REFER_CME)
def cme_referral(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Refer a child to the LA CME team: the record's details are shown; the school chooses
    the situation and says what it knows (a move or leaving record's facts are offered as
    editable text, saying where they came from)."""
    user = request.user
    child = child_for_user_or_404(user, child_id)
    school = school_of(user)
    leaving_ = linked_leaving(
        school, child, request.GET.get("leaving") or request.POST.get("leaving")
    )
    move_ = linked_move(school, child, request.GET.get("move") or request.POST.get("move"))
    prefill = cme_referral_prefill(leaving=leaving_, move=move_)
    form = CmeReferralForm(
        request.POST or None, initial={"narrative": prefill.narrative} if prefill else None
    )
    done = submit(
        request,
        form,
        lambda data: cme_referral_submit(
            child=child, school=school, acting_user=user, leaving=leaving_, move=move_, **data
        ),
        success=lambda sent: f"CME referral sent: reference {sent.reference}",
        then=lambda _: redirect("cases:school_referrals"),
    )
    return done or render(
        request,
        "registers/cme_referral.html",
        {
            "child": child,
            "form": form,
            "details": child_details(child),
            "la": school.local_authority,
            "leaving_id": leaving_.pk if leaving_ else "",
            "move_id": move_.pk if move_ else "",
            "prefill": prefill,
        },
    )


@school_staff(Permission.REFER_CME)
def cmooe_report(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Report a pupil on roll who is missing out on education."""
    child = child_for_user_or_404(request.user, child_id)
    form = CmooeForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: cmooe_report_submit(
            child=child,
            school=school_of(request.user),
            today=timezone.localdate(),
            acting_user=request.user,
            **data,
        ),
        success=lambda sent: f"CMOOE report sent: reference {sent.reference}",
        then=lambda _: redirect("cases:school_referrals"),
    )
    return done or render(
        request,
        "registers/form_page.html",
        {
            "child": child,
            "form": form,
            "title": "Report a pupil missing out on education (CMOOE)",
            "lede": "For a pupil on your roll who is not accessing their education. They are "
            "not missing education in law, but the LA must know.",
            "button": "Send the report",
        },
    )


@school_staff(Permission.REFER_CME)
def non_pupil(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The one form for a child who is not the school's pupil is the CME form (``cases:refer``,
    "Tell the local authority about a child"); this old address leads there."""
    return redirect("cases:refer")


@school_staff(Permission.VIEW_PUPILS)
def referrals(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The one list of what the school has sent the LA, with its status, is
    ``cases:school_referrals``; this old address leads there."""
    return redirect("cases:school_referrals")


@school_staff(Permission.REMOVE_FROM_ROLL)
def move_new(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Record a family moving area (reg 8(3) future address)."""
    child = child_for_user_or_404(request.user, child_id)
    form = MoveForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: move_record(
            child=child, school=school_of(request.user), acting_user=request.user, **data
        ),
        success="Move recorded; follow it up when the family leaves",
        then=lambda move: redirect("registers:move", move_id=move.pk),
    )
    return done or render(
        request,
        "registers/form_page.html",
        {
            "child": child,
            "form": form,
            "title": "Record a family moving area",
            "lede": "Ask the parents which school and local authority they intend to move to.",
            "button": "Save the move",
        },
    )


@school_staff(Permission.VIEW_PUPILS)
def move(request: AuthenticatedHttpRequest, move_id: int) -> HttpResponse:
    """A family's move and its follow-up."""
    item = move_for_user_or_404(request.user, move_id)
    child = child_for_user_or_404(request.user, item.child_id)
    form = MoveFollowUpForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: move_follow_up(
            move=item, today=timezone.localdate(), acting_user=request.user, **data
        ),
        success="Follow-up recorded",
        then=lambda _: redirect("registers:move", move_id=item.pk),
    )
    referral_href = reverse("registers:cme_referral", args=[child.pk]) + f"?move={item.pk}"
    return done or render(
        request,
        "registers/move.html",
        {
            "move": item,
            "child": child,
            "form": form,
            "outcome": MOVE_OUTCOMES.get(item.follow_up_outcome, ""),
            "needs_referral": not item.referral_id
            and (not item.destination_known or item.follow_up_outcome == "not_known"),
            "referral_href": referral_href,
            "la": school_of(request.user).local_authority,
        },
    )
