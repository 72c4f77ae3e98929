"""Reads for accounts: a user's two-factor devices; whether an LA's CME team works here."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from onroll.accounts.models import LocalAuthority, User
from onroll.accounts.roles import Role


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


def la_has_cme_staff(local_authority: LocalAuthority) -> bool:
    """Does the LA have at least one active CME officer or manager in Onroll?"""
    return User.objects.filter(
        organisation=local_authority,
        is_active=True,
        role_grants__role__in=(Role.CME_OFFICER, Role.CME_MANAGER),
    ).exists()
