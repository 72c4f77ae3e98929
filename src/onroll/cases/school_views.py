"""The school's side of CME: refer a child, see each referral's stage and outcome, and agree
joint enquiries (grounds H and I) with the LA."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from onroll.cases.forms import JointAgreeForm, SchoolReferralForm
from onroll.cases.models import NotificationKind, NotificationSource
from onroll.cases.selectors import joint_enquiries_for_school_user, notifications_for_user
from onroll.cases.services import notification_submit
from onroll.cases.tracing import joint_enquiry_agree
from onroll.core.decorators import school_staff
from onroll.people.models import Child
from onroll.registers.models import Registration


def _pupils(school_id: int) -> list[tuple[int, str]]:
    regs = (
        Registration.objects.filter(school_id=school_id, deleted_on__isnull=True)
        .select_related("child")
        .order_by("child__legal_surname", "child__legal_forename")
    )
    return [(r.child_id, f"{r.child.legal_surname}, {r.child.legal_forename}") for r in regs]


@school_staff
def refer(request: HttpRequest) -> HttpResponse:
    """Tell the LA about a pupil missing (or missing out on) education, or a non-pupil."""
    user: Any = request.user
    school = user.school
    la = school.local_authority
    pupils = _pupils(school.pk)
    form = SchoolReferralForm(request.POST or None, pupils=pupils)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        child = None
        details: dict[str, Any] = {"situation": data["situation"]}
        if data["kind"] == NotificationKind.NON_PUPIL:
            details.update(
                forename=data["forename"],
                surname=data["surname"],
                date_of_birth=data["date_of_birth"].isoformat() if data["date_of_birth"] else "",
                address_line_1=data["address"],
            )
        else:
            if int(data["pupil"]) not in {pk for pk, _ in pupils}:
                raise Http404("Not your pupil")
            child = Child.objects.get(pk=int(data["pupil"]))
            details.update(
                forename=child.legal_forename,
                surname=child.legal_surname,
                date_of_birth=child.date_of_birth.isoformat(),
                upn=child.upn,
            )
        notification = notification_submit(
            local_authority=la,
            kind=data["kind"],
            source=NotificationSource.SCHOOL,
            details=details,
            submitted_by=user,
            from_organisation=school,
            child=child,
            reason=data["situation"],
            narrative=data["narrative"],
        )
        messages.success(
            request, f"Sent to {la.name}'s {la.cme_team_name}. Reference {notification.reference}."
        )
        return redirect("cases:school_referrals")
    return render(request, "cases/school_refer.html", {"form": form, "la": la})


@school_staff
def referrals(request: HttpRequest) -> HttpResponse:
    """Everything the school sent the LA, with its stage and outcome."""
    user: Any = request.user
    sent = (
        notifications_for_user(user)
        .select_related("case__outcome_school", "case__outcome_la", "child")
        .order_by("-submitted_at")[:200]
    )
    return render(
        request,
        "cases/school_referrals.html",
        {
            "notifications": sent,
            "la": user.school.local_authority,
            "joints": joint_enquiries_for_school_user(user),
        },
    )


@school_staff
def joint_agree(request: HttpRequest, joint_id: int) -> HttpResponse:
    """The school agrees the outcome of joint enquiries and the off-roll date."""
    joint = joint_enquiries_for_school_user(request.user).filter(pk=joint_id).first()
    if joint is None:
        raise Http404("No such joint enquiry")
    form = JointAgreeForm(
        request.POST or None, initial={"agreed_off_roll_date": joint.proposed_off_roll_date}
    )
    if request.method == "POST" and form.is_valid():
        try:
            joint_enquiry_agree(joint=joint, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors: dict[str, list[str]] = (
                exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            )
            for field, messages_ in errors.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.success(request, "Agreed. The off-roll date is recorded for the deletion.")
            return redirect("cases:school_referrals")
    return render(request, "cases/school_joint.html", {"joint": joint, "form": form})
