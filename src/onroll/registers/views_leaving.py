"""School pages for leaving the roll, families moving area and referrals to the LA."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from onroll.accounts.http import AuthenticatedHttpRequest
from onroll.accounts.permissions import Permission
from onroll.core.decorators import school_staff
from onroll.core.flow import submit
from onroll.core.pagination import paginate
from onroll.people.selectors import child_for_user_or_404
from onroll.registers.facts.absence import gno_run_from_register
from onroll.registers.facts.child import child_details
from onroll.registers.forms import (
    CmeReferralForm,
    CmooeForm,
    DeletionForm,
    DestinationForm,
    LeavingForm,
    MoveFollowUpForm,
    MoveForm,
    NonPupilForm,
)
from onroll.registers.leaving import (
    leaving_cancel,
    leaving_destination_record,
    leaving_start,
    registration_delete,
)
from onroll.registers.referrals import (
    MOVE_OUTCOMES,
    cme_referral_submit,
    cmooe_report_submit,
    move_follow_up,
    move_record,
    non_pupil_notify,
)
from onroll.registers.selectors import (
    linked_leaving,
    linked_move,
    move_for_user_or_404,
    referrals_for_user,
    registration_for_user_or_404,
    school_of,
)
from onroll.registers.selectors_pages import LeavingPage, leaving_page
from onroll.registers.views import act
from onroll.rules.classification import CmeSituation


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
    """Delete from the admission register: only under a reg 9 ground the rules accept; every
    unmet precondition is listed and nothing changes."""
    registration = registration_for_user_or_404(request.user, registration_id)
    if registration.deleted_on is not None:
        return redirect("registers:leaving", registration_id=registration.pk)
    today = timezone.localdate()
    form = DeletionForm(request.POST or None, initial={"deletion_date": today})
    done = submit(
        request,
        form,
        lambda data: registration_delete(
            registration=registration,
            ground=data["ground"] or None,
            deletion_date=data["deletion_date"],
            attestation=form.attestation(
                register_run=lambda on: gno_run_from_register(registration, on=on)
            ),
            today=today,
            acting_user=request.user,
        ),
        success=lambda done: (
            f"{registration.child.full_name} deleted under ground {done.deletion_ground}"
        ),
        then=lambda _: redirect("registers:leaving", registration_id=registration.pk),
    )
    return done or render(
        request,
        "registers/delete.html",
        {
            "registration": registration,
            "child": registration.child,
            "form": form,
            "register_run": gno_run_from_register(registration, on=today),
        },
    )


@school_staff(Permission.REFER_CME)
def cme_referral(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Refer a child to the LA CME team, prefilled from the record."""
    user = request.user
    child = child_for_user_or_404(user, child_id)
    school = school_of(user)
    leaving_ = linked_leaving(
        school, child, request.GET.get("leaving") or request.POST.get("leaving")
    )
    move_ = linked_move(school, child, request.GET.get("move") or request.POST.get("move"))
    situation = (
        CmeSituation.MOVED_OUT_OF_AREA_NO_SCHOOL
        if (move_ or leaving_)
        else CmeSituation.MAY_HAVE_MOVED_AWAY
    )
    form = CmeReferralForm(request.POST or None, initial={"situation": situation.value})
    done = submit(
        request,
        form,
        lambda data: cme_referral_submit(
            child=child, school=school, acting_user=user, leaving=leaving_, move=move_, **data
        ),
        success=lambda sent: f"CME referral sent: reference {sent.reference}",
        then=lambda _: redirect("registers:referrals"),
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
        then=lambda _: redirect("registers:referrals"),
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
    """Tell the LA about a child who is not your pupil (seed: 'even where the child is not
    currently their pupil')."""
    form = NonPupilForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: non_pupil_notify(
            school=school_of(request.user),
            details={k: v for k, v in data.items() if k != "narrative"},
            narrative=data["narrative"],
            today=timezone.localdate(),
            acting_user=request.user,
        ),
        success=lambda sent: f"Sent to the LA: reference {sent.reference}",
        then=lambda _: redirect("registers:referrals"),
    )
    return done or render(
        request,
        "registers/form_page.html",
        {
            "form": form,
            "title": "Tell the LA about a child who is not your pupil",
            "lede": "A child who is not registered with an education provider and not home "
            "educated, even though they are not on your roll.",
            "button": "Send to the LA",
        },
    )


@school_staff(Permission.VIEW_PUPILS)
def referrals(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the school has told the LA, a page at a time, with the LA's stage and outcome."""
    return render(
        request,
        "registers/referrals.html",
        {
            "page": paginate(request, referrals_for_user(request.user)),
            "la": school_of(request.user).local_authority,
        },
    )


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
