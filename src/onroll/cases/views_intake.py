"""The CME team's intake: the inbox of notifications, triage of one notification (who it
may be about, and why), and recording a report that came by phone or email."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from onroll.cases import services
from onroll.cases.forms import AgencyReportForm
from onroll.cases.models import NotificationKind, NotificationSource
from onroll.cases.selectors import (
    la_children_for_user,
    match_candidates,
    notification_for_user_or_404,
    notifications_for_user,
)
from onroll.cases.views import _today, cme_staff
from onroll.core.models import AuditAction
from onroll.core.services import audit_record


@cme_staff
def inbox(request: HttpRequest) -> HttpResponse:
    """Every notification to the LA, newest first, with whether it is in a case yet."""
    notifications = (
        notifications_for_user(request.user)
        .select_related("from_organisation", "case")
        .annotate(in_case=ExpressionWrapper(Q(case__isnull=False), output_field=BooleanField()))
        .order_by("in_case", "-submitted_at")[:200]
    )
    return render(request, "cases/inbox.html", {"notifications": notifications})


@cme_staff
def notification_detail(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Triage one notification: what was said, who it may be, and the case it is in."""
    notification = notification_for_user_or_404(request.user, notification_id)
    audit_record(actor=request.user, action=AuditAction.NOTIFICATION_VIEWED, obj=notification)
    candidates = match_candidates(request.user, notification.details)
    return render(
        request,
        "cases/notification_detail.html",
        {
            "notification": notification,
            "candidates": candidates,
            "linked": notification.case.case_children.values_list("child_id", flat=True)
            if notification.case
            else [],
        },
    )


@cme_staff
def notification_link(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = notification_for_user_or_404(request.user, notification_id)
    if request.method != "POST":
        return redirect("cases:notification", notification_id=notification.pk)
    today = _today()
    if request.POST.get("new_child"):
        try:
            case = services.notification_create_child(
                notification=notification, acting_user=request.user, today=today
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("cases:notification", notification_id=notification.pk)
        messages.success(request, "A new child record was made and linked to the case.")
        return redirect("cases:case_detail", case_id=case.pk)
    try:
        child_id = int(request.POST.get("child_id", ""))
    except ValueError:
        raise Http404("No such child") from None
    child = la_children_for_user(request.user).filter(pk=child_id).first()
    if child is None:
        raise Http404("No such child")
    matches = {c.pk: m for c, m in match_candidates(request.user, notification.details)}
    explanation = matches[child.pk].explanation if child.pk in matches else "Chosen by officer."
    case = services.notification_link_child(
        notification=notification,
        child=child,
        acting_user=request.user,
        today=today,
        explanation=explanation,
    )
    messages.success(request, f"Linked to {child.full_name}: case {case.reference}.")
    return redirect("cases:case_detail", case_id=case.pk)


@cme_staff
def notification_open_case(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = notification_for_user_or_404(request.user, notification_id)
    if request.method == "POST":
        case = services.notification_open_case(
            notification=notification, acting_user=request.user, today=_today()
        )
        return redirect("cases:case_detail", case_id=case.pk)
    return redirect("cases:notification", notification_id=notification.pk)


@cme_staff
def record_report(request: HttpRequest) -> HttpResponse:
    """Record a report that came by phone or email from another agency or the public."""
    user: Any = request.user
    form = AgencyReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        details = form.details()
        details["agency"] = form.cleaned_data["agency"]
        source = form.cleaned_data["source"]
        notification = services.notification_submit(
            local_authority=user.local_authority,
            kind=NotificationKind.AGENCY_REPORT
            if source == NotificationSource.AGENCY
            else NotificationKind.PUBLIC_REPORT,
            source=source,
            details=details,
            submitted_by=user,
            narrative=form.cleaned_data["concern"],
        )
        return redirect("cases:notification", notification_id=notification.pk)
    return render(request, "cases/record_report.html", {"form": form})
