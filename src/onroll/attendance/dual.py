"""The dual-registration coding rule, checked before any mark is saved.

domain.md §5 ("Coding rules relevant to the PRU"): for each session, the school where a
dual-registered pupil is *not* expected records D; the school where the pupil is expected
records the real code; K must not be used when the provision is at another school where the
pupil is registered (that is D). Which school expects the pupil is the ``DualPattern`` either
school keeps (the other school's pattern is read as its complement); when neither school has
one, only the other school's own marks can show where the pupil was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from onroll.attendance.models import DualPattern, Mark
from onroll.registers.models import Registration, RegistrationKind
from onroll.rules.attendance import ATTENDANCE_CODES, AttendanceCategory
from onroll.schools.models import School

_ATTENDED = {AttendanceCategory.PRESENT, AttendanceCategory.APPROVED_ACTIVITY}
_DUAL_KINDS = {RegistrationKind.DUAL_MAIN, RegistrationKind.DUAL_SUBSIDIARY}


@dataclass
class DualContext:
    """What the check needs about a set of pupils, read in a fixed number of queries."""

    school: School
    #: child id -> the other schools where the child is currently registered (id, name, kind)
    others: dict[int, list[tuple[int, str, str]]] = field(default_factory=dict)
    #: child id -> this school's registration kind
    own_kind: dict[int, str] = field(default_factory=dict)
    #: (child id, school id) -> pattern
    patterns: dict[tuple[int, int], str] = field(default_factory=dict)
    #: (child id, date, session) -> (school name, code) of an attended mark at another school
    attended_elsewhere: dict[tuple[int, date, str], tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, school: School, child_ids: Iterable[int], first: date, last: date
    ) -> DualContext:
        ids = set(child_ids)
        ctx = cls(school=school)
        regs = Registration.objects.filter(child_id__in=ids, deleted_on__isnull=True).values_list(
            "child_id", "school_id", "school__name", "kind"
        )
        for child_id, school_id, name, kind in regs:
            if school_id == school.pk:
                ctx.own_kind[child_id] = kind
            else:
                ctx.others.setdefault(child_id, []).append((school_id, name, kind))
        with_others = [c for c in ids if c in ctx.others]
        for child_id, school_id, expected in DualPattern.objects.filter(
            child_id__in=with_others
        ).values_list("child_id", "school_id", "expected"):
            ctx.patterns[(child_id, school_id)] = expected
        elsewhere = (
            Mark.objects.filter(child_id__in=with_others, date__range=(first, last))
            .exclude(school=school)
            .values_list("child_id", "date", "session", "school__name", "code")
        )
        for child_id, day, session, name, code in elsewhere:
            if ATTENDANCE_CODES[code].category in _ATTENDED and code != "K":
                ctx.attended_elsewhere[(child_id, day, session)] = (name, code)
        return ctx

    def is_dual(self, child_id: int) -> bool:
        return self.own_kind.get(child_id) in _DUAL_KINDS and any(
            kind in _DUAL_KINDS for _, _, kind in self.others.get(child_id, [])
        )

    def expected_here(self, child_id: int, day: date, session: str) -> bool | None:
        """True/False when a pattern says whether this school expects the pupil; else None."""
        if not self.is_dual(child_id):
            return None
        slot = day.weekday() * 2 + (1 if session == "PM" else 0)
        if slot >= 10:
            return None
        own = self.patterns.get((child_id, self.school.pk))
        if own is not None:
            return own[slot] == "1"
        for school_id, _, kind in self.others.get(child_id, []):
            other = self.patterns.get((child_id, school_id))
            if other is not None and kind in _DUAL_KINDS:
                return other[slot] == "0"
        return None

    def other_school_names(self, child_id: int) -> str:
        return " and ".join(name for _, name, _ in self.others.get(child_id, [])) or "none"

    def default_code(self, child_id: int, day: date, session: str) -> str:
        """What the register offers first: D where another school expects the pupil, else
        present (``/`` in the morning, ``\\`` in the afternoon)."""
        if self.expected_here(child_id, day, session) is False:
            return "D"
        return "/" if session == "AM" else "\\"

    def problem(self, child_id: int, name: str, day: date, session: str, code: str) -> str | None:
        """Why ``code`` may not be recorded for this pupil and session, or None."""
        where = f"{name}, {day:%-d %B %Y} {session}"
        expected = self.expected_here(child_id, day, session)
        elsewhere = self.attended_elsewhere.get((child_id, day, session))
        others = self.other_school_names(child_id)
        if code == "D":
            if not self.is_dual(child_id):
                return (
                    f"{where}: D is only for a pupil dual registered at another school; "
                    f"{name} has no current dual registration elsewhere."
                )
            if expected is True and elsewhere is None:
                return (
                    f"{where}: {self.school.name} expects the pupil this session (dual "
                    "registration pattern), so record where they were, not D."
                )
            return None
        if code == "K" and (expected is False or elsewhere is not None):
            at = elsewhere[0] if elsewhere is not None else others
            return (
                f"{where}: K is not used when the pupil is at another school where they are "
                f"registered ({at}); record D (attending another school where registered)."
            )
        if expected is False and ATTENDANCE_CODES[code].category != AttendanceCategory.NOT_POSSIBLE:
            return (
                f"{where}: {others} expects the pupil this session (dual registration "
                f"pattern), so {self.school.name} records D, not {code}."
            )
        return None
