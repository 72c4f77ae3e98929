"""Entering a pupil on the admission register (Regs 2024 reg 8) and the new-pupil return.

Writes are services: each validates (through ``onroll.rules`` where a rule decides), saves and
audits in one transaction, and changes nothing when it refuses.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from onroll.accounts.models import User
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.people.models import Child
from onroll.people.services import carer_add, child_address_change, child_create
from onroll.registers.models import (
    LaReturn,
    Placement,
    PlacementKind,
    PlacementStatus,
    Registration,
    RegistrationKind,
    ReturnKind,
    ReturnStatus,
)
from onroll.registers.returns import la_return_due
from onroll.rules.returns import new_pupil_return
from onroll.schools.models import School
from onroll.schools.selectors import school_calendar

_PARTNER_KIND = {
    RegistrationKind.DUAL_MAIN: RegistrationKind.DUAL_SUBSIDIARY,
    RegistrationKind.DUAL_SUBSIDIARY: RegistrationKind.DUAL_MAIN,
}


def _new_pupil_return(registration: Registration, *, today: date, acting_user: User) -> str:
    """Create the new-pupil return the rules say is owed (reg 13(1)-(3)); its reason."""
    school = registration.school
    try:
        calendar = school_calendar(school)
        decision = new_pupil_return(
            today,
            in_most_junior_class=registration.national_curriculum_year == school.most_junior_year,
            starting_day=registration.starting_day,
            calendar=calendar,
        )
    except ValueError:  # no calendar for that year: the return is owed (the safe side)
        decision = new_pupil_return(today, starting_day=registration.starting_day)
    if decision.required and decision.due_by is not None:
        la_return_due(
            school=school,
            child=registration.child,
            kind=ReturnKind.NEW_PUPIL,
            due_on=decision.due_by,
            reason=decision.reason,
            registration=registration,
            acting_user=acting_user,
        )
    else:  # exempt (reg 13(2)): keep the decision and its reason on the record
        exempt = LaReturn.objects.create(
            school=school,
            child=registration.child,
            registration=registration,
            kind=ReturnKind.NEW_PUPIL,
            due_on=registration.starting_day,
            status=ReturnStatus.NOT_REQUIRED,
            reason=decision.reason,
        )
        audit_record(
            action=AuditAction.LA_RETURN_NOT_REQUIRED,
            actor=acting_user,
            obj=exempt,
            child_id=registration.child_id,
            detail={"kind": ReturnKind.NEW_PUPIL, "reason": decision.reason},
        )
    return decision.reason


def registration_create(
    *,
    child: Child,
    school: School,
    kind: str,
    starting_day: date,
    today: date,
    acting_user: User,
    partner_school: School | None = None,
    national_curriculum_year: int | None = None,
    last_school_attended: str = "",
) -> Registration:
    """Enter ``child`` on ``school``'s admission register from ``starting_day``.

    Dual registration needs the partner school, where the child must be on roll: the partner
    registration becomes the other half of the pair (one main, one subsidiary). The new-pupil
    return is created with the due date the rules give.
    """
    errors: dict[str, str] = {}
    if kind not in RegistrationKind.values:
        errors["kind"] = "Select how the pupil is registered"
    if Registration.objects.filter(child=child, school=school, deleted_on__isnull=True).exists():
        errors["starting_day"] = "The child is already on this school's roll"
    if starting_day < child.date_of_birth:
        errors["starting_day"] = "The starting day must be after the date of birth"
    partner: Registration | None = None
    if kind in _PARTNER_KIND:
        if partner_school is None:
            errors["partner_school"] = "Select the other school where the pupil is registered"
        else:
            partner = Registration.objects.filter(
                child=child, school=partner_school, deleted_on__isnull=True
            ).first()
            if partner is None:
                errors["partner_school"] = (
                    f"The child is not on {partner_school.name}'s roll, so cannot be dual "
                    "registered with it"
                )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        registration = Registration.objects.create(
            child=child,
            school=school,
            kind=kind,
            starting_day=starting_day,
            national_curriculum_year=national_curriculum_year,
            last_school_attended=last_school_attended
            or (partner_school.name if partner_school else ""),
        )
        if partner is not None:
            partner.kind = _PARTNER_KIND[RegistrationKind(kind)]
            partner.save(update_fields=["kind"])
            audit_record(
                action=AuditAction.REGISTRATION_KIND_CHANGED,
                actor=acting_user,
                obj=partner,
                child_id=child.pk,
                detail={"kind": partner.kind, "because": f"dual registered with {school.name}"},
            )
        reason = _new_pupil_return(registration, today=today, acting_user=acting_user)
        audit_record(
            action=AuditAction.REGISTRATION_CREATED,
            actor=acting_user,
            obj=registration,
            child_id=child.pk,
            detail={
                "school": school.name,
                "kind": kind,
                "starting_day": starting_day.isoformat(),
                "new_pupil_return": reason,
            },
        )
    return registration


def pupil_admit(
    *,
    school: School,
    child_values: dict[str, Any],
    address: dict[str, Any],
    carer: dict[str, Any],
    kind: str,
    starting_day: date,
    today: date,
    acting_user: User,
    partner_school: School | None = None,
    national_curriculum_year: int | None = None,
    last_school_attended: str = "",
    referral: dict[str, Any] | None = None,
) -> Registration:
    """Admit a pupil: the child (or, for dual registration, the partner school's pupil with
    the same UPN and date of birth), their address and parent, the register entry, the
    new-pupil return and, at the Short Stay School, a referral placement. All or nothing."""
    if referral is not None and not (
        school.is_pru and kind == RegistrationKind.DUAL_SUBSIDIARY and partner_school is not None
    ):
        raise ValidationError(
            {
                "referral_placement": "A referral placement is at the Short Stay School, dual "
                "registered (subsidiary) with the pupil's mainstream school: choose that "
                "registration and the mainstream school"
            }
        )
    with transaction.atomic():
        existing = None
        upn = str(child_values.get("upn") or "").strip().upper().replace(" ", "")
        if partner_school is not None and upn:
            existing = Child.objects.filter(
                upn=upn,
                registrations__school=partner_school,
                registrations__deleted_on__isnull=True,
            ).first()
            if existing is not None and existing.date_of_birth != child_values.get("date_of_birth"):
                raise ValidationError(
                    {"date_of_birth": f"The date of birth does not match {partner_school.name}'s"}
                )
        if existing is None:
            child = child_create(values=child_values, today=today, acting_user=acting_user)
            if address.get("line_1"):
                child_address_change(
                    child=child,
                    acting_user=acting_user,
                    from_date=address.get("from_date") or starting_day,
                    line_1=address["line_1"],
                    line_2=address.get("line_2", ""),
                    town=address.get("town", ""),
                    postcode=address.get("postcode", ""),
                )
            if carer.get("forename"):
                carer_add(child=child, acting_user=acting_user, **carer)
        else:
            child = existing
        registration = registration_create(
            child=child,
            school=school,
            kind=kind,
            starting_day=starting_day,
            today=today,
            acting_user=acting_user,
            partner_school=partner_school,
            national_curriculum_year=national_curriculum_year,
            last_school_attended=last_school_attended,
        )
        if referral is not None and school.is_pru:
            placement = Placement.objects.create(
                child=child,
                school=school,
                kind=PlacementKind.REFERRAL,
                home_school=partner_school,
                status=PlacementStatus.ON_ROLL,
                registration=registration,
                on_roll_on=starting_day,
                on_roll_confirmed_by=acting_user,
                aim=referral.get("aim", ""),
                next_review_on=referral.get("next_review_on"),
            )
            audit_record(
                action=AuditAction.PLACEMENT_REFERRAL_CREATED,
                actor=acting_user,
                obj=placement,
                child_id=child.pk,
                detail={"aim": placement.aim, "home_school": str(partner_school or "")},
            )
    return registration
