"""The school side's one way to the LA's CME team (a port): what a school tells the LA, and the
little it reads back.

The registers app (below ``cases`` in the layers) never imports ``onroll.cases``: it sends
referrals, returns and leaving notices through :func:`la_inbox`, whose implementation the
cases app registers in its ``AppConfig.ready()`` (``onroll.cases.inbox``). The kinds and
sources a school may send are enumerated here; the cases app maps them onto its own
``NotificationKind`` and ``NotificationSource``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from onroll.accounts.models import LocalAuthority, Organisation, User
    from onroll.people.models import Child
    from onroll.schools.models import School


class InboxKind(StrEnum):
    """What a school tells the LA."""

    CME_REFERRAL = "cme_referral"
    CMOOE_REPORT = "cmooe_report"
    NON_PUPIL = "non_pupil"
    DELETION_UNKNOWN_DESTINATION = "deletion_unknown_destination"
    DELETION_RETURN = "deletion_return"
    NEW_PUPIL_RETURN = "new_pupil_return"
    TEN_DAY_ABSENCE = "ten_day_absence"
    SICKNESS_RETURN = "sickness_return"


class InboxSource(StrEnum):
    """Who sends it: the school side sends as a school."""

    SCHOOL = "school"


class Submitted(Protocol):
    """What the LA gives back for a notification: its key and the reference to quote."""

    @property
    def pk(self) -> Any: ...

    @property
    def reference(self) -> str: ...


@dataclass(frozen=True)
class AgreedJointEnquiry:
    """Joint reasonable enquiries (grounds H and I) the school and the LA agreed: a deletion
    may rely on them from ``agreed_off_roll_date`` (not before)."""

    agreed_off_roll_date: date
    whereabouts_established: bool


class LaInbox(Protocol):
    """The operations the school side needs of the LA's CME team."""

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
    ) -> Submitted:
        """Record a notification to ``local_authority`` (it may open or join a case)."""
        ...

    def agreed_joint_enquiry(self, *, school: School, child: Child) -> AgreedJointEnquiry | None:
        """The latest joint enquiry for this pupil at this school with an agreed off-roll
        date, or None."""
        ...

    def uses_onroll(self, *, local_authority: LocalAuthority) -> bool:
        """Whether the LA's CME team works in Onroll: it has at least one active CME officer
        or manager here. Then joint enquiries (grounds H and I) are the ones agreed with it
        in Onroll, never a box the school ticks."""
        ...


_registered: list[LaInbox] = []


def register(inbox: LaInbox) -> None:
    """Install the LA side's implementation (once, from its ``AppConfig.ready()``)."""
    _registered[:] = [inbox]


def la_inbox() -> LaInbox:
    """The LA's inbox; fails loudly when no app provides one."""
    if not _registered:
        raise ImproperlyConfigured("No LA inbox is registered: is onroll.cases installed?")
    return _registered[0]
