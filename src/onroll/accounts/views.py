"""Sign in with username and password, then a TOTP code where the user's role requires one."""

from __future__ import annotations

import base64
import time
from typing import Any

import segno
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from onroll.accounts.forms import SignInForm, TokenForm
from onroll.accounts.middleware import SIGNED_IN_AT
from onroll.accounts.models import User
from onroll.accounts.selectors import has_confirmed_authenticator, unconfirmed_authenticator
from onroll.accounts.services import totp_device_confirm, totp_device_start
from onroll.core.models import AuditAction
from onroll.core.services import audit_record

BAD_CREDENTIALS = "Enter a correct username and password"
# django-otp also slows repeated wrong codes down (1 s, 2 s, 4 s, ...), so say so.
WRONG_CODE = "The security code is not right. Check your app, wait a few seconds and try again"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Username and password. The error is the same whether or not the username exists."""
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is None:
            form.add_error(None, BAD_CREDENTIALS)
        else:
            login(request, user, backend="onroll.accounts.backends.OrganisationBackend")
            request.session[SIGNED_IN_AT] = time.time()
            request.session["onroll_next"] = _next_url(request)
            audit_record(action=AuditAction.AUTH_SIGNED_IN, actor=user, obj=user)
            if user.requires_two_factor:
                return redirect("accounts:two_factor")
            return redirect(request.session.pop("onroll_next", "/"))
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": _next_url(request), "timed_out": "timeout" in request.GET},
    )


def _pending_device(request: HttpRequest, user: User) -> TOTPDevice:
    """The unconfirmed authenticator this session is setting up (created once)."""
    device = unconfirmed_authenticator(user, request.session.get("onroll_new_totp"))
    if device is None:
        device = totp_device_start(user=user)
        request.session["onroll_new_totp"] = device.pk
    return device


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code; a user with no authenticator yet sets one up first."""
    user = request.user
    if not isinstance(user, User):
        return redirect("accounts:sign_in")
    if user.is_verified():  # type: ignore[attr-defined]  # added by django_otp's OTPMiddleware
        return redirect("/")
    has_device = has_confirmed_authenticator(user)
    form = TokenForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "setting_up": not has_device}
    if not has_device:
        device = _pending_device(request, user)
        secret = base64.b32encode(device.bin_key).decode()
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        context["qr_svg"] = segno.make(device.config_url).svg_inline(scale=4, title="QR code")
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if has_device:
            matched = match_token(user, token)
            ok = matched is not None
            if ok:
                otp_login(request, matched)
            audit_record(
                action=AuditAction.TWO_FACTOR_VERIFIED if ok else AuditAction.TWO_FACTOR_FAILED,
                actor=user,
                obj=user,
            )
        else:
            ok = totp_device_confirm(device=device, token=token)
            if ok:
                otp_login(request, device)
                request.session.pop("onroll_new_totp", None)
        if ok:
            request.session.cycle_key()
            return redirect(request.session.pop("onroll_next", "/"))
        form.add_error("token", WRONG_CODE)
    return render(request, "accounts/two_factor.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(actor=request.user, action=AuditAction.AUTH_SIGNED_OUT, obj=request.user)
    logout(request)
    return redirect("accounts:sign_in")


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """Too many failed sign-ins for this username. Same page whether or not it exists."""
    return render(request, "accounts/locked_out.html", status=429)
