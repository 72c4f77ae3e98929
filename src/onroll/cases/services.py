"""Writes for the CME team's intake and triage. Every write is audited in the same transaction.

Intake: :func:`notification_submit` records what arrived and, for the kinds that need one,
opens a case (or adds the notification to the child's open case: one child, one case).
Triage: link a notification to a known child (or make a new record), group brothers and
sisters, merge duplicates, classify with the rules engine. Moving a case between stages is
``cases.tracing.case_transition`` (the one service that checks the transition table).
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from onroll.accounts.models import LocalAuthority, Organisation, User
from onroll.accounts.roles import CME_ROLES, Role
from onroll.cases.assessment import child_priority, first_classification
from onroll.cases.models import (
    CASE_OPENING_KINDS,
    Case,
    CaseChild,
    Notification,
    NotificationKind,
    NotificationSource,
    NotificationStatus,
)
from onroll.cases.selectors import open_case_for_child
from onroll.cases.workflow import CaseStage, Outcome, stage_allowance
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.people.models import Address, Child, ChildAddress, Sex
from onroll.rules.risk import PriorityLevel
from onroll.schools.selectors import la_calendar, weekday_calendar

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _new_reference(prefix: str = "CME") -> str:
    """A reference a person can read out on the phone: CME-XXXX-XXXX, unguessable."""
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def _unique_reference(model: type[Notification] | type[Case], prefix: str) -> str:
    reference = _new_reference(prefix)
    while model.objects.filter(reference=reference).exists():
        reference = _new_reference(prefix)  # pragma: no cover - 32^8 references
    return reference


def stage_due_on(la_id: int, stage: str, priority: int, start: date) -> date | None:
    """When work at ``stage`` entered on ``start`` is due, in school days on the LA calendar."""
    allowance = stage_allowance(stage, priority)
    if allowance is None:
        return None
    calendar = la_calendar(la_id, start)
    try:
        return calendar.add_school_days(start, allowance)
    except ValueError:  # the LA's calendar ends too soon: count weekdays instead
        return weekday_calendar(start).add_school_days(start, allowance)


def _reprioritise(case: Case, today: date) -> None:
    """The case's priority is its highest child's; the reasons name each child."""
    level = PriorityLevel.ROUTINE
    reasons: list[str] = []
    for link in case.case_children.select_related("child"):
        child_level, child_reasons = child_priority(link.child, today)
        level = max(level, child_level)
        reasons += [f"{link.child.legal_forename}: {r}" for r in child_reasons]
    if case.escalations.exists():
        level = PriorityLevel.URGENT
        reasons.append("Escalated under safeguarding procedures.")
    elif any(
        isinstance(n.details, dict) and n.details.get("in_danger") == "yes"
        for n in case.notifications.all()
    ):
        level = PriorityLevel.URGENT
        reasons.append(
            "The notifier thinks the child is in danger: consider escalating to children's "
            "social care or the police now."
        )
    case.priority = int(level)
    case.priority_reasons = reasons or ["No child linked yet: routine until triage."]
    if case.stage != CaseStage.CLOSED:
        case.due_on = stage_due_on(
            case.local_authority_id, case.stage, case.priority, case.stage_entered_on
        )
    case.save(update_fields=["priority", "priority_reasons", "due_on"])


def _case_create(*, local_authority: LocalAuthority, today: date, acting_user: User | None) -> Case:
    case = Case.objects.create(
        reference=_unique_reference(Case, "CASE"),
        local_authority=local_authority,
        stage=CaseStage.NEW,
        opened_on=today,
        stage_entered_on=today,
        due_on=stage_due_on(local_authority.pk, CaseStage.NEW, 1, today),
        priority_reasons=["No child linked yet: routine until triage."],
    )
    audit_record(action=AuditAction.CASE_OPENED, actor=acting_user, obj=case)
    return case


def _add_child(case: Case, child: Child, explanation: str = "") -> CaseChild:
    link, _ = CaseChild.objects.get_or_create(
        case=case,
        child=child,
        defaults={
            "local_authority_id": case.local_authority_id,
            "is_open": case.is_open,
            "match_explanation": explanation,
        },
    )
    return link


def notification_submit(
    *,
    local_authority: LocalAuthority,
    kind: str,
    source: str,
    details: dict[str, Any],
    submitted_by: User | None = None,
    from_organisation: Organisation | None = None,
    child: Child | None = None,
    reason: str = "",
    narrative: str = "",
    open_case: bool | None = None,
    today: date | None = None,
) -> Notification:
    """Record a notification to ``local_authority``'s CME team and audit it.

    Kinds in ``CASE_OPENING_KINDS`` (or any kind when ``open_case`` is true) open a case at
    once; when the child already has an open case in this LA the notification joins it.
    """
    if kind not in NotificationKind.values:
        raise ValidationError({"kind": f"Unknown notification kind {kind!r}"})
    if source not in NotificationSource.values:
        raise ValidationError({"source": f"Unknown notification source {source!r}"})
    if source == NotificationSource.SCHOOL and from_organisation is None:
        raise ValidationError({"from_organisation": "A school notification needs its school"})
    today = today or timezone.localdate()
    with transaction.atomic():
        reference = _unique_reference(Notification, "CME")
        notification = Notification.objects.create(
            reference=reference,
            local_authority=local_authority,
            source=source,
            kind=kind,
            from_organisation=from_organisation,
            submitted_by=submitted_by
            if submitted_by is not None and submitted_by.is_authenticated
            else None,
            submitted_at=timezone.now(),
            child=child,
            details=details,
            reason=reason,
            narrative=narrative,
        )
        audit_record(
            action=AuditAction.NOTIFICATION_SUBMITTED,
            actor=submitted_by,
            obj=notification,
            child_id=child.pk if child else None,
            detail={"kind": kind, "source": source, "reference": reference},
        )
        if open_case if open_case is not None else kind in CASE_OPENING_KINDS:
            _attach_to_case(notification, today=today, acting_user=submitted_by)
    return notification


def _attach_to_case(notification: Notification, *, today: date, acting_user: User | None) -> Case:
    """Put the notification in its child's open case, or a new one."""
    la = notification.local_authority
    case = open_case_for_child(la.pk, notification.child) if notification.child else None
    if case is None:
        case = _case_create(local_authority=la, today=today, acting_user=acting_user)
    if notification.child is not None:
        link = _add_child(case, notification.child, "Named by the notifier as their pupil.")
        first_classification(link, notification, today)
    notification.case = case
    notification.status = NotificationStatus.TRIAGED
    notification.save(update_fields=["case", "status"])
    _reprioritise(case, today)
    return case


