"""Writes for tracing and closing a case: the one stage-transition service, reasonable
enquiries, joint enquiries with schools (grounds H and I), safeguarding escalation and the
hand-over to another LA. Each validates, saves and audits in one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from onroll.accounts.models import LocalAuthority, User
from onroll.accounts.roles import Role
from onroll.cases.models import (
    Case,
    CaseChild,
    EnquiryStep,
    JointEnquiry,
    NotificationKind,
    NotificationSource,
    NotificationStatus,
    SafeguardingEscalation,
)
from onroll.cases.services import notification_submit, reprioritise, stage_due_on
from onroll.cases.workflow import (
    EARLY_OUTCOMES,
    TRANSITIONS,
    CaseStage,
    EnquiryStepKind,
    EscalationTo,
    JointEnquiryOutcome,
    Outcome,
)
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.people.models import Child
from onroll.schools.models import School


def la_uses_onroll(la: LocalAuthority) -> bool:
    """An LA uses Onroll when it has an active CME officer or manager here."""
    return la.users.filter(
        is_active=True, role_grants__role__in=[Role.CME_OFFICER, Role.CME_MANAGER]
    ).exists()


def missing_enquiries(case: Case) -> list[str]:
    """The checklist steps (domain.md §6.3) with no recorded result yet."""
    done = set(case.enquiry_steps.values_list("step", flat=True))
    return [kind.label for kind in EnquiryStepKind if kind.value not in done]


def _close_problems(case: Case, values: dict[str, Any]) -> dict[str, str]:
    outcome = values.get("outcome") or ""
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        return {"outcome": "Choose the outcome"}
    if not str(values.get("evidence") or "").strip():
        errors["evidence"] = "Enter the evidence for the outcome (who confirmed it, and when)"
    detail = str(values.get("detail") or "").strip()
    if case.stage in (CaseStage.NEW, CaseStage.TRIAGE) and outcome not in EARLY_OUTCOMES:
        errors["outcome"] = "Trace the child first: before tracing a case can only close as "
        errors["outcome"] += "not missing education or merged"
    elif outcome == Outcome.ON_ROLL and not (values.get("school") or detail):
        errors["school"] = "Name the school the child is on roll at"
    elif outcome == Outcome.MOVED_LA:
        to_la = values.get("to_la")
        if to_la is None and not detail:
            errors["to_la"] = "Name the local authority the family moved to"
        elif to_la is not None and to_la.pk == case.local_authority_id:
            errors["to_la"] = "Choose another local authority, not your own"
    elif outcome in (Outcome.MOVED_ABROAD, Outcome.AP_COLLEGE) and not detail:
        errors["detail"] = (
            "Name the country" if outcome == Outcome.MOVED_ABROAD else "Name the provider"
        )
    elif outcome == Outcome.NOT_FOUND:
        if case.stage != CaseStage.TRACING:
            errors["outcome"] = "Only a case being traced can close as not found"
        else:
            missing = missing_enquiries(case)
            if missing:
                errors["outcome"] = "Make every reasonable enquiry first. Still to do: " + (
                    "; ".join(missing)
                )
    return errors


def case_transition(
    *,
    case: Case,
    to_stage: str,
    acting_user: User,
    today: date,
    values: dict[str, Any] | None = None,
) -> Case:
    """Move a case to ``to_stage`` if the transition table allows it.

    Closing needs an outcome and its evidence (and a named school, LA, country or provider
    where the outcome names one; "not found" needs every reasonable enquiry made). A move to
    an LA that uses Onroll hands the case to that LA's queue.
    """
    values = values or {}
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if (locked.stage, to_stage) not in TRANSITIONS:
            raise ValidationError(
                {
                    "stage": f"A case cannot go from {CaseStage(locked.stage).label} to "
                    f"{CaseStage(to_stage).label if to_stage in CaseStage.values else to_stage}"
                }
            )
        from_stage = locked.stage
        if to_stage == CaseStage.CLOSED:
            errors = _close_problems(locked, values)
            if errors:
                raise ValidationError(errors)
            locked.outcome = values["outcome"]
            locked.outcome_evidence = str(values["evidence"]).strip()
            locked.outcome_detail = str(values.get("detail") or "").strip()[:200]
            locked.outcome_school = values.get("school")
            locked.outcome_la = values.get("to_la")
            locked.closed_on = today
            locked.due_on = None
        if to_stage == CaseStage.LOCATED:
            locked.located_on = today
        if (
            to_stage == CaseStage.TRIAGE
            and locked.assigned_to_id is None
            and acting_user is not None
            and acting_user.organisation_id == locked.local_authority_id
        ):
            locked.assigned_to = acting_user
        locked.stage = to_stage
        locked.stage_entered_on = today
        if to_stage != CaseStage.CLOSED:
            locked.due_on = stage_due_on(
                locked.local_authority_id, to_stage, locked.priority, today
            )
        locked.save()
        if to_stage == CaseStage.CLOSED:
            CaseChild.objects.filter(case=locked).update(is_open=False)
            locked.notifications.update(status=NotificationStatus.CLOSED)
        audit_record(
            action=AuditAction.CASE_TRANSITION,
            actor=acting_user,
            obj=locked,
            detail={"from": from_stage, "to": to_stage, "outcome": locked.outcome},
        )
        if (
            to_stage == CaseStage.CLOSED
            and locked.outcome == Outcome.MOVED_LA
            and locked.outcome_la is not None
            and la_uses_onroll(locked.outcome_la)
        ):
            _hand_over(locked, acting_user=acting_user, today=today)
    return locked


def _hand_over(case: Case, *, acting_user: User, today: date) -> Case:
    """Open the same children's case in the receiving LA's queue, linked to this one."""
    to_la = case.outcome_la
    assert to_la is not None
    links = list(case.case_children.select_related("child"))
    notification = notification_submit(
        local_authority=to_la,
        kind=NotificationKind.LA_HANDOVER,
        source=NotificationSource.LA,
        details={
            "from_la": case.local_authority.name,
            "from_case": case.reference,
            "children": [link.child.full_name for link in links],
            "evidence": case.outcome_evidence,
        },
        submitted_by=acting_user,
        from_organisation=case.local_authority,
        child=links[0].child if links else None,
        narrative=case.outcome_evidence,
        today=today,
    )
    new_case = notification.case
    assert new_case is not None
    for link in links[1:]:
        CaseChild.objects.get_or_create(
            case=new_case,
            child=link.child,
            defaults={
                "local_authority_id": to_la.pk,
                "match_explanation": f"Handed over by {case.local_authority.name}.",
            },
        )
    new_case.handed_over_from = case
    new_case.save(update_fields=["handed_over_from"])
    reprioritise(new_case, today)
    _email_receiving_la(to_la.cme_email, case, new_case)
    audit_record(
        action=AuditAction.CASE_HANDED_OVER,
        actor=acting_user,
        obj=case,
        detail={"to_la": to_la.code, "new_case": new_case.reference},
    )
    return new_case


def _email_receiving_la(address: str, case: Case, new_case: Case) -> None:
    """Tell the receiving team's inbox, after the commit, that a case is in their queue.
    The email names no child: the details are behind their sign-in."""
    if not address:
        return
    subject = f"CME case handed over by {case.local_authority.name}: {new_case.reference}"
    body = (
        f"{case.local_authority.name}'s Children Missing Education team has handed a case to "
        f"you in Onroll (their reference {case.reference}, yours {new_case.reference}). "
        "Sign in to Onroll to see it in your queue.\n\n"
        f"Contact: {case.local_authority.cme_email}, {case.local_authority.cme_phone}"
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, [address], fail_silently=True))


def enquiry_record(
    *,
    case: Case,
    step: str,
    done_on: date,
    person: str,
    method: str,
    result: str,
    acting_user: User,
    today: date,
) -> EnquiryStep:
    """Record one reasonable enquiry with its date, person, method and result."""
    errors: dict[str, str] = {}
    if case.stage == CaseStage.CLOSED:
        errors["step"] = "The case is closed"
    if done_on > today:
        errors["done_on"] = "The date of the enquiry must be today or in the past"
    if not person.strip():
        errors["person"] = "Enter who made the enquiry"
    if not result.strip():
        errors["result"] = "Enter what the enquiry found"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)
        entry = EnquiryStep.objects.create(
            case=case,
            step=step,
            done_on=done_on,
            person=person.strip(),
            method=method,
            result=result.strip(),
            recorded_by=acting_user,
            recorded_at=timezone.now(),
        )
        audit_record(
            action=AuditAction.CASE_ENQUIRY_RECORDED,
            actor=acting_user,
            obj=case,
            detail={"step": step, "method": method},
        )
    return entry


def escalation_record(
    *,
    case: Case,
    escalated_to: str,
    concern: str,
    their_reference: str,
    acting_user: User,
    today: date,
) -> SafeguardingEscalation:
    """Record an immediate referral to children's social care or the police; the case
    becomes urgent (safeguarding procedures take precedence over CME timescales)."""
    if escalated_to not in EscalationTo.values:
        raise ValidationError({"escalated_to": "Choose children's social care or the police"})
    if not concern.strip():
        raise ValidationError({"concern": "Describe the safeguarding concern"})
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)
        escalation = SafeguardingEscalation.objects.create(
            case=case,
            escalated_to=escalated_to,
            escalated_at=timezone.now(),
            escalated_by=acting_user,
            concern=concern.strip(),
            their_reference=their_reference.strip()[:60],
        )
        reprioritise(case, today)
        audit_record(
            action=AuditAction.CASE_SAFEGUARDING_ESCALATED,
            actor=acting_user,
            obj=case,
            detail={"to": escalated_to},
        )
    return escalation


def joint_enquiry_start(
    *,
    case: Case,
    school: School,
    child: Child,
    ground: str,
    proposed_off_roll_date: date | None,
    notes: str,
    acting_user: User,
    today: date,
) -> JointEnquiry:
    """Start joint reasonable enquiries with a school before a ground H or I deletion."""
    if ground not in ("H", "I"):
        raise ValidationError({"ground": "Joint enquiries are for grounds H and I"})
    if school.local_authority_id != case.local_authority_id:
        raise ValidationError({"school": "Choose a school in your local authority"})
    if not case.case_children.filter(child=child).exists():
        raise ValidationError({"child": "Choose a child in this case"})
    with transaction.atomic():
        joint, _ = JointEnquiry.objects.get_or_create(
            case=case,
            school=school,
            child=child,
            defaults={
                "ground": ground,
                "started_on": today,
                "proposed_off_roll_date": proposed_off_roll_date,
                "la_officer": acting_user,
                "notes": notes.strip(),
            },
        )
        audit_record(
            action=AuditAction.JOINT_ENQUIRY_STARTED,
            actor=acting_user,
            obj=joint,
            child_id=child.pk,
            detail={"ground": ground, "school": school.laestab},
        )
    return joint


def joint_enquiry_agree(
    *,
    joint: JointEnquiry,
    outcome: str,
    agreed_off_roll_date: date,
    acting_user: User,
) -> JointEnquiry:
    """The school agrees the outcome of the joint enquiries and the off-roll date, which its
    ground H or I deletion then relies on."""
    if acting_user.organisation_id != joint.school_id:
        raise ValidationError("Only the school in the joint enquiry can agree it")
    if outcome not in JointEnquiryOutcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the enquiries"})
    if agreed_off_roll_date < joint.started_on:
        raise ValidationError(
            {"agreed_off_roll_date": "The off-roll date cannot be before the enquiries began"}
        )
    with transaction.atomic():
        locked = JointEnquiry.objects.select_for_update().get(pk=joint.pk)
        locked.outcome = outcome
        locked.agreed_off_roll_date = agreed_off_roll_date
        locked.agreed_by = acting_user
        locked.agreed_at = timezone.now()
        locked.save()
        audit_record(
            action=AuditAction.JOINT_ENQUIRY_AGREED,
            actor=acting_user,
            obj=locked,
            child_id=locked.child_id,
            detail={"outcome": outcome, "off_roll": agreed_off_roll_date.isoformat()},
        )
    return locked
