"""School pages for leaving the roll, families moving area and referrals to the LA."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from onroll.core.decorators import school_staff
from onroll.core.forms import apply_errors
from onroll.people.selectors import child_for_user_or_404
from onroll.registers.facts import (
    AbsenceCodesError,
    Attestation,
    child_details,
    destination_of,
    gno_run_from_codes,
    gno_run_from_register,
    pending_leaving,
)
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
    DeletionRefused,
    leaving_cancel,
    leaving_destination_record,
    leaving_start,
    registration_delete,
)
from onroll.registers.models import Leaving, LeavingStatus, Registration
from onroll.registers.referrals import (
    MOVE_OUTCOMES,
    cme_referral_submit,
    cmooe_report_submit,
    move_follow_up,
    move_record,
    non_pupil_notify,
)
from onroll.registers.selectors import (
    move_for_user_or_404,
    referrals_for_user,
    registration_for_user_or_404,
)
from onroll.rules.classification import CmeSituation
from onroll.rules.placements import LeaverFacts, leaver_destination_check


def _latest_leaving(registration: Registration) -> Leaving | None:
    return (
        pending_leaving(registration)
        or registration.leavings.exclude(status=LeavingStatus.CANCELLED).first()
    )


@school_staff
def leaving(request: HttpRequest, registration_id: int) -> HttpResponse:
    """A pupil leaving: pending-leaver state, destination and its confirmation on roll, the
    rules' view of it, the CTF owed once deleted."""
    user: Any = request.user
    registration = registration_for_user_or_404(user, registration_id)
    today = timezone.localdate()
    current = _latest_leaving(registration)
    start_form = LeavingForm(None)
    destination_form = DestinationForm(
        None,
        initial={
            "school": current.destination_school,
            "laestab": current.destination_laestab,
            "la": current.destination_la,
            "start_on": current.destination_start_on,
            "confirmed_by": current.confirmed_by,
            "confirmed_how": current.confirmed_how,
            "confirmed_on": current.confirmed_on,
            "other_schools_consented": current.other_schools_consented,
        }
        if current
        else None,
    )
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "start":
            start_form = LeavingForm(request.POST)
            if start_form.is_valid():
                try:
                    leaving_start(
                        registration=registration,
                        today=today,
                        acting_user=user,
                        **start_form.cleaned_data,
                    )
                except ValidationError as exc:
                    apply_errors(start_form, exc)
                else:
                    messages.success(request, "Pending leaver: the pupil stays on roll")
                    return redirect("registers:leaving", registration_id=registration.pk)
        elif which == "cancel" and current and current.status == LeavingStatus.PENDING:
            try:
                leaving_cancel(
                    leaving=current,
                    reason=request.POST.get("cancel_reason", ""),
                    acting_user=user,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, "No longer a pending leaver")
            return redirect("registers:leaving", registration_id=registration.pk)
        elif which == "destination" and current and current.status == LeavingStatus.PENDING:
            destination_form = DestinationForm(request.POST)
            if destination_form.is_valid():
                try:
                    leaving_destination_record(
                        leaving=current,
                        today=today,
                        acting_user=user,
                        **destination_form.cleaned_data,
                    )
                except ValidationError as exc:
                    apply_errors(destination_form, exc)
                else:
                    messages.success(request, "Destination saved")
                    return redirect("registers:leaving", registration_id=registration.pk)
    check = None
    if current is not None and current.status == LeavingStatus.PENDING:
        moves = registration.child.moves.filter(school=registration.school)
        check = leaver_destination_check(
            LeaverFacts(
                destination=destination_of(current),
                moving_area=moves.exists(),
                new_school_known=any(m.intended_school for m in moves),
                new_la_known=any(m.intended_la for m in moves),
            )
        )
    return render(
        request,
        "registers/leaving.html",
        {
            "registration": registration,
            "child": registration.child,
            "leaving": current,
            "pending": current is not None and current.status == LeavingStatus.PENDING,
            "start_form": start_form,
            "destination_form": destination_form,
            "check": check,
        },
    )