def notification_open_case(*, notification: Notification, acting_user: User, today: date) -> Case:
    """An officer decides a notification in the inbox (a return, a CMOOE report) needs a case."""
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        if locked.case_id is not None:
            return locked.case  # type: ignore[return-value]
        case = _attach_to_case(locked, today=today, acting_user=acting_user)
        audit_record(
            action=AuditAction.NOTIFICATION_CASE_OPENED,
            actor=acting_user,
            obj=locked,
            detail={"case": case.reference},
        )
    return case


def case_merge(*, source: Case, target: Case, acting_user: User, today: date) -> Case:
    """The same child is in two open cases: move everything from ``source`` into ``target``
    and close ``source`` as merged (one child, one case)."""
    if source.pk == target.pk:
        return target
    if source.local_authority_id != target.local_authority_id:
        raise ValidationError("Cases of different local authorities cannot be merged")
    with transaction.atomic():
        src = Case.objects.select_for_update().get(pk=source.pk)
        dst = Case.objects.select_for_update().get(pk=target.pk)
        for link in list(src.case_children.all()):
            if dst.case_children.filter(child_id=link.child_id).exists():
                link.is_open = False  # stays with the merged case as its history
                link.save(update_fields=["is_open"])
            else:
                link.case = dst
                link.save(update_fields=["case"])
        src.notifications.update(case=dst)
        src.enquiry_steps.update(case=dst)
        src.stage = CaseStage.CLOSED
        src.outcome = Outcome.MERGED
        src.outcome_evidence = f"Same child as case {dst.reference}."
        src.closed_on = today
        src.due_on = None
        src.merged_into = dst
        src.save()
        _reprioritise(dst, today)
        audit_record(
            action=AuditAction.CASE_MERGED,
            actor=acting_user,
            obj=src,
            detail={"into": dst.reference},
        )
    return dst


def notification_link_child(
    *,
    notification: Notification,
    child: Child,
    acting_user: User,
    today: date,
    explanation: str = "",
) -> Case:
    """Triage: the notification is about ``child``. The child joins the notification's case,
    unless the child already has an open case here, in which case the two are merged."""
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        locked.child = child
        locked.save(update_fields=["child"])
        existing = open_case_for_child(locked.local_authority_id, child)
        if locked.case is None:
            case = existing or _case_create(
                local_authority=locked.local_authority,
                today=today,
                acting_user=acting_user,
            )
            locked.case = case
            locked.status = NotificationStatus.TRIAGED
            locked.save(update_fields=["case", "status"])
        case = locked.case
        if existing is not None and existing.pk != case.pk:
            case = case_merge(source=case, target=existing, acting_user=acting_user, today=today)
        link = _add_child(case, child, explanation)
        first_classification(link, locked, today)
        _reprioritise(case, today)
        audit_record(
            action=AuditAction.NOTIFICATION_CHILD_LINKED,
            actor=acting_user,
            obj=locked,
            child_id=child.pk,
            detail={"case": case.reference, "explanation": explanation},
        )
    return case


