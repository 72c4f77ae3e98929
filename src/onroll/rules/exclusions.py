"""Suspensions and permanent exclusions: the review state machine, its deadlines, day-6
provision, the 45-day suspension cap, board-meeting triggers and when the excluding school
may delete the pupil under ground O.

Every deadline counts school days on the school's
:class:`~onroll.rules.school_calendar.SchoolCalendar`. "Within N school days of X" is read as
"by the end of the N-th school day after X" (X itself is not counted):
``calendar.add_school_days(x, n)``.

Source: School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012; DfE
*Suspension and permanent exclusion* guidance (Aug 2024); domain.md §7; the Stepping Stones
CME procedure (seed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from onroll.rules.catalogue import rule
from onroll.rules.school_calendar import SchoolCalendar

__all__ = [
    "BOARD_REVIEW_SCHOOL_DAYS",
    "IRP_APPLICATION_SCHOOL_DAYS",
    "IRP_HEARING_SCHOOL_DAYS",
    "MAX_SUSPENSION_SCHOOL_DAYS_PER_YEAR",
    "RECONSIDERATION_SCHOOL_DAYS",
    "STATE_DEADLINE_SCHOOL_DAYS",
    "TRANSITIONS",
    "BoardMeeting",
    "Day6Provision",
    "ExclusionKind",
    "GroundOEligibility",
    "IrpOutcome",
    "ProvisionDuty",
    "ReviewEnd",
    "ReviewEndEvent",
    "ReviewEvent",
    "ReviewFacts",
    "ReviewStage",
    "ReviewState",
    "SuspensionCheck",
    "allowed_events",
    "board_meeting_required",
    "board_review_deadline",
    "day6_provision",
    "ground_o_eligibility",
    "irp_application_deadline",
    "irp_hearing_deadline",
    "long_date",
    "reconsideration_deadline",
    "review_event_date_refusal",
    "review_process_end",
    "review_stage",
    "state_deadline",
    "suspension_total_check",
    "transition",
]

BOARD_REVIEW_SCHOOL_DAYS = 15
IRP_APPLICATION_SCHOOL_DAYS = 15
IRP_HEARING_SCHOOL_DAYS = 15
RECONSIDERATION_SCHOOL_DAYS = 10
MAX_SUSPENSION_SCHOOL_DAYS_PER_YEAR = 45
REPRESENTATIONS_MEETING_SCHOOL_DAYS = 50
DAY_SIX = 6


class ExclusionKind(StrEnum):
    SUSPENSION = "suspension"
    PERMANENT = "permanent"


class ProvisionDuty(StrEnum):
    """Who must arrange full-time education from the sixth school day."""

    SCHOOL = "school"  # the school's governing board (management committee for a PRU)
    LOCAL_AUTHORITY = "local_authority"


class ReviewState(StrEnum):
    """Stages of a permanent-exclusion review (domain.md §7.4 'engine states')."""

    EXCLUDED = "excluded"  # head teacher has permanently excluded; board not yet notified
    BOARD_PENDING = "board_pending"  # board must consider reinstatement within 15 school days
    REINSTATED = "reinstated"  # final: pupil returns, no deletion
    IRP_WINDOW = "irp_window"  # board declined; parent has 15 school days to apply to an IRP
    IRP_PENDING = "irp_pending"  # IRP hearing within 15 school days of the application
    RECONSIDERATION_PENDING = "reconsideration_pending"  # board reconsiders within 10
    PROCESS_ENDED = "process_ended"  # final: review over, exclusion stands


class ReviewEvent(StrEnum):
    BOARD_NOTIFIED = "board_notified"
    BOARD_REINSTATED = "board_reinstated"
    BOARD_DECLINED = "board_declined"
    IRP_APPLIED = "irp_applied"
    IRP_WINDOW_EXPIRED = "irp_window_expired"
    PARENT_WAIVED_IRP_IN_WRITING = "parent_waived_irp_in_writing"
    IRP_UPHELD = "irp_upheld"
    IRP_RECOMMENDED_RECONSIDERATION = "irp_recommended_reconsideration"
    IRP_QUASHED = "irp_quashed"
    RECONSIDERED_REINSTATED = "reconsidered_reinstated"
    RECONSIDERED_DECLINED = "reconsidered_declined"


#: The only allowed transitions of a permanent-exclusion review: (state, event) -> new state.
TRANSITIONS: dict[tuple[ReviewState, ReviewEvent], ReviewState] = {
    (ReviewState.EXCLUDED, ReviewEvent.BOARD_NOTIFIED): ReviewState.BOARD_PENDING,
    (ReviewState.BOARD_PENDING, ReviewEvent.BOARD_REINSTATED): ReviewState.REINSTATED,
    (ReviewState.BOARD_PENDING, ReviewEvent.BOARD_DECLINED): ReviewState.IRP_WINDOW,
    (ReviewState.IRP_WINDOW, ReviewEvent.IRP_APPLIED): ReviewState.IRP_PENDING,
    (ReviewState.IRP_WINDOW, ReviewEvent.IRP_WINDOW_EXPIRED): ReviewState.PROCESS_ENDED,
    (ReviewState.IRP_WINDOW, ReviewEvent.PARENT_WAIVED_IRP_IN_WRITING): ReviewState.PROCESS_ENDED,
    (ReviewState.IRP_PENDING, ReviewEvent.IRP_UPHELD): ReviewState.PROCESS_ENDED,
    (
        ReviewState.IRP_PENDING,
        ReviewEvent.IRP_RECOMMENDED_RECONSIDERATION,
    ): ReviewState.RECONSIDERATION_PENDING,
    (ReviewState.IRP_PENDING, ReviewEvent.IRP_QUASHED): ReviewState.RECONSIDERATION_PENDING,
    (
        ReviewState.RECONSIDERATION_PENDING,
        ReviewEvent.RECONSIDERED_REINSTATED,
    ): ReviewState.REINSTATED,
    (
        ReviewState.RECONSIDERATION_PENDING,
        ReviewEvent.RECONSIDERED_DECLINED,
    ): ReviewState.PROCESS_ENDED,
}


@rule(
    id="R-EXC-STATE",
    title="Permanent-exclusion review: allowed transitions",
    source="Exclusions Regs 2012; DfE exclusion guidance Aug 2024 parts 8, 9 and 11; "
    "domain.md §7.3-§7.4",
    example="board_pending + board_declined -> irp_window; irp_window + irp_upheld is refused "
    "(no IRP has been applied for).",
)
def transition(state: ReviewState, event: ReviewEvent) -> ReviewState:
    """A permanent-exclusion review moves only along the transitions in ``TRANSITIONS``:
    excluded → board review → reinstated, or (board declines) → IRP window → process ended
    (window expired or written waiver) or IRP pending → process ended (upheld) or
    reconsideration → reinstated / process ended. Any other move is refused with
    ``ValueError``.

    Source: Exclusions Regs 2012; DfE exclusion guidance (Aug 2024) parts 8, 9, 11;
    domain.md §7.4.
    """
    try:
        return TRANSITIONS[(ReviewState(state), ReviewEvent(event))]
    except KeyError:
        allowed = ", ".join(e.value for e in allowed_events(state)) or "none (final state)"
        raise ValueError(
            f"a review in state '{ReviewState(state).value}' cannot take event "
            f"'{ReviewEvent(event).value}'; allowed: {allowed}"
        ) from None


def allowed_events(state: ReviewState) -> tuple[ReviewEvent, ...]:
    """The events a review in ``state`` may take, in table order (empty when final)."""
    return tuple(event for (from_state, event) in TRANSITIONS if from_state == state)


# ----------------------------------------------------------------------------- deadlines


def long_date(day: date) -> str:
    """A date as the pages and messages write it: "Monday 21 December 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


