"""Reads for accounts: a user's two-factor devices."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from onroll.accounts.models import User


def has_confirmed_authenticator(user: User) -> bool:
    """Has ``user`` set up an authenticator app (and proved it with a code)?"""
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def unconfirmed_authenticator(user: User, device_id: int | None) -> TOTPDevice | None:
    """The authenticator ``user`` started setting up, if ``device_id`` is still one."""
    if device_id is None:
        return None
    device: TOTPDevice | None = TOTPDevice.objects.filter(
        pk=device_id, user=user, confirmed=False
    ).first()
    return device
