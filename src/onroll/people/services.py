"""Writes for children and families. Each validates, saves and audits in one transaction.

Rules come from ``onroll.rules`` (UPN check letter); a service raises ``ValidationError``
with a message per field and changes nothing when its input is refused.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from onroll.accounts.models import User
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.people.models import Address, Carer, Child, ChildAddress, ChildCarer
from onroll.rules.risk import RiskFactor
from onroll.rules.upn import normalise_upn, upn_problem

CHILD_FIELDS = (
    "legal_forename",
    "middle_names",
    "legal_surname",
    "preferred_forename",
    "preferred_surname",
    "date_of_birth",
    "sex",
    "upn",
    "ehc_plan",
)
SAFEGUARDING_FIELDS = (
    "risk_factors",
    "social_worker_name",
    "social_worker_team",
    "social_worker_phone",
    "child_protection_plan",
    "child_in_need",
    "looked_after",
)


def clean_upn(value: str, *, child: Child | None = None) -> str:
    """The UPN normalised, or ``ValidationError`` saying plainly what is wrong with it."""
    if not value.strip():
        return ""
    problem = upn_problem(value)
    if problem is not None:
        raise ValidationError({"upn": f"Enter a valid UPN: {problem}"})
    upn = normalise_upn(value)
    clash = Child.objects.filter(upn=upn)
    if child is not None:
        clash = clash.exclude(pk=child.pk)
    if clash.exists():
        raise ValidationError({"upn": "Another child already has this UPN: check it"})
    return upn


def check_date_of_birth(dob: date, *, today: date) -> None:
    if dob > today:
        raise ValidationError({"date_of_birth": "Date of birth must be in the past"})


def _check_child(values: dict[str, Any], *, today: date, child: Child | None = None) -> None:
    errors: dict[str, str] = {}
    for name in ("legal_forename", "legal_surname"):
        if name in values and not str(values[name]).strip():
            errors[name] = "Enter the child's legal " + name.split("_")[1]
    if errors:
        raise ValidationError(errors)
    if values.get("date_of_birth") is not None:
        check_date_of_birth(values["date_of_birth"], today=today)
    if "upn" in values:
        values["upn"] = clean_upn(values.get("upn") or "", child=child)


def child_create(
    *,
    values: dict[str, Any],
    today: date,
    acting_user: User,
) -> Child:
    """Record a child (names, date of birth, sex, UPN). Refuses a future date of birth and
    an invalid UPN (wrong check letter named)."""
    values = {k: v for k, v in values.items() if k in CHILD_FIELDS}
    _check_child(values, today=today)
    with transaction.atomic():
        child = Child.objects.create(**values)
        audit_record(action=AuditAction.CHILD_CREATED, actor=acting_user, obj=child, detail={})
    return child


def child_update(
    *,
    child: Child,
    values: dict[str, Any],
    today: date,
    acting_user: User,
) -> Child:
    """Change a child's names, date of birth, sex, UPN or EHC plan flag."""
    values = {k: v for k, v in values.items() if k in CHILD_FIELDS}
    _check_child(values, today=today, child=child)
    with transaction.atomic():
        changed = [k for k, v in values.items() if getattr(child, k) != v]
        for key in changed:
            setattr(child, key, values[key])
        if changed:
            child.save(update_fields=changed)
        audit_record(
            action=AuditAction.CHILD_UPDATED,
            actor=acting_user,
            obj=child,
            detail={"fields": changed},
        )
    return child


def child_safeguarding_update(
    *,
    child: Child,
    values: dict[str, Any],
    acting_user: User,
) -> Child:
    """Change risk factors, social worker and CP/CIN/LAC flags: safeguarding roles only."""
    if not acting_user.sees_safeguarding:
        raise PermissionError("Only safeguarding roles may change safeguarding details")
    values = {k: v for k, v in values.items() if k in SAFEGUARDING_FIELDS}
    factors = [str(f) for f in values.get("risk_factors", child.risk_factors)]
    unknown = [f for f in factors if f not in RiskFactor.__members__.values()]
    if unknown:
        raise ValidationError({"risk_factors": f"Unknown risk factor {unknown[0]!r}"})
    values["risk_factors"] = [f.value for f in RiskFactor if f.value in factors]
    with transaction.atomic():
        changed = [k for k, v in values.items() if getattr(child, k) != v]
        for key in changed:
            setattr(child, key, values[key])
        if changed:
            child.save(update_fields=changed)
        # the detail names fields only: the audit log is not a second copy of sensitive data
        audit_record(
            action=AuditAction.CHILD_SAFEGUARDING_UPDATED,
            actor=acting_user,
            obj=child,
            detail={"fields": changed},
        )
    return child


def child_address_change(
    *,
    child: Child,
    line_1: str,
    town: str,
    from_date: date,
    line_2: str = "",
    postcode: str = "",
    acting_user: User,
) -> ChildAddress:
    """Record the child's new address from ``from_date``; the current one becomes history."""
    if not line_1.strip() or not town.strip():
        raise ValidationError({"line_1": "Enter the first line of the address and the town"})
    current = child.current_address()
    if current is not None and from_date <= current.from_date:
        raise ValidationError(
            {
                "from_date": "The new address must start after the current one "
                f"({current.from_date:%d %B %Y})"
            }
        )
    with transaction.atomic():
        if current is not None:
            current.to_date = from_date - timedelta(days=1)
            current.save(update_fields=["to_date"])
        address = Address.objects.create(
            line_1=line_1.strip(), line_2=line_2.strip(), town=town.strip(), postcode=postcode
        )
        link = ChildAddress.objects.create(child=child, address=address, from_date=from_date)
        audit_record(
            action=AuditAction.CHILD_ADDRESS_CHANGED,
            actor=acting_user,
            obj=child,
            detail={"from_date": from_date.isoformat()},
        )
    return link


def carer_add(
    *,
    child: Child,
    forename: str,
    surname: str,
    relationship: str,
    lives_with: bool,
    parental_responsibility: bool,
    phone: str = "",
    emergency_phone: str = "",
    email: str = "",
    acting_user: User,
) -> ChildCarer:
    """Record a parent or carer: who the child lives with, parental responsibility, phones.

    A parent the child normally lives with needs an emergency number (reg 8; it is a field
    of the deletion return)."""
    errors: dict[str, str] = {}
    if not forename.strip() or not surname.strip():
        errors["forename"] = "Enter the parent or carer's name"
    if not relationship.strip():
        errors["relationship"] = "Enter their relationship to the child"
    if lives_with and not (emergency_phone.strip() or phone.strip()):
        errors["emergency_phone"] = (
            "Enter at least one emergency telephone number for a parent the child lives with"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = child.current_address()
        carer = Carer.objects.create(
            forename=forename.strip(),
            surname=surname.strip(),
            phone=phone.strip(),
            emergency_phone=emergency_phone.strip(),
            email=email.strip(),
            address=current.address if (current and lives_with) else None,
        )
        link = ChildCarer.objects.create(
            child=child,
            carer=carer,
            relationship=relationship.strip(),
            lives_with=lives_with,
            parental_responsibility=parental_responsibility,
        )
        audit_record(
            action=AuditAction.CHILD_CARER_ADDED,
            actor=acting_user,
            obj=child,
            detail={"relationship": link.relationship, "lives_with": lives_with},
        )
    return link