@rule(
    id="R-EXC-GB",
    title="Governing board considers reinstatement within 15 school days",
    source="Exclusions Regs 2012 reg 24 (maintained schools; PRU management committee "
    "likewise); DfE exclusion guidance Aug 2024; domain.md §7.3",
    example="Notice received Mon 3 Nov 2025 (no closures): the board must meet by Mon 24 Nov 2025.",
)
def board_review_deadline(calendar: SchoolCalendar, notice_received_on: date) -> date:
    """The governing board must consider reinstatement no later than the 15th school day
    after it received notice of the exclusion.

    Source: Exclusions Regs 2012 reg 24; domain.md §7.3.
    """
    return calendar.add_school_days(notice_received_on, BOARD_REVIEW_SCHOOL_DAYS)


@rule(
    id="R-EXC-IRP",
    title="IRP application window: 15 school days",
    source="Exclusions Regs 2012; DfE exclusion guidance Aug 2024 part 9; domain.md §7.3",
    example="Parent notified of the board's decision Mon 1 Dec 2025: an application must be "
    "made by the 15th school day after it.",
    assumption="Timings from secondary sources (S39, S40); exact 2024 paragraph numbers "
    "UNCONFIRMED (domain.md §13 item 7).",
)
def irp_application_deadline(calendar: SchoolCalendar, parent_notified_on: date) -> date:
    """A parent may apply for an independent review panel (IRP) up to the 15th school day
    after being notified of the governing board's decision not to reinstate.

    Source: DfE exclusion guidance (Aug 2024) part 9; domain.md §7.3.
    """
    return calendar.add_school_days(parent_notified_on, IRP_APPLICATION_SCHOOL_DAYS)


