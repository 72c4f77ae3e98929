"""The LA's side of ``onroll.core.la_inbox``: what schools send arrives here as notifications.

Registered in :class:`onroll.cases.apps.CasesConfig.ready`. The port's kinds and sources map
one to one onto :class:`NotificationKind` and :class:`NotificationSource`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from onroll.accounts.selectors import la_has_cme_staff
from onroll.cases.models import Notification, NotificationKind, NotificationSource
from onroll.cases.selectors import agreed_joint_enquiry
from onroll.cases.services import notification_submit
from onroll.cases.workflow import JointEnquiryOutcome
from onroll.core.la_inbox import AgreedJointEnquiry, InboxKind, InboxSource

if TYPE_CHECKING:
    from onroll.accounts.models import LocalAuthority, Organisation, User
    from onroll.people.models import Child
    from onroll.schools.models import School

KINDS: dict[InboxKind, NotificationKind] = {
    InboxKind.CME_REFERRAL: NotificationKind.CME_REFERRAL,
    InboxKind.CMOOE_REPORT: NotificationKind.CMOOE_REPORT,
    InboxKind.NON_PUPIL: NotificationKind.NON_PUPIL,
    InboxKind.DELETION_UNKNOWN_DESTINATION: NotificationKind.DELETION_UNKNOWN_DESTINATION,
    InboxKind.DELETION_RETURN: NotificationKind.DELETION_RETURN,
    InboxKind.NEW_PUPIL_RETURN: NotificationKind.NEW_PUPIL_RETURN,
    InboxKind.TEN_DAY_ABSENCE: NotificationKind.TEN_DAY_ABSENCE,
    InboxKind.SICKNESS_RETURN: NotificationKind.SICKNESS_RETURN,
}
SOURCES: dict[InboxSource, NotificationSource] = {InboxSource.SCHOOL: NotificationSource.SCHOOL}


class CasesInbox:
    """Notifications to the LA's CME team, through ``cases.services.notification_submit``."""

    def submit(
        self,
        *,
        local_authority: LocalAuthority,
        kind: InboxKind,
        source: InboxSource,
        details: dict[str, Any],
        submitted_by: User | None,
        from_organisation: Organisation,
        child: Child | None = None,
        reason: str = "",
        narrative: str = "",
    ) -> Notification:
        return notification_submit(
            local_authority=local_authority,
            kind=KINDS[kind],
            source=SOURCES[source],
            details=details,
            submitted_by=submitted_by,
            from_organisation=from_organisation,
            child=child,
            reason=reason,
            narrative=narrative,
        )

    def agreed_joint_enquiry(self, *, school: School, child: Child) -> AgreedJointEnquiry | None:
        joint = agreed_joint_enquiry(school, child)
        if joint is None or joint.agreed_off_roll_date is None:
            return None
        return AgreedJointEnquiry(
            agreed_off_roll_date=joint.agreed_off_roll_date,
            whereabouts_established=joint.outcome == JointEnquiryOutcome.WHEREABOUTS_ESTABLISHED,
        )

    def uses_onroll(self, *, local_authority: LocalAuthority) -> bool:
        return la_has_cme_staff(local_authority)
