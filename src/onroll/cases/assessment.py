"""The rules engine applied to a case: each child's priority (risk groups, social worker,
age) and classification (CME, at risk, CMOOE, not CME), always with the reasons."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from onroll.accounts.models import User
from onroll.cases.models import CaseChild, Notification, NotificationKind
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.people.models import Child
from onroll.rules.classification import ChildFacts, CmeSituation, classify_child
from onroll.rules.risk import PriorityLevel, RiskFactor, case_priority


def child_priority(child: Child, today: date) -> tuple[PriorityLevel, tuple[str, ...]]:
    """The rules engine's priority for one child, from risk groups, social worker and age."""
    known = {f.value for f in RiskFactor}
    factors = [RiskFactor(f) for f in getattr(child, "risk_factors", []) or [] if f in known]
    social_worker = bool(str(getattr(child, "social_worker_name", "") or "").strip())
    result = case_priority(
        factors, has_social_worker=social_worker, date_of_birth=child.date_of_birth, on=today
    )
    return result.level, result.reasons


#: Notification kinds that say the child's whereabouts are not known.
_WHEREABOUTS_UNKNOWN_KINDS = frozenset(
    {
        NotificationKind.CME_REFERRAL,
        NotificationKind.DELETION_UNKNOWN_DESTINATION,
        NotificationKind.TEN_DAY_ABSENCE,
    }
)
_SITUATION_FACTS = {
    CmeSituation.REMOVED_AFTER_PEX_NO_PROVISION: "removed_after_pex_no_provision",
    CmeSituation.MAY_HAVE_MOVED_AWAY: "home_visit_suggests_moved",
    CmeSituation.MOVED_INTO_AREA_NO_SCHOOL: "moved_into_area_no_school",
    CmeSituation.MOVED_OUT_OF_AREA_NO_SCHOOL: "moved_out_of_area_no_school",
    CmeSituation.REFUSED_OFFERED_PLACE: "refused_offered_place",
}


def notification_facts(child: Child, notification: Notification) -> ChildFacts:
    """What the records and the notification say about the child's education, as the rules
    engine's facts: on roll from the admission registers; whereabouts and the seed's
    situation from what the notifier said. The officer confirms or corrects them."""
    from onroll.registers.models import Registration

    details = notification.details if isinstance(notification.details, dict) else {}
    situation = str(details.get("situation") or notification.reason or "")
    flags: dict[str, Any] = {}
    if situation in _SITUATION_FACTS:
        flags[_SITUATION_FACTS[CmeSituation(situation)]] = True
    return ChildFacts(
        date_of_birth=child.date_of_birth,
        on_roll=Registration.objects.filter(child=child, deleted_on__isnull=True).exists(),
        whereabouts_known=notification.kind not in _WHEREABOUTS_UNKNOWN_KINDS,
        part_time_timetable=notification.kind == NotificationKind.CMOOE_REPORT,
        **flags,
    )


def first_classification(link: CaseChild, notification: Notification, today: date) -> None:
    """Classify a newly linked child from the records and the notification (not audited
    separately: it is part of the link, which is)."""
    if link.classification:
        return
    result = classify_child(notification_facts(link.child, notification), on=today)
    link.classification = result.status.value
    link.classification_reasons = [
        *result.reasons,
        "Worked out from the school records and the notification at triage: confirm it.",
    ]
    link.classified_on = today
    link.save(update_fields=["classification", "classification_reasons", "classified_on"])


def case_classify(
    *,
    link: CaseChild,
    facts: ChildFacts,
    today: date,
    acting_user: User,
) -> CaseChild:
    """Classify a child in a case with the rules engine and keep its reasons."""
    result = classify_child(facts, on=today)
    with transaction.atomic():
        link.classification = result.status.value
        link.classification_reasons = list(result.reasons)
        link.classified_on = today
        link.save(update_fields=["classification", "classification_reasons", "classified_on"])
        audit_record(
            action=AuditAction.CASE_CHILD_CLASSIFIED,
            actor=acting_user,
            obj=link.case,
            child_id=link.child_id,
            detail={"status": result.status.value},
        )
    return link