@rule(
    id="R-EXC-IRP-HEAR",
    title="IRP hearing within 15 school days of the application",
    source="Exclusions Regs 2012; DfE exclusion guidance Aug 2024 part 9; domain.md §7.3",
    example="Application made Wed 3 Dec 2025: the panel must meet by the 15th school day after it.",
    assumption="Secondary source only (S39); exact 2024 wording UNCONFIRMED.",
)
def irp_hearing_deadline(calendar: SchoolCalendar, applied_on: date) -> date:
    """The IRP (arranged by the LA for a maintained school or PRU) must meet no later than
    the 15th school day after the parent's application.

    Source: DfE exclusion guidance (Aug 2024) part 9; domain.md §7.3.
    """
    return calendar.add_school_days(applied_on, IRP_HEARING_SCHOOL_DAYS)


@rule(
    id="R-EXC-RECON",
    title="Board reconsiders within 10 school days of the IRP decision",
    source="DfE exclusion guidance Aug 2024 part 11; domain.md §7.3",
    example="Board told of an IRP 'quash' on Mon 5 Jan 2026: it must reconsider by "
    "Mon 19 Jan 2026 (no closures).",
    assumption="Secondary source only (S41); exact 2024 wording UNCONFIRMED.",
)
def reconsideration_deadline(calendar: SchoolCalendar, irp_decision_notified_on: date) -> date:
    """When the IRP recommends or directs reconsideration, the governing board must
    reconsider no later than the 10th school day after it is notified of the IRP decision.

    Source: DfE exclusion guidance (Aug 2024) part 11; domain.md §7.3.
    """
    return calendar.add_school_days(irp_decision_notified_on, RECONSIDERATION_SCHOOL_DAYS)


#: How long each waiting state may last, in school days after the day it began.
STATE_DEADLINE_SCHOOL_DAYS: dict[ReviewState, int] = {
    ReviewState.BOARD_PENDING: BOARD_REVIEW_SCHOOL_DAYS,
    ReviewState.IRP_WINDOW: IRP_APPLICATION_SCHOOL_DAYS,
    ReviewState.IRP_PENDING: IRP_HEARING_SCHOOL_DAYS,
    ReviewState.RECONSIDERATION_PENDING: RECONSIDERATION_SCHOOL_DAYS,
}


def state_deadline(state: ReviewState, began_on: date, *, calendar: SchoolCalendar) -> date | None:
    """The deadline of a review waiting in ``state`` since ``began_on`` (board notified,
    parent notified of the board's decision, IRP application, IRP decision notified), using
    the rules above; ``None`` for states with no deadline (excluded, reinstated, ended)."""
    days = STATE_DEADLINE_SCHOOL_DAYS.get(ReviewState(state))
    return None if days is None else calendar.add_school_days(began_on, days)


# ----------------------------------------------------------------------------- end of process


