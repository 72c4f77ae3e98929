"""The CME case workflow as data: stages, the one transition table, timers, outcomes and the
reasonable-enquiries checklist. ``cases.services.case_transition`` is the only code that moves a
case, and it checks every move against :data:`TRANSITIONS`.

The stage timers and the checklist wording are a local choice (domain.md §6.3: reasonable
enquiries are "not prescribed as a closed list in statute"); they are here, in one place, so
an LA can change them.
"""

from __future__ import annotations

from django.db import models


class CaseStage(models.TextChoices):
    NEW = "new", "New"
    TRIAGE = "triage", "Triage"
    TRACING = "tracing", "Tracing"
    LOCATED = "located", "Located"
    CLOSED = "closed", "Closed"

    @property
    def referrer_label(self) -> str:
        """What a referring school is told about the stage."""
        return {
            "new": "Received by the CME team",
            "triage": "Being checked by the CME team",
            "tracing": "CME team making enquiries",
            "located": "Child found: education being confirmed",
            "closed": "Closed",
        }[self.value]


class Outcome(models.TextChoices):
    ON_ROLL = "on_roll", "On roll at a named school (confirmed)"
    EHE = "ehe", "Elective home education"
    MOVED_LA = "moved_la", "Moved to another local authority"
    MOVED_ABROAD = "moved_abroad", "Moved abroad"
    AP_COLLEGE = "ap_college", "Alternative provision or college"
    NOT_FOUND = "not_found", "Not found after all enquiries (lost pupil)"
    DIED = "died", "Died"
    NOT_CME = "not_cme", "Not missing education"
    MERGED = "merged", "Same child as another case (merged)"


#: The only moves a case can make: (from, to) -> the button's words.
TRANSITIONS: dict[tuple[str, str], str] = {
    (CaseStage.NEW, CaseStage.TRIAGE): "Start triage",
    (CaseStage.NEW, CaseStage.CLOSED): "Close",
    (CaseStage.TRIAGE, CaseStage.TRACING): "Start tracing",
    (CaseStage.TRIAGE, CaseStage.LOCATED): "Child already located",
    (CaseStage.TRIAGE, CaseStage.CLOSED): "Close",
    (CaseStage.TRACING, CaseStage.LOCATED): "Child located",
    (CaseStage.TRACING, CaseStage.CLOSED): "Close",
    (CaseStage.LOCATED, CaseStage.TRACING): "Lost again: resume tracing",
    (CaseStage.LOCATED, CaseStage.CLOSED): "Close",
}

#: Outcomes that may close a case that has not yet been traced (triage decides it is not a
#: CME case, or the same child already has a case).
EARLY_OUTCOMES = frozenset({Outcome.NOT_CME, Outcome.MERGED})

#: School days allowed for each open stage's work, counted on the LA's calendar.
STAGE_SCHOOL_DAYS: dict[str, int] = {
    CaseStage.NEW: 1,
    CaseStage.TRIAGE: 2,
    CaseStage.TRACING: 20,
    CaseStage.LOCATED: 10,
}
#: Tracing allowance for high and urgent priority cases.
URGENT_TRACING_SCHOOL_DAYS = 5


def next_stages(stage: str) -> list[tuple[str, str]]:
    """The stages a case at ``stage`` may move to, with the words for each move."""
    return [(to, words) for (frm, to), words in TRANSITIONS.items() if frm == stage]


def stage_allowance(stage: str, priority: int) -> int | None:
    """School days allowed for ``stage`` (None once closed)."""
    if stage == CaseStage.TRACING and priority >= 3:
        return URGENT_TRACING_SCHOOL_DAYS
    return STAGE_SCHOOL_DAYS.get(stage)


class EnquiryStepKind(models.TextChoices):
    """The reasonable-enquiries checklist (domain.md §6.3 items 1 to 7; item 8 is escalation)."""

    CONTACT_CALLS = "contact_calls", "Called every contact number, including emergency contacts"
    LETTER_EMAIL = "letter_email", "Wrote or emailed to the last known address and contacts"
    HOME_VISIT = "home_visit", "Home visit"
    SIBLINGS_SCHOOLS = "siblings_schools", "Checked brothers' and sisters' schools"
    FRIENDS_STAFF = "friends_staff", "Asked friends, peers and staff"
    SOCIAL_CARE = "social_care", "Checked with children's social care (and any social worker)"
    HEALTH = "health", "Checked with health (school nursing or GP)"
    POLICE = "police", "Checked with the police"
    HOUSING = "housing", "Checked with housing"
    YOUTH_JUSTICE = "youth_justice", "Checked with youth justice and early help"
    OTHER_LAS = "other_las", "Contacted other local authorities where a move is suspected"
    LOST_PUPIL_DATABASE = "lost_pupil_database", "Searched School2School (Lost Pupil Database)"


class EnquiryMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    VISIT = "visit", "Visit"
    SYSTEM = "system", "System search"
    MEETING = "meeting", "Meeting"
    OTHER = "other", "Other"


class EscalationTo(models.TextChoices):
    SOCIAL_CARE = "social_care", "Children's social care"
    POLICE = "police", "Police"


class JointEnquiryOutcome(models.TextChoices):
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown", "Whereabouts still unknown"
    WHEREABOUTS_ESTABLISHED = "whereabouts_established", "Whereabouts established"
