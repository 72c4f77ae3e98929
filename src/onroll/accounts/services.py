"""Writes for accounts: creating staff users with roles, confirming two-factor devices."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from onroll.accounts.models import Organisation, RoleGrant, User
from onroll.accounts.roles import Role, roles_allowed_for
from onroll.core.models import AuditAction
from onroll.core.services import audit_record


def user_create(
    *,
    username: str,
    password: str,
    organisation: Organisation,
    roles: list[str],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    acting_user: User | None = None,
) -> User:
    """Create a staff user at ``organisation`` holding ``roles`` (each valid for its kind)."""
    allowed = roles_allowed_for(organisation.kind)
    wrong = [r for r in roles if r not in allowed]
    if wrong:
        raise ValidationError(
            {"roles": f"{', '.join(wrong)} cannot be held at a {organisation.get_kind_display()}"}
        )
    with transaction.atomic():
        user = User(
            username=username,
            organisation=organisation,
            first_name=first_name,
            last_name=last_name,
            email=email,
            is_staff=Role.SYSTEM_ADMIN in roles,
            is_superuser=Role.SYSTEM_ADMIN in roles,
        )
        user.set_password(password)
        user.full_clean()
        user.save()
        RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in roles])
        audit_record(
            action=AuditAction.USER_CREATED,
            actor=acting_user,
            obj=user,
            detail={"roles": sorted(roles), "organisation": str(organisation)},
        )
    return user


def totp_device_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for ``user``; it counts only once a code confirms it
    (:func:`totp_device_confirm`)."""
    device: TOTPDevice = TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm a new authenticator if ``token`` is right; record the event either way."""
    with transaction.atomic():
        ok = bool(device.verify_token(token))
        if ok:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        audit_record(
            action=AuditAction.TWO_FACTOR_SET_UP if ok else AuditAction.TWO_FACTOR_SET_UP_FAILED,
            actor=device.user,
            obj=device.user,
        )
    return ok