class IrpOutcome(StrEnum):
    UPHELD = "upheld"
    RECOMMENDED_RECONSIDERATION = "recommended_reconsideration"
    QUASHED = "quashed"


class ReviewEndEvent(StrEnum):
    """The four events that end a permanent-exclusion review (domain.md §7.4)."""

    IRP_WINDOW_EXPIRED = "irp_window_expired"
    PARENT_WAIVED_IRP_IN_WRITING = "parent_waived_irp_in_writing"
    IRP_UPHELD = "irp_upheld"
    RECONSIDERED_DECLINED = "reconsidered_declined"


@dataclass(frozen=True)
class ReviewFacts:
    """What is recorded about one permanent-exclusion review (``None`` = not happened)."""

    board_declined_to_reinstate: bool = False
    parent_notified_of_board_decision_on: date | None = None
    reinstated: bool = False
    parent_waived_irp_in_writing_on: date | None = None
    irp_applied_on: date | None = None
    irp_outcome: IrpOutcome | None = None
    irp_decision_on: date | None = None
    reconsidered_declined_on: date | None = None


@dataclass(frozen=True)
class ReviewEnd:
    event: ReviewEndEvent
    ended_on: date


@rule(
    id="R-EXC-END",
    title="When the permanent-exclusion review process has ended",
    source="DfE exclusion guidance Aug 2024 (parts 8-11, via S42); 2006 Regs reg 6 footnote; "
    "domain.md §7.4",
    example="Board declined, parent notified Mon 1 Dec 2025, no IRP application: the process "
    "ends when the 15th school day after 1 Dec has passed; a written waiver on 3 Dec ends it "
    "on 3 Dec instead.",
    assumption="Exact 2024 ground O 'process ended' wording UNCONFIRMED (domain.md §13 item 1); "
    "the window is treated as passed from the day after its 15th school day.",
)
def review_process_end(
    review: ReviewFacts, *, calendar: SchoolCalendar, today: date
) -> ReviewEnd | None:
    """The review has ended on the first of: (1) the board declined to reinstate and 15
    school days have passed since the parent was notified with no IRP application; (2) the
    parent said in writing that no IRP application will be made; (3) the IRP upheld the
    decision; (4) after an IRP recommendation or quash, the board reconsidered and still
    declined to reinstate. Returns ``None`` while the process is still running (or when the
    pupil was reinstated). Only events on or before ``today`` count.

    Source: DfE exclusion guidance (Aug 2024); domain.md §7.4.
    """
    if review.reinstated or not review.board_declined_to_reinstate:
        return None
    candidates: list[ReviewEnd] = []
    notified = review.parent_notified_of_board_decision_on
    if notified is not None:
        window_closes = irp_application_deadline(calendar, notified)
        applied_in_time = review.irp_applied_on is not None and review.irp_applied_on <= (
            window_closes
        )
        if not applied_in_time and today > window_closes:
            candidates.append(ReviewEnd(ReviewEndEvent.IRP_WINDOW_EXPIRED, window_closes))
    waived = review.parent_waived_irp_in_writing_on
    if waived is not None and review.irp_applied_on is None:
        candidates.append(ReviewEnd(ReviewEndEvent.PARENT_WAIVED_IRP_IN_WRITING, waived))
    if review.irp_outcome is IrpOutcome.UPHELD and review.irp_decision_on is not None:
        candidates.append(ReviewEnd(ReviewEndEvent.IRP_UPHELD, review.irp_decision_on))
    if review.reconsidered_declined_on is not None and review.irp_outcome in (
        IrpOutcome.RECOMMENDED_RECONSIDERATION,
        IrpOutcome.QUASHED,
    ):
        candidates.append(
            ReviewEnd(ReviewEndEvent.RECONSIDERED_DECLINED, review.reconsidered_declined_on)
        )
    current = [c for c in candidates if c.ended_on <= today]
    if not current:
        return None
    return min(current, key=lambda c: c.ended_on)


