"""The CME team's intake: the inbox of notifications, triage of one notification (who it
may be about, and why), and recording a report that came by phone or email.

Triage has one URL per action: link a known child, make a new child record, open a case.
A refusal goes back to the notification's page with its reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from onroll.accounts.http import AuthenticatedHttpRequest
from onroll.cases import services
from onroll.cases.forms import AgencyReportForm
from onroll.cases.models import Notification
from onroll.cases.selectors import (
    la_child_for_user_or_404,
    match_explanation,
    notification_for_user_or_404,
    own_local_authority,
)
from onroll.cases.selectors_intake import inbox as inbox_notifications
from onroll.cases.selectors_intake import notification_triage
from onroll.cases.views import _to_case, _today, cme_staff
from onroll.core.flow import submit
from onroll.core.models import AuditAction
from onroll.core.pagination import paginate
from onroll.core.services import audit_record


@cme_staff
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every notification to the LA, not yet in a case first, then newest, a page at a time."""
    page = paginate(request, inbox_notifications(request.user))
    return render(request, "cases/inbox.html", {"notifications": page.object_list, "page": page})


@cme_staff
def notification_detail(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    """Triage one notification: what was said, who it may be, and the case it is in."""
    notification = notification_for_user_or_404(request.user, notification_id)
    audit_record(actor=request.user, action=AuditAction.NOTIFICATION_VIEWED, obj=notification)
    triage = notification_triage(request.user, notification)
    return render(
        request,
        "cases/notification_detail.html",
        {"notification": notification, "candidates": triage.candidates, "linked": triage.linked},
    )


def _to_notification(notification: Notification) -> HttpResponse:
    return redirect("cases:notification", notification_id=notification.pk)


@cme_staff
def notification_link(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    """The notification is about a child we know (one the officer may see)."""
    notification = notification_for_user_or_404(request.user, notification_id)
    if request.method != "POST":
        return _to_notification(notification)
    child = la_child_for_user_or_404(request.user, request.POST.get("child_id", ""))
    case = services.notification_link_child(
        notification=notification,
        child=child,
        acting_user=request.user,
        today=_today(),
        explanation=match_explanation(request.user, notification, child),
    )
    messages.success(request, f"Linked to {child.full_name}: case {case.reference}.")
    return _to_case(case)


@cme_staff
def notification_new_child(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    """No child we know matches: make a new child record from what the notifier gave."""
    notification = notification_for_user_or_404(request.user, notification_id)
    if request.method != "POST":
        return _to_notification(notification)
    try:
        case = services.notification_create_child(
            notification=notification, acting_user=request.user, today=_today()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _to_notification(notification)
    messages.success(request, "A new child record was made and linked to the case.")
    return _to_case(case)


@cme_staff
def notification_open_case(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = notification_for_user_or_404(request.user, notification_id)
    if request.method != "POST":
        return _to_notification(notification)
    case = services.notification_open_case(
        notification=notification, acting_user=request.user, today=_today()
    )
    return _to_case(case)


@cme_staff
def record_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record a report that came by phone or email from another agency or the public."""
    user = request.user
    form = AgencyReportForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda _: services.notification_submit(
            local_authority=own_local_authority(user),
            submitted_by=user,
            **form.notification(),
        ),
        success=lambda notification: f"Report recorded: reference {notification.reference}.",
        then=_to_notification,
    )
    return done or render(request, "cases/record_report.html", {"form": form})
