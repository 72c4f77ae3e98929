"""The school's side of CME: refer a child, see each referral's stage and outcome, and agree
joint enquiries (grounds H and I) with the LA."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from onroll.accounts.http import AuthenticatedHttpRequest
from onroll.accounts.models import User
from onroll.accounts.permissions import Permission
from onroll.cases.forms import JointAgreeForm, SchoolReferralForm
from onroll.cases.models import Notification, NotificationSource
from onroll.cases.selectors import (
    joint_enquiries_for_school_user,
    joint_enquiry_for_school_user_or_404,
)
from onroll.cases.selectors_intake import (
    school_pupil_choices,
    school_pupil_or_404,
    school_referrals,
)
from onroll.cases.services import notification_submit
from onroll.cases.tracing import joint_enquiry_agree
from onroll.core.decorators import school_staff
from onroll.core.flow import submit
from onroll.core.pagination import paginate
from onroll.schools.models import School


def _school(user: User) -> School:
    if user.school is None:  # school_staff lets only school staff in
        raise Http404("Not a school")
    return user.school


@school_staff(Permission.REFER_CME)
def refer(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Tell the LA about a pupil missing (or missing out on) education, or a non-pupil."""
    user = request.user
    school = _school(user)
    la = school.local_authority
    form = SchoolReferralForm(request.POST or None, pupils=school_pupil_choices(user))

    def send(_: dict[str, Any]) -> Notification:
        pupil_id = form.pupil_id()
        child = None if pupil_id is None else school_pupil_or_404(user, pupil_id)
        return notification_submit(
            local_authority=la,
            source=NotificationSource.SCHOOL,
            submitted_by=user,
            from_organisation=school,
            **form.notification(child),
        )

    done = submit(
        request,
        form,
        send,
        success=lambda notification: (
            f"Sent to {la.name}'s {la.cme_team_name}. Reference {notification.reference}."
        ),
        then=lambda _: redirect("cases:school_referrals"),
    )
    return done or render(request, "cases/school_refer.html", {"form": form, "la": la})


@school_staff(Permission.VIEW_PUPILS)
def referrals(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everything the school sent the LA, with its stage and outcome, a page at a time."""
    user = request.user
    page = paginate(request, school_referrals(user))
    return render(
        request,
        "cases/school_referrals.html",
        {
            "notifications": page.object_list,
            "page": page,
            "la": _school(user).local_authority,
            "joints": joint_enquiries_for_school_user(user),
        },
    )


@school_staff(Permission.JOINT_ENQUIRIES)
def joint_agree(request: AuthenticatedHttpRequest, joint_id: int) -> HttpResponse:
    """The school agrees the outcome of joint enquiries and the off-roll date."""
    joint = joint_enquiry_for_school_user_or_404(request.user, joint_id)
    form = JointAgreeForm(
        request.POST or None, initial={"agreed_off_roll_date": joint.proposed_off_roll_date}
    )
    done = submit(
        request,
        form,
        lambda data: joint_enquiry_agree(joint=joint, acting_user=request.user, **data),
        success="Agreed. The off-roll date is recorded for the deletion.",
        then=lambda _: redirect("cases:school_referrals"),
    )
    return done or render(request, "cases/school_joint.html", {"joint": joint, "form": form})