@rule(
    id="R-EXC-DATES",
    title="Review and IRP steps only within their windows",
    source="DfE exclusion guidance Aug 2024 part 9 (via S39, S40); domain.md §7.3, §7.4",
    example="Parent notified of the board's decision Mon 30 Nov 2026 (no closures): 'the 15 "
    "school days to apply to an IRP passed' dated Mon 21 Dec 2026 (the 15th school day) or "
    "earlier is refused, naming the deadline; dated Tue 22 Dec it is accepted. An IRP "
    "application dated 21 Dec is accepted; dated 22 Dec it is out of time and refused.",
    assumption="The window is passed from the day after its 15th school day (as R-EXC-END). "
    "Late board meetings, IRP hearings and reconsiderations are duties of the board or the LA "
    "whose decision still stands when late: not refused. A calendar that does not reach the "
    "deadline refuses both steps until it is extended.",
)
def review_event_date_refusal(
    event: ReviewEvent,
    *,
    state_since: date,
    occurred_on: date,
    calendar: SchoolCalendar,
) -> str | None:
    """A review step is refused when its date cannot be true: the step "the 15 school days to
    apply to an IRP passed" cannot be dated on or before the 15th school day after the
    parent was notified of the board's decision (``state_since`` of the IRP window), and an
    IRP application cannot be dated after it (an application out of time does not reopen
    the review). The refusal names the deadline on the school's calendar; ``None`` when the
    date is possible.

    Source: DfE exclusion guidance (Aug 2024) part 9; domain.md §7.3, §7.4.
    """
    event = ReviewEvent(event)
    if event not in (ReviewEvent.IRP_WINDOW_EXPIRED, ReviewEvent.IRP_APPLIED):
        return None
    try:
        deadline = irp_application_deadline(calendar, state_since)
    except ValueError:
        return (
            "The school's calendar does not reach the end of the 15 school days to apply for "
            "an independent review: add the next term's dates first."
        )
    window = (
        f"The {IRP_APPLICATION_SCHOOL_DAYS} school days to apply for an independent review "
        f"end on {long_date(deadline)}"
    )
    if event is ReviewEvent.IRP_WINDOW_EXPIRED and occurred_on <= deadline:
        return f"{window}: this step cannot be dated on or before then."
    if event is ReviewEvent.IRP_APPLIED and occurred_on > deadline:
        return (
            f"{window}: an application dated after then is out of time; record that the "
            f"{IRP_APPLICATION_SCHOOL_DAYS} school days passed instead."
        )
    return None


@dataclass(frozen=True)
class ReviewStage:
    """Where a review stands, as every page shows it: one fact for the stage, since when,
    its deadline and the day the process ended."""

    state: ReviewState
    since: date
    deadline: date | None
    ended_on: date | None


@rule(
    id="R-EXC-STAGE",
    title="The review's stage and its end are read from one fact",
    source="domain.md §7.4 (the four end events); R-EXC-END",
    example="A window recorded as passed before its deadline shows as the IRP window, not "
    "ended; a window that passed with nothing recorded shows as ended on its 15th school day.",
)
def review_stage(
    recorded_state: ReviewState,
    recorded_since: date,
    review: ReviewFacts,
    *,
    calendar: SchoolCalendar,
    today: date,
) -> ReviewStage:
    """The review has ended exactly when ``review_process_end`` says so, and then its stage
    is "process ended" since that day; otherwise the recorded stage stands, except that a
    stage recorded as ended which no end event supports (a window recorded as passed before
    its deadline) is still the IRP window. The deadline is that stage's (``state_deadline``),
    ``None`` when the calendar does not reach it.

    Source: domain.md §7.4.
    """
    end = review_process_end(review, calendar=calendar, today=today)
    if end is not None:
        return ReviewStage(ReviewState.PROCESS_ENDED, end.ended_on, None, end.ended_on)
    state, since = ReviewState(recorded_state), recorded_since
    if state is ReviewState.PROCESS_ENDED:
        state = ReviewState.IRP_WINDOW
        since = review.parent_notified_of_board_decision_on or recorded_since
    try:
        deadline = state_deadline(state, since, calendar=calendar)
    except ValueError:
        deadline = None
    return ReviewStage(state, since, deadline, None)


