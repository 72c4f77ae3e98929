"""Attendance register codes (2024) and the attendance summary of a run of sessions.

``ATTENDANCE_CODES`` maps every code of the School Attendance (Pupil Registration)
(England) Regulations 2024 to its meaning and statistical category.
``summarise_attendance`` turns the codes of consecutive school sessions (AM then PM of each
day, oldest first) into the measures schools and the LA use: possible and attended
sessions, authorised and unauthorised absences, the attendance rate, persistent and severe
absence, the current and longest runs of unauthorised-absence days (G, N, O) and the number
of sickness sessions. The vectorised engine in ``onroll.analytics`` must give exactly the
same numbers, field for field.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple, SupportsIndex, overload

from onroll.rules.catalogue import rule

__all__ = [
    "ATTENDANCE_CODES",
    "SICKNESS_CODE",
    "UNAUTHORISED_RUN_CODES",
    "AttendanceCategory",
    "AttendanceCode",
    "AttendanceSummary",
    "DayKind",
    "attendance_category",
    "classify_day",
    "current_run",
    "is_persistent_absence",
    "is_severe_absence",
    "longest_run",
    "summarise_attendance",
]


class AttendanceCategory(StrEnum):
    """The statistical category of a register code (compares equal to its string)."""

    PRESENT = "present"
    APPROVED_ACTIVITY = "approved_activity"
    AUTHORISED_ABSENCE = "authorised_absence"
    UNAUTHORISED_ABSENCE = "unauthorised_absence"
    NOT_POSSIBLE = "not_possible"


class AttendanceCode(NamedTuple):
    """One register code: what it means and its statistical category.

    Read it as attributes (``entry.category``), by unpacking (``meaning, category = entry``)
    or by key (``entry["category"]``).
    """

    meaning: str
    category: AttendanceCategory

    @overload
    def __getitem__(self, key: SupportsIndex) -> Any: ...
    @overload
    def __getitem__(self, key: slice) -> tuple[Any, ...]: ...
    @overload
    def __getitem__(self, key: str) -> Any: ...
    def __getitem__(self, key: SupportsIndex | slice | str) -> Any:
        if isinstance(key, str):
            if key not in self._fields:
                raise KeyError(key)
            return getattr(self, key)
        return tuple.__getitem__(self, key)


_P = AttendanceCategory.PRESENT
_AEA = AttendanceCategory.APPROVED_ACTIVITY
_AA = AttendanceCategory.AUTHORISED_ABSENCE
_UA = AttendanceCategory.UNAUTHORISED_ABSENCE
_NPS = AttendanceCategory.NOT_POSSIBLE

ATTENDANCE_CODES: Mapping[str, AttendanceCode] = MappingProxyType(
    {
        # Present (reg 10 table 1)
        "/": AttendanceCode("Present at morning registration", _P),
        "\\": AttendanceCode("Present at afternoon registration", _P),
        "L": AttendanceCode("Late arrival before the register closed", _P),
        # Attending an approved educational activity (reg 10 table 2)
        "K": AttendanceCode(
            "Attending education provision arranged by the local authority "
            "(not at this or another school where registered)",
            _AEA,
        ),
        "V": AttendanceCode("Attending an educational visit or trip", _AEA),
        "P": AttendanceCode("Participating in a supervised sporting activity", _AEA),
        "W": AttendanceCode("Attending work experience", _AEA),
        "B": AttendanceCode("Attending any other approved educational activity", _AEA),
        # Not a possible session at this school
        "D": AttendanceCode(
            "Dual registered: attending another school at which the pupil is registered",
            _NPS,
        ),
        # Authorised absence: leave of absence
        "C1": AttendanceCode(
            "Leave of absence for a regulated performance or regulated employment abroad", _AA
        ),
        "M": AttendanceCode("Leave of absence for a medical or dental appointment", _AA),
        "J1": AttendanceCode(
            "Leave of absence for an interview for employment or admission to another "
            "educational institution",
            _AA,
        ),
        "S": AttendanceCode("Leave of absence for study leave", _AA),
        "X": AttendanceCode(
            "Not required to be in school (pupil not of compulsory school age)", _NPS
        ),
        "C2": AttendanceCode(
            "Leave of absence for a compulsory school age pupil subject to a part-time timetable",
            _AA,
        ),
        "C": AttendanceCode("Leave of absence for exceptional circumstances", _AA),
        # Authorised absence: other
        "T": AttendanceCode(
            "Parent travelling for occupational purposes (Gypsy, Roma, Traveller, "
            "showpeople and similar)",
            _AA,
        ),
        "R": AttendanceCode("Religious observance", _AA),
        "I": AttendanceCode("Illness (not medical or dental appointments)", _AA),
        "E": AttendanceCode(
            "Suspended or permanently excluded and no alternative provision made", _AA
        ),
        # Unable to attend: not a possible session (statistical treatment UNCONFIRMED)
        "Q": AttendanceCode(
            "Unable to attend the school because of a lack of access arrangements", _NPS
        ),
        "Y1": AttendanceCode(
            "Unable to attend: transport normally provided is not available", _NPS
        ),
        "Y2": AttendanceCode("Unable to attend: widespread disruption to travel", _NPS),
        "Y3": AttendanceCode("Unable to attend: part of the school premises closed", _NPS),
        "Y4": AttendanceCode("Unable to attend: whole school site unexpectedly closed", _NPS),
        "Y5": AttendanceCode("Unable to attend: in criminal justice detention", _NPS),
        "Y6": AttendanceCode(
            "Unable to attend: in accordance with public health guidance or law", _NPS
        ),
        "Y7": AttendanceCode("Unable to attend: any other unavoidable cause", _NPS),
        # Unauthorised absence
        "G": AttendanceCode("Holiday not granted by the school (or beyond leave granted)", _UA),
        "N": AttendanceCode(
            "Reason for absence not yet established (to be replaced within 5 school days)", _UA
        ),
        "O": AttendanceCode("Absent in other or unknown circumstances", _UA),
        "U": AttendanceCode("Arrived in school after the register closed", _UA),
        # Administrative
        "Z": AttendanceCode("Prospective pupil not on the admission register", _NPS),
        "#": AttendanceCode("Planned whole or partial school closure", _NPS),
    }
)
"""Every 2024 register code → ``AttendanceCode(meaning, category)``. Source: Regs 2024
reg 10 tables 1-2 and DfE code guidance; domain.md §5."""

UNAUTHORISED_RUN_CODES: frozenset[str] = frozenset({"G", "N", "O"})
"""Codes that continue a run of unauthorised-absence days (deletion ground I)."""

SICKNESS_CODE = "I"


class DayKind(StrEnum):
    """How one school day counts towards a run of unauthorised-absence days."""

    ABSENT = "absent"
    NEUTRAL = "neutral"
    BREAKING = "breaking"


@rule(
    id="R-ATT-CODE",
    title="Statistical category of a register code",
    source="Regs 2024 reg 10 tables 1-2; DfE attendance code guidance; domain.md §5",
    example="'/' is present; 'K' approved activity; 'I' authorised absence; 'N' unauthorised "
    "absence; 'D', 'X', 'Q', 'Y1'-'Y7', 'Z', '#' are not possible sessions.",
    assumption="Q and Y1-Y7 are treated as not possible sessions and their Y5-Y7 meanings "
    "are from background knowledge (domain.md §5 and §13 item 4 mark them UNCONFIRMED).",
)
def attendance_category(code: str) -> AttendanceCategory:
    """Every register code belongs to exactly one statistical category: present, approved
    educational activity (both count as attendance), authorised absence, unauthorised
    absence, or not a possible session (left out of both sides of the attendance rate).

    An unknown code raises ``ValueError`` naming it. Source: Regs 2024 reg 10; domain.md §5.
    """
    try:
        return ATTENDANCE_CODES[code].category
    except (KeyError, TypeError):
        raise ValueError(f"unknown attendance code {code!r}") from None


@rule(
    id="R-PA",
    title="Persistent absence",
    source="DfE attendance statistics (Explore Education Statistics glossary); WTISA; "
    "domain.md §5.1",
    example="10 absences in 100 possible sessions is persistent absence; 9 is not.",
)
def is_persistent_absence(absences: int, possible: int) -> bool:
    """A pupil is persistently absent when they have missed 10% or more of their possible
    sessions, counting every absence, authorised (illness included) or not. With no
    possible sessions nobody is persistently absent.

    Compared in whole numbers (10 x absences >= possible), so there is no rounding.
    Source: DfE statistics glossary; WTISA; domain.md §5.1.
    """
    return possible > 0 and absences * 10 >= possible


@rule(
    id="R-SA",
    title="Severe absence",
    source="WTISA; DfE attendance statistics; domain.md §5.1",
    example="50 absences in 100 possible sessions is severe absence; 49 is not.",
)
def is_severe_absence(absences: int, possible: int) -> bool:
    """A pupil is severely absent when they have missed 50% or more of their possible
    sessions (every absence counts). With no possible sessions nobody is severely absent.

    Compared in whole numbers (2 x absences >= possible). Source: WTISA; domain.md §5.1.
    """
    return possible > 0 and absences * 2 >= possible


@rule(
    id="R-ATT-DAY",
    title="Absent, neutral and breaking days for runs of unauthorised absence",
    source="Regs 2024 reg 9(1)(i) (every session in the period coded G, N or O; via S9); "
    "architecture note (summarise_attendance); domain.md §3 ground I",
    example="G+N is absent; #+# (or D+X) is neutral; N+I, N+/ and N+U are breaking; N+# is "
    "absent (the one possible session is N).",
)
def classify_day(
    am: str | None, pm: str | None, run_codes: Collection[str] = UNAUTHORISED_RUN_CODES
) -> DayKind:
    """A school day is *absent* when it has at least one possible session and every possible
    session is coded G, N or O; *neutral* when neither session is possible (so it neither
    counts towards nor breaks a run); otherwise it *breaks* a run.

    A missing session (``None``) is treated like a not-possible one. ``run_codes`` lets the
    10-day return count U as well (see R-ATT-10). Source: Regs 2024 reg 9(1)(i); domain.md
    §3.
    """
    possible = [
        code for code in (am, pm) if code is not None and attendance_category(code) is not _NPS
    ]
    if not possible:
        return DayKind.NEUTRAL
    if all(code in run_codes for code in possible):
        return DayKind.ABSENT
    return DayKind.BREAKING


def current_run(kinds: Sequence[DayKind]) -> int:
    """Absent days counted back from the newest day, skipping neutral days, up to the first
    breaking day."""
    run = 0
    for kind in reversed(kinds):
        if kind is DayKind.BREAKING:
            break
        if kind is DayKind.ABSENT:
            run += 1
    return run


def longest_run(kinds: Sequence[DayKind]) -> int:
    """The longest run of absent days anywhere (neutral days skipped, breaking days end it)."""
    best = run = 0
    for kind in kinds:
        if kind is DayKind.BREAKING:
            run = 0
        elif kind is DayKind.ABSENT:
            run += 1
            best = max(best, run)
    return best


@dataclass(frozen=True)
class AttendanceSummary:
    """The attendance measures of one pupil over a run of sessions (see
    :func:`summarise_attendance`). The vectorised engine derives its output columns from
    these fields, so their names and order are part of the stable interface."""

    possible_sessions: int
    attended_sessions: int
    authorised_absences: int
    unauthorised_absences: int
    attendance_rate: float | None
    persistent_absence: bool
    severe_absence: bool
    current_unauthorised_run_days: int
    longest_unauthorised_run_days: int
    sickness_sessions: int


@rule(
    id="R-ATT-SUM",
    title="Attendance summary: possible sessions, attendance rate, absences and runs",
    source="DfE attendance statistics methodology; Regs 2024 reg 10; domain.md §5 and §5.1; "
    "architecture note (summarise_attendance)",
    example="Days (/ and \\), (N and N), (# and #), (I and I): possible 6, attended 2, "
    "authorised 2, unauthorised 2, rate 1/3, persistent and severe absence (4 of 6 missed), "
    "current run 0 (the I day breaks it), longest run 1, sickness sessions 2.",
)
def summarise_attendance(sessions: Sequence[str]) -> AttendanceSummary:
    """The attendance rate is attended sessions (present or approved educational activity)
    divided by possible sessions (every session except the not-possible codes D, X, Q,
    Y1-Y7, Z and #); absences are authorised plus unauthorised sessions; persistent and
    severe absence are absences of at least 10% and 50% of possible sessions; the current
    and longest runs count absent days (every possible session G, N or O), skipping neutral
    days (no possible session) and ending at any other day.

    ``sessions`` are the codes of consecutive school sessions, AM then PM of each day,
    oldest first. An odd number of sessions or an unknown code raises ``ValueError`` naming
    it; a plain string is refused with ``TypeError`` (pass a list of codes). With no possible
    sessions the rate is ``None`` and neither persistent nor severe absence applies.
    Source: DfE attendance statistics methodology; domain.md §5.1.
    """
    if isinstance(sessions, str):
        raise TypeError("sessions must be a sequence of codes such as ['/', '\\\\'], not a str")
    codes = list(sessions)
    if len(codes) % 2:
        raise ValueError(
            f"an odd number of sessions ({len(codes)}): sessions must be AM then PM of each day"
        )
    counts = dict.fromkeys(AttendanceCategory, 0)
    sickness = 0
    for position, code in enumerate(codes, start=1):
        entry = ATTENDANCE_CODES.get(code) if isinstance(code, str) else None
        if entry is None:
            raise ValueError(f"unknown attendance code {code!r} at session {position}")
        counts[entry.category] += 1
        if code == SICKNESS_CODE:
            sickness += 1
    kinds = [classify_day(codes[i], codes[i + 1]) for i in range(0, len(codes), 2)]
    possible = len(codes) - counts[_NPS]
    attended = counts[_P] + counts[_AEA]
    absences = counts[_AA] + counts[_UA]
    return AttendanceSummary(
        possible_sessions=possible,
        attended_sessions=attended,
        authorised_absences=counts[_AA],
        unauthorised_absences=counts[_UA],
        attendance_rate=attended / possible if possible else None,
        persistent_absence=is_persistent_absence(absences, possible),
        severe_absence=is_severe_absence(absences, possible),
        current_unauthorised_run_days=current_run(kinds),
        longest_unauthorised_run_days=longest_run(kinds),
        sickness_sessions=sickness,
    )
