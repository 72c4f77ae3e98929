"""The public form: "Tell us about a child who may be missing education". No account needed.

Protections (ecosystem.md §3b): CSRF; a per-address rate limit (a small cache counter); a
honeypot field that bots fill in and people never see (a filled one gets the same
confirmation page, and nothing is stored); no uploads; and a confirmation page that shows
only a reference number and whom to contact, never what was typed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from onroll.cases.forms import PublicReportForm
from onroll.cases.models import NotificationKind, NotificationSource
from onroll.cases.selectors_intake import local_authorities, local_authority_or_none
from onroll.cases.services import _new_reference, notification_submit
from onroll.core.services import client_ip

SESSION_KEY = "cases_public_reference"
SESSION_LA = "cases_public_la"


def _limit() -> tuple[int, int]:
    """(posts allowed, per seconds) for one address."""
    return (
        int(getattr(settings, "ONROLL_PUBLIC_REPORT_LIMIT", 10)),
        int(getattr(settings, "ONROLL_PUBLIC_REPORT_WINDOW", 600)),
    )


def _throttled(request: HttpRequest) -> bool:
    """Count this address's posts in the window; True once over the limit."""
    allowed, window = _limit()
    key = f"cases:public-report:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > allowed


@never_cache
@csrf_protect
def public_report(request: HttpRequest) -> HttpResponse:
    las = local_authorities()
    if request.method == "POST":
        if _throttled(request):
            return render(request, "cases/public_throttled.html", {"las": las}, status=429)
        form = PublicReportForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["website"]:
                # A bot: the same confirmation a person would see, and nothing stored.
                request.session[SESSION_KEY] = _new_reference()
                request.session[SESSION_LA] = form.cleaned_data["local_authority"].pk
                return redirect("cases:public_report_received")
            la = form.cleaned_data["local_authority"]
            notification = notification_submit(
                local_authority=la,
                kind=NotificationKind.PUBLIC_REPORT,
                source=NotificationSource.PUBLIC,
                details=form.details(),
                narrative=form.cleaned_data["concern"],
            )
            request.session[SESSION_KEY] = notification.reference
            request.session[SESSION_LA] = la.pk
            return redirect("cases:public_report_received")
    else:
        initial = {"local_authority": las[0]} if len(las) == 1 else {}
        form = PublicReportForm(initial=initial)
    return render(request, "cases/public_report.html", {"form": form, "las": las})


@never_cache
def public_report_received(request: HttpRequest) -> HttpResponse:
    """The reference number and whom to contact; nothing the reporter typed."""
    reference = request.session.pop(SESSION_KEY, None)
    la_id = request.session.pop(SESSION_LA, None)
    la = local_authority_or_none(la_id)
    return render(request, "cases/public_received.html", {"reference": reference, "la": la})