@dataclass(frozen=True)
class GroundOEligibility:
    eligible: bool
    review_end: ReviewEnd | None
    unmet: tuple[str, ...]


@rule(
    id="R-EXC-PAT",
    title="Mainstream school keeps a PEX pupil on roll until the review ends and PAT directs "
    "removal",
    source="Stepping Stones CME procedure (seed); domain.md §7.4",
    example="IRP upheld on 10 Dec 2025 but the Pupil Access Team has not yet directed removal: "
    "the mainstream school must keep the pupil on roll.",
    configurable="Whether the LA's Pupil Access Team direction is required "
    "(require_pat_direction, default True: Lancashire practice from the seed).",
)
def ground_o_eligibility(
    review: ReviewFacts,
    *,
    calendar: SchoolCalendar,
    today: date,
    pupil_access_team_directed_removal: bool,
    require_pat_direction: bool = True,
) -> GroundOEligibility:
    """The excluding (mainstream) school may delete a permanently excluded pupil under ground
    O only when the review process has ended (the first of the four end events) and — the
    Lancashire rule in the seed — the LA's Pupil Access Team has directed removal. Until
    then the pupil stays on the excluding school's roll.

    Source: Stepping Stones CME procedure (seed); domain.md §7.4.
    """
    unmet: list[str] = []
    if review.reinstated:
        unmet.append("The pupil has been reinstated, so the exclusion no longer stands.")
    end = review_process_end(review, calendar=calendar, today=today)
    if end is None and not review.reinstated:
        unmet.append(
            "The exclusion review process has not ended: none of the four end events "
            "(IRP window expired, written waiver, IRP upheld, board declined on "
            "reconsideration) has happened yet."
        )
    if require_pat_direction and not pupil_access_team_directed_removal:
        unmet.append(
            "The LA's Pupil Access Team has not directed removal from the mainstream roll."
        )
    return GroundOEligibility(eligible=not unmet, review_end=end, unmet=tuple(unmet))


# ----------------------------------------------------------------------------- day 6


@dataclass(frozen=True)
class Day6Provision:
    owed_by: ProvisionDuty
    from_date: date
    note: str


@rule(
    id="R-EXC-D6",
    title="Day-6 provision: school for suspensions, LA for permanent exclusions",
    source="DfE suspension and permanent exclusion guidance (Aug 2024); domain.md §7.2 "
    "(S37; East Riding SENDIASS)",
    example="Permanent exclusion starting Thu 6 Nov 2025 (no closures): the LA must provide "
    "full-time education from Thu 13 Nov 2025.",
    assumption="Secondary sources only (domain.md §7.2). Day-1 provision for looked-after "
    "children is local practice, UNCONFIRMED nationally: only noted, not enforced.",
)
def day6_provision(
    kind: ExclusionKind,
    first_day_of_exclusion: date,
    *,
    calendar: SchoolCalendar,
    looked_after: bool = False,
) -> Day6Provision:
    """From the sixth school day of an exclusion the pupil must receive suitable full-time
    education: for a suspension the school (governing board) arranges it; for a permanent
    exclusion the local authority does. Day 6 is ``calendar.nth_school_day(first day, 6)``.

    Source: DfE exclusion guidance (Aug 2024); domain.md §7.2.
    """
    kind = ExclusionKind(kind)
    owed_by = (
        ProvisionDuty.SCHOOL
        if kind is ExclusionKind.SUSPENSION
        else (ProvisionDuty.LOCAL_AUTHORITY)
    )
    note = (
        "Looked-after child: guidance expects provision from day 1 where possible."
        if looked_after
        else ""
    )
    return Day6Provision(
        owed_by=owed_by,
        from_date=calendar.nth_school_day(first_day_of_exclusion, DAY_SIX),
        note=note,
    )


# ----------------------------------------------------------------------------- suspensions


@dataclass(frozen=True)
class SuspensionCheck:
    allowed: bool
    total_after: int
    remaining: int
    reason: str