def notification_create_child(
    *, notification: Notification, acting_user: User, today: date
) -> Case:
    """Triage found no match: make a child record from what the notifier gave, then link it."""
    d = notification.details
    forename = str(d.get("forename") or "").strip()[:100]
    surname = str(d.get("surname") or "").strip()[:100]
    if not forename or not surname:
        raise ValidationError("The notification needs the child's forename and surname")
    try:
        dob = date.fromisoformat(str(d.get("date_of_birth") or ""))
    except ValueError:
        raise ValidationError("The notification needs the child's date of birth") from None
    if dob > today:
        raise ValidationError("The date of birth given is in the future")
    with transaction.atomic():
        child = Child.objects.create(
            legal_forename=forename, legal_surname=surname, date_of_birth=dob, sex=Sex.UNKNOWN
        )
        line_1 = str(d.get("address_line_1") or "").strip()[:200]
        if line_1:
            address = Address.objects.create(
                line_1=line_1,
                town=str(d.get("town") or "").strip()[:100],
                postcode=str(d.get("postcode") or "").strip()[:10],
            )
            ChildAddress.objects.create(child=child, address=address, from_date=today)
        audit_record(
            action=AuditAction.CHILD_CREATED,
            actor=acting_user,
            obj=child,
            detail={"from_notification": notification.reference},
        )
        return notification_link_child(
            notification=notification,
            child=child,
            acting_user=acting_user,
            today=today,
            explanation="No existing record matched: a new record was made from the notification.",
        )


def case_add_child(*, case: Case, child: Child, acting_user: User, today: date) -> Case:
    """Group a brother or sister into the family case (merging any open case they had)."""
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)
        existing = open_case_for_child(case.local_authority_id, child)
        if existing is not None and existing.pk != case.pk:
            case_merge(source=existing, target=case, acting_user=acting_user, today=today)
        _add_child(case, child, "Added as a brother or sister in the family case.")
        _reprioritise(case, today)
        audit_record(
            action=AuditAction.CASE_CHILD_ADDED,
            actor=acting_user,
            obj=case,
            child_id=child.pk,
        )
    return case


def case_assign(*, case: Case, officer: User, acting_user: User) -> Case:
    """Give the case to a CME officer of the same LA."""
    if officer.organisation_id != case.local_authority_id or not officer.has_role(*CME_ROLES):
        raise ValidationError({"officer": "Choose a CME officer of this local authority"})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        locked.assigned_to = officer
        locked.save(update_fields=["assigned_to"])
        audit_record(
            action=AuditAction.CASE_ASSIGNED,
            actor=acting_user,
            obj=locked,
            detail={"officer": officer.get_username()},
        )
    return locked


def reprioritise(case: Case, today: date) -> None:
    """Recompute the case's priority (after a child's risk factors change, or escalation)."""
    _reprioritise(case, today)


#: The LA's contact routes, shown on every page and document that says whom to contact.
CONTACT_FIELDS = (
    "cme_team_name",
    "cme_email",
    "cme_phone",
    "cmooe_email",
    "cmooe_phone",
    "contact_address",
)


def la_contacts_update(
    *, la: LocalAuthority, values: dict[str, Any], acting_user: User
) -> LocalAuthority:
    """Change the LA's contact routes (CME managers only) and audit which fields changed."""
    if not acting_user.has_role(Role.CME_MANAGER) or acting_user.organisation_id != la.pk:
        raise PermissionError("Only the LA's CME manager may change its contact details")
    saved = LocalAuthority.objects.get(pk=la.pk)
    changed = {
        k: values[k] for k in CONTACT_FIELDS if k in values and getattr(saved, k) != values[k]
    }
    with transaction.atomic():
        if changed:
            LocalAuthority.objects.filter(pk=la.pk).update(**changed)
        audit_record(
            action=AuditAction.LA_CONTACTS_UPDATED,
            actor=acting_user,
            obj=la,
            detail={"fields": [*changed]},
        )
    return LocalAuthority.objects.get(pk=la.pk)