@school_staff
def delete(request: HttpRequest, registration_id: int) -> HttpResponse:
    """Delete from the admission register: only under a reg 9 ground the rules accept; every
    unmet precondition is listed and nothing changes."""
    user: Any = request.user
    registration = registration_for_user_or_404(user, registration_id)
    today = timezone.localdate()
    form = DeletionForm(request.POST or None, initial={"deletion_date": today})
    unmet: list[str] = []
    if registration.deleted_on is not None:
        return redirect("registers:leaving", registration_id=registration.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = gno_run_from_codes(data["absence_codes"])
            if run is None:
                run = gno_run_from_register(registration, on=data["deletion_date"])
        except AbsenceCodesError as exc:
            form.add_error("absence_codes", f"Check the register codes: {exc}")
        else:
            attestation = Attestation(
                ceased_to_attend=data["ceased_to_attend"],
                lives_beyond_reasonable_distance=data["lives_beyond_reasonable_distance"],
                will_attend_again=data["will_attend_again"],
                sickness_believed=data["sickness_believed"],
                joint_enquiries_logged=data["joint_enquiries_logged"],
                whereabouts_established=data["whereabouts_established"],
                died=data["died"],
                parent_said_will_stop_attending=data["parent_said_will_stop_attending"],
                ehe_written_notice_on=data["ehe_written_notice_on"],
                ehe_start_date=data["ehe_start_date"],
                detained_under_court_order=data["detained_under_court_order"],
                leave_of_absence_ended_on=data["leave_of_absence_ended_on"],
                attended_since_leave_ended=data["attended_since_leave_ended"],
                gno_run_school_days=run,
            )
            try:
                done = registration_delete(
                    registration=registration,
                    ground=data["ground"] or None,
                    deletion_date=data["deletion_date"],
                    attestation=attestation,
                    today=today,
                    acting_user=user,
                )
            except DeletionRefused as exc:
                unmet = exc.unmet
                for reason in unmet:
                    form.add_error(None, reason)
            else:
                messages.success(
                    request,
                    f"{registration.child.full_name} deleted under ground {done.deletion_ground}",
                )
                return redirect("registers:leaving", registration_id=registration.pk)
    return render(
        request,
        "registers/delete.html",
        {
            "registration": registration,
            "child": registration.child,
            "form": form,
            "register_run": gno_run_from_register(registration, on=today),
        },
    )


@school_staff
def cme_referral(request: HttpRequest, child_id: int) -> HttpResponse:
    """Refer a child to the LA CME team, prefilled from the record."""
    user: Any = request.user
    child = child_for_user_or_404(user, child_id)
    school = user.school
    leaving_id = request.GET.get("leaving") or request.POST.get("leaving")
    move_id = request.GET.get("move") or request.POST.get("move")
    linked_leaving = (
        Leaving.objects.filter(
            pk=leaving_id, registration__school=school, registration__child=child
        ).first()
        if leaving_id and str(leaving_id).isdigit()
        else None
    )
    linked_move = (
        child.moves.filter(pk=move_id, school=school).first()
        if move_id and str(move_id).isdigit()
        else None
    )
    situation = (
        CmeSituation.MOVED_OUT_OF_AREA_NO_SCHOOL
        if (linked_move or linked_leaving)
        else CmeSituation.MAY_HAVE_MOVED_AWAY
    )
    form = CmeReferralForm(request.POST or None, initial={"situation": situation.value})
    if request.method == "POST" and form.is_valid():
        try:
            notification = cme_referral_submit(
                child=child,
                school=school,
                situation=form.cleaned_data["situation"],
                narrative=form.cleaned_data["narrative"],
                acting_user=user,
                leaving=linked_leaving,
                move=linked_move,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"CME referral sent: reference {notification.reference}")
            return redirect("registers:referrals")
    return render(
        request,
        "registers/cme_referral.html",
        {
            "child": child,
            "form": form,
            "details": child_details(child),
            "la": school.local_authority,
            "leaving_id": linked_leaving.pk if linked_leaving else "",
            "move_id": linked_move.pk if linked_move else "",
        },
    )


@school_staff
def cmooe_report(request: HttpRequest, child_id: int) -> HttpResponse:
    user: Any = request.user
    child = child_for_user_or_404(user, child_id)
    form = CmooeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notification = cmooe_report_submit(
                child=child,
                school=user.school,
                today=timezone.localdate(),
                acting_user=user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"CMOOE report sent: reference {notification.reference}")
            return redirect("registers:referrals")
    return render(
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


@school_staff
def non_pupil(request: HttpRequest) -> HttpResponse:
    """Tell the LA about a child who is not your pupil (seed: 'even where the child is not
    currently their pupil')."""
    user: Any = request.user
    form = NonPupilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        narrative = data.pop("narrative")
        try:
            notification = non_pupil_notify(
                school=user.school,
                details=data,
                narrative=narrative,
                today=timezone.localdate(),
                acting_user=user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Sent to the LA: reference {notification.reference}")
            return redirect("registers:referrals")
    return render(
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


@school_staff
def referrals(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "registers/referrals.html",
        {"referrals": referrals_for_user(user), "la": user.school.local_authority},
    )


@school_staff
def move_new(request: HttpRequest, child_id: int) -> HttpResponse:
    user: Any = request.user
    child = child_for_user_or_404(user, child_id)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            move = move_record(
                child=child,
                school=user.school,
                acting_user=user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Move recorded; follow it up when the family leaves")
            return redirect("registers:move", move_id=move.pk)
    return render(
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


@school_staff
def move(request: HttpRequest, move_id: int) -> HttpResponse:
    user: Any = request.user
    item = move_for_user_or_404(user, move_id)
    child = child_for_user_or_404(user, item.child_id)
    form = MoveFollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            move_follow_up(
                move=item,
                today=timezone.localdate(),
                acting_user=user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Follow-up recorded")
            return redirect("registers:move", move_id=item.pk)
    referral_href = reverse("registers:cme_referral", args=[child.pk]) + f"?move={item.pk}"
    return render(
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
            "la": user.school.local_authority,
        },
    )