@rule(
    id="R-EXC-45",
    title="Suspensions total at most 45 school days in a school year",
    source="DfE suspension and permanent exclusion guidance (Aug 2024); domain.md §7.1",
    example="30 days already, 15 more proposed -> 45, allowed; 16 more -> 46, refused.",
    assumption="Secondary source only (domain.md §7.1).",
)
def suspension_total_check(days_already_this_year: int, proposed_days: int) -> SuspensionCheck:
    """A pupil may be suspended for at most 45 school days in total in one school year; a
    suspension that would take the total past 45 is refused.

    Source: DfE exclusion guidance (Aug 2024); domain.md §7.1.
    """
    if days_already_this_year < 0 or proposed_days < 1:
        raise ValueError("days already suspended must be >= 0 and the proposal >= 1 day")
    total = days_already_this_year + proposed_days
    allowed = total <= MAX_SUSPENSION_SCHOOL_DAYS_PER_YEAR
    reason = (
        f"Total {total} of {MAX_SUSPENSION_SCHOOL_DAYS_PER_YEAR} school days this year."
        if allowed
        else f"Total would be {total} school days, over the maximum of "
        f"{MAX_SUSPENSION_SCHOOL_DAYS_PER_YEAR} in a school year."
    )
    return SuspensionCheck(
        allowed=allowed,
        total_after=total,
        remaining=max(0, MAX_SUSPENSION_SCHOOL_DAYS_PER_YEAR - total),
        reason=reason,
    )


@dataclass(frozen=True)
class BoardMeeting:
    required: bool
    within_school_days: int | None
    deadline: date | None
    reasons: tuple[str, ...]


@rule(
    id="R-EXC-MEET",
    title="When the governing board must meet about an exclusion",
    source="Exclusions Regs 2012 reg 24; domain.md §7.3 (S43 for the 50-day case)",
    example="Suspensions totalling 16 school days this term: meeting within 15 school days; "
    "totalling 8 with parental representations: within 50 school days; 5: no meeting.",
    assumption="The 50-school-day meeting for 5-15 day totals is from a secondary source (S43).",
)
def board_meeting_required(
    kind: ExclusionKind,
    *,
    notice_received_on: date,
    calendar: SchoolCalendar,
    suspension_days_this_term: int = 0,
    misses_public_exam: bool = False,
    parent_made_representations: bool = False,
) -> BoardMeeting:
    """The governing board must consider reinstatement within 15 school days for every
    permanent exclusion, for suspensions taking the pupil's total over 15 school days in a
    term, and for any exclusion that makes the pupil miss a public exam or national
    curriculum test; for a term total over 5 and up to 15 days it must meet within 50
    school days only if the parent makes representations; otherwise no meeting is required.

    Source: Exclusions Regs 2012 reg 24; domain.md §7.3.
    """
    reasons: list[str] = []
    if ExclusionKind(kind) is ExclusionKind.PERMANENT:
        reasons.append("Every permanent exclusion must be reviewed by the board.")
    elif suspension_days_this_term > BOARD_REVIEW_SCHOOL_DAYS:
        reasons.append(
            f"Suspensions total {suspension_days_this_term} school days this term "
            f"(more than {BOARD_REVIEW_SCHOOL_DAYS})."
        )
    if misses_public_exam:
        reasons.append(
            "The exclusion makes the pupil miss a public exam or national curriculum test "
            "(meet before the exam where practicable)."
        )
    if reasons:
        return BoardMeeting(
            required=True,
            within_school_days=BOARD_REVIEW_SCHOOL_DAYS,
            deadline=board_review_deadline(calendar, notice_received_on),
            reasons=tuple(reasons),
        )
    if suspension_days_this_term > 5 and parent_made_representations:
        return BoardMeeting(
            required=True,
            within_school_days=REPRESENTATIONS_MEETING_SCHOOL_DAYS,
            deadline=calendar.add_school_days(
                notice_received_on, REPRESENTATIONS_MEETING_SCHOOL_DAYS
            ),
            reasons=(
                f"Suspensions total {suspension_days_this_term} school days this term and the "
                "parent has made representations.",
            ),
        )
    return BoardMeeting(
        required=False,
        within_school_days=None,
        deadline=None,
        reasons=(
            "No meeting required: the board must consider any representations the parent "
            "makes but need not meet.",
        ),
    )
