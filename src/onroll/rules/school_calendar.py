"""The value object: a school's calendar — which dates are school days, and counting in them.

Every "N school days" rule in the law counts only the days on which the school meets, so
each school needs its own calendar of terms and closures (INSET days, bank holidays,
unexpected closures). :class:`SchoolCalendar` is that calendar as a pure value object; it
applies no rule about *which* days are closures. :mod:`onroll.rules.calendar_builder` builds
one from term dates, closures and the bank holidays, and is the only way the apps make one
(through ``onroll.schools.selectors``).

Stable interface (architecture note): ``SchoolCalendar(terms, closures=())`` with
``is_school_day``, ``nth_school_day`` and ``school_days_between``. Everything else here is
an addition.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from itertools import pairwise

from onroll.rules.catalogue import rule

__all__ = ["SchoolCalendar"]

_SATURDAY = 5


def _check_date(value: object, what: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{what} must be a datetime.date (not a datetime), got {value!r}")
    return value


class SchoolCalendar:
    """The school days of one school: Monday to Friday inside a term and not a closure.

    ``terms`` are ``(first day, last day)`` pairs (inclusive, in any order, not
    overlapping); ``closures`` are dates inside terms when the school does not meet
    (INSET days, bank holidays, snow days). A closure outside every term is a mistake in the
    data and raises ``ValueError``, as do a term that ends before it starts and overlapping
    terms. Weekends inside a term are never school days.

    The calendar is immutable and hashable; two calendars with the same terms and closures
    are equal.
    """

    __slots__ = ("_closures", "_days", "_ordinals", "_terms")

    def __init__(self, terms: Iterable[tuple[date, date]], closures: Iterable[date] = ()) -> None:
        checked: list[tuple[date, date]] = []
        for index, pair in enumerate(terms):
            try:
                first, last = pair
            except (TypeError, ValueError):
                raise ValueError(
                    f"term {index + 1} must be a (first day, last day) pair, got {pair!r}"
                ) from None
            first = _check_date(first, f"term {index + 1} first day")
            last = _check_date(last, f"term {index + 1} last day")
            if first > last:
                raise ValueError(
                    f"term {index + 1} ends ({last.isoformat()}) before it starts "
                    f"({first.isoformat()})"
                )
            checked.append((first, last))
        checked.sort()
        for (_, prev_last), (next_first, next_last) in pairwise(checked):
            if next_first <= prev_last:
                raise ValueError(
                    f"terms overlap: the term {next_first.isoformat()} to {next_last.isoformat()} "
                    f"starts on or before the end of the previous term ({prev_last.isoformat()})"
                )
        self._terms: tuple[tuple[date, date], ...] = tuple(checked)

        closure_set: set[date] = set()
        for value in closures:
            day = _check_date(value, "closure")
            if self._term_index(day) is None:
                raise ValueError(
                    f"closure {day.isoformat()} is not inside any term; closures must be "
                    "dates inside terms when the school does not meet"
                )
            closure_set.add(day)
        self._closures: frozenset[date] = frozenset(closure_set)

        days: list[date] = []
        for first, last in self._terms:
            day = first
            while day <= last:
                if day.weekday() < _SATURDAY and day not in self._closures:
                    days.append(day)
                day += timedelta(days=1)
        self._days: tuple[date, ...] = tuple(days)
        self._ordinals: tuple[int, ...] = tuple(d.toordinal() for d in days)

    # ------------------------------------------------------------------ value object

    def __repr__(self) -> str:
        return (
            f"SchoolCalendar({len(self._terms)} terms, {len(self._closures)} closures, "
            f"{len(self._days)} school days)"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SchoolCalendar):
            return NotImplemented
        return self._terms == other._terms and self._closures == other._closures

    def __hash__(self) -> int:
        return hash((self._terms, self._closures))

    def __len__(self) -> int:
        """The number of school days in the whole calendar."""
        return len(self._days)

    def __iter__(self) -> Iterator[date]:
        """Every school day, oldest first."""
        return iter(self._days)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and not isinstance(day, datetime) and self.is_school_day(day)

    @property
    def terms(self) -> tuple[tuple[date, date], ...]:
        """The terms, sorted, as ``(first day, last day)`` pairs."""
        return self._terms

    @property
    def closures(self) -> frozenset[date]:
        """The closure dates."""
        return self._closures

    @property
    def first_day(self) -> date:
        """The first school day in the calendar; ``ValueError`` when there is none."""
        if not self._days:
            raise ValueError("the calendar has no school days")
        return self._days[0]

    @property
    def last_day(self) -> date:
        """The last school day in the calendar; ``ValueError`` when there is none."""
        if not self._days:
            raise ValueError("the calendar has no school days")
        return self._days[-1]

    def _term_index(self, day: date) -> int | None:
        index = bisect_right(self._terms, (day, date.max)) - 1
        if index >= 0 and self._terms[index][0] <= day <= self._terms[index][1]:
            return index
        return None

    def term_of(self, day: date) -> tuple[date, date] | None:
        """The term containing ``day`` (weekends and closures included), or ``None``."""
        index = self._term_index(_check_date(day, "day"))
        return None if index is None else self._terms[index]

    # ------------------------------------------------------------------ the rules

    @rule(
        id="R-CAL-1",
        title="What counts as a school day",
        source="domain.md conventions (school day ≠ calendar day); Regs 2024 reg 10 "
        "(registers are taken for each session the school meets)",
        example="Term 1 Sep to 19 Dec 2025 with INSET on 1 Sep: Mon 1 Sep is not a school day, "
        "Tue 2 Sep is, Sat 6 Sep is not, Mon 22 Dec (holiday) is not.",
    )
    def is_school_day(self, d: date) -> bool:
        """A school day is a Monday to Friday inside one of the school's terms on which the
        school is not closed (INSET day, bank holiday or other closure).

        Source: domain.md ("school day" ≠ calendar day); Regs 2024 reg 10.
        """
        ordinal = _check_date(d, "day").toordinal()
        index = bisect_left(self._ordinals, ordinal)
        return index < len(self._ordinals) and self._ordinals[index] == ordinal

    @rule(
        id="R-CAL-2",
        title="Counting forward in school days (day N of a period)",
        source="domain.md §7.2 (day 6 of an exclusion); every 'within N school days' rule",
        example="An exclusion starting Thu 6 Nov 2025 (no closures) reaches day 6 on "
        "Thu 13 Nov 2025: nth_school_day(6 Nov, 6).",
    )
    def nth_school_day(self, start: date, n: int) -> date:
        """The n-th school day on or after ``start`` (n >= 1): ``start`` itself is day 1 when
        it is a school day, so day 6 of a period that starts on ``start`` is
        ``nth_school_day(start, 6)``.

        Raises ``ValueError`` when n < 1 or the calendar holds fewer than n school days from
        ``start`` (a calendar must be extended, never guessed past its end).

        Source: domain.md §7.2 and every "N school days" rule.
        """
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int, got {n!r}")
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        index = bisect_left(self._ordinals, _check_date(start, "start").toordinal()) + n - 1
        if index >= len(self._days):
            available = len(self._days) - (index - n + 1)
            raise ValueError(
                f"the calendar holds only {available} school day(s) on or after "
                f"{start.isoformat()}, fewer than the {n} asked for; add later terms"
            )
        return self._days[index]

    @rule(
        id="R-CAL-3",
        title="Counting the school days in a period",
        source="domain.md conventions (school day ≠ calendar day)",
        example="Mon 8 Sep to Fri 19 Sep 2025 with no closures holds 10 school days.",
    )
    def school_days_between(self, start: date, end: date) -> int:
        """The number of school days d with start <= d <= end (both ends included); 0 when
        ``end`` is before ``start``.

        Source: domain.md conventions ("school day" ≠ calendar day).
        """
        lo = _check_date(start, "start").toordinal()
        hi = _check_date(end, "end").toordinal()
        if hi < lo:
            return 0
        return bisect_right(self._ordinals, hi) - bisect_left(self._ordinals, lo)

    # ------------------------------------------------------------------ helpers

    def school_days(self, start: date, end: date) -> list[date]:
        """Every school day d with start <= d <= end, oldest first."""
        lo = bisect_left(self._ordinals, _check_date(start, "start").toordinal())
        hi = bisect_right(self._ordinals, _check_date(end, "end").toordinal())
        return list(self._days[lo:hi])

    def next_school_day(self, d: date) -> date:
        """The first school day strictly after ``d``; ``ValueError`` past the calendar."""
        index = bisect_right(self._ordinals, _check_date(d, "day").toordinal())
        if index >= len(self._days):
            raise ValueError(f"the calendar has no school day after {d.isoformat()}")
        return self._days[index]

    def previous_school_day(self, d: date) -> date:
        """The last school day strictly before ``d``; ``ValueError`` before the calendar."""
        index = bisect_left(self._ordinals, _check_date(d, "day").toordinal()) - 1
        if index < 0:
            raise ValueError(f"the calendar has no school day before {d.isoformat()}")
        return self._days[index]

    def school_day_on_or_after(self, d: date) -> date:
        """``d`` when it is a school day, otherwise the next one (``nth_school_day(d, 1)``)."""
        return self.nth_school_day(d, 1)

    def school_day_on_or_before(self, d: date) -> date:
        """``d`` when it is a school day, otherwise the school day before it."""
        index = bisect_right(self._ordinals, _check_date(d, "day").toordinal()) - 1
        if index < 0:
            raise ValueError(f"the calendar has no school day on or before {d.isoformat()}")
        return self._days[index]

    def add_school_days(self, d: date, n: int) -> date:
        """The school day ``n`` school days after ``d`` (``d`` itself not counted); for a
        negative ``n``, ``-n`` school days before ``d``; ``n == 0`` returns ``d``.

        ``add_school_days(d, 5)`` is "5 school days after d". ``ValueError`` when the
        calendar does not reach that far.
        """
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int, got {n!r}")
        ordinal = _check_date(d, "day").toordinal()
        if n == 0:
            return d
        if n > 0:
            index = bisect_right(self._ordinals, ordinal) + n - 1
        else:
            index = bisect_left(self._ordinals, ordinal) + n
        if index < 0 or index >= len(self._days):
            direction = "after" if n > 0 else "before"
            raise ValueError(
                f"the calendar holds fewer than {abs(n)} school day(s) {direction} {d.isoformat()}"
            )
        return self._days[index]

    def school_weeks(self, start: date, end: date) -> int:
        """The number of Monday-to-Sunday weeks between ``start`` and ``end`` (inclusive)
        that contain at least one school day."""
        weeks = {day.toordinal() - day.weekday() for day in self.school_days(start, end)}
        return len(weeks)
