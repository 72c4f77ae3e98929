"""Records for the cases tests and the URL sweep: all in Lancashire unless said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from onroll.accounts.models import LocalAuthority
from onroll.cases.models import Case, JointEnquiry, Notification, NotificationKind
from onroll.cases.services import notification_submit
from onroll.cases.tracing import joint_enquiry_start
from tests.conftest import Cast

TODAY = date(2026, 11, 30)  # a Monday


def school_referral(cast: Cast, child=None, *, today: date = TODAY) -> Notification:  # type: ignore[no-untyped-def]
    """Hawthorn refers one of its pupils (Ava Dewhurst by default) to Lancashire."""
    child = child or cast.pru_child
    return notification_submit(
        local_authority=cast.lancashire,
        kind=NotificationKind.CME_REFERRAL,
        source="school",
        details={
            "forename": child.legal_forename,
            "surname": child.legal_surname,
            "date_of_birth": child.date_of_birth.isoformat(),
            "upn": child.upn,
        },
        submitted_by=cast.bob,
        from_organisation=cast.hawthorn,
        child=child,
        narrative="Not seen for 12 days; house looks empty.",
        today=today,
    )


def agency_report(la: LocalAuthority, **details: str) -> Notification:
    """Another agency tells ``la`` about a child (a case opens at once)."""
    return notification_submit(
        local_authority=la, kind="agency_report", source="agency", details=details
    )


def ten_day_returns(cast: Cast, n: int) -> None:
    """Hawthorn returns ``n`` ten-day absences of Leo to Lancashire: in its inbox, in no case."""
    for _ in range(n):
        notification_submit(
            local_authority=cast.lancashire,
            kind="ten_day_absence",
            source="school",
            from_organisation=cast.hawthorn,
            submitted_by=cast.bob,
            child=cast.hawthorn_child,
            details={"forename": "Leo", "surname": "Haworth"},
        )


@dataclass
class SweepRecords:
    notification: Notification
    case: Case
    joint: JointEnquiry


def sweep_records(cast: Cast) -> SweepRecords:
    """A Lancashire case about the PRU child (made once per test), for the URL sweep."""
    existing = (
        Notification.objects.filter(
            child=cast.pru_child,
            kind=NotificationKind.CME_REFERRAL,
            case__local_authority=cast.lancashire,
        )
        .select_related("case")
        .first()
    )
    if existing is None:
        existing = school_referral(cast)
    case = existing.case
    assert case is not None
    joint = JointEnquiry.objects.filter(case=case).first() or joint_enquiry_start(
        case=case,
        school=cast.hawthorn,
        child=cast.pru_child,
        ground="I",
        proposed_off_roll_date=None,
        notes="",
        acting_user=cast.charlie,
        today=TODAY,
    )
    return SweepRecords(existing, case, joint)
