"""Compulsory school age (CSA): when it starts, when it ends, and whether a child is of it.

CSA decides who can be a child missing education (EA 1996 s.436A), which deletion grounds
apply (reg 9(1) vs 9(3)) and whether a child belongs on the children-not-in-school
register. Pure date arithmetic; ``on`` is always an argument, never the clock.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from onroll.rules.catalogue import rule

__all__ = [
    "academic_year_start",
    "birthday_in_year",
    "compulsory_school_age_end",
    "compulsory_school_age_start",
    "csa_end_needs_review",
    "is_compulsory_school_age",
    "last_friday_of_june",
]

_FRIDAY = 4

LEAP_DAY_ASSUMPTION = (
    "A child born on 29 February has the birthday on 1 March in a non-leap year "
    "(domain.md §2.1 marks this convention UNCONFIRMED). It never changes the result: "
    "28 Feb and 1 Mar both lead to the 31 March prescribed day and to the same school year."
)


def _as_date(value: object, what: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{what} must be a datetime.date (not a datetime), got {value!r}")
    return value


def birthday_in_year(dob: date, year: int) -> date:
    """The child's birthday in ``year``; 29 February becomes 1 March in a non-leap year."""
    try:
        return dob.replace(year=year)
    except ValueError:  # 29 February in a non-leap year
        return date(year, 3, 1)


def academic_year_start(day: date) -> date:
    """The 1 September on or before ``day`` (the school year runs 1 Sept to 31 Aug)."""
    year = day.year if day.month >= 9 else day.year - 1
    return date(year, 9, 1)


def last_friday_of_june(year: int) -> date:
    """The last Friday in June of ``year`` (the school leaving date)."""
    last = date(year, 6, 30)
    return last - timedelta(days=(last.weekday() - _FRIDAY) % 7)


@rule(
    id="R-CSA-1",
    title="Start of compulsory school age",
    source="Education Act 1996 s.8(2); Education (Start of Compulsory School Age) Order 1998 "
    "(prescribed days 31 Dec, 31 Mar, 31 Aug); domain.md §2.1",
    example="Born 1 Jan 2020 (5 on 1 Jan 2025) → CSA starts 31 Mar 2025; born 31 Dec 2019 "
    "→ 31 Dec 2024; born 1 Sep 2020 → 31 Dec 2025.",
    assumption=LEAP_DAY_ASSUMPTION,
)
def compulsory_school_age_start(dob: date) -> date:
    """A child reaches compulsory school age on the first prescribed day (31 December,
    31 March or 31 August) that falls on or after their fifth birthday.

    Source: Education Act 1996 s.8(2); the Education (Start of Compulsory School Age) Order
    1998; domain.md §2.1.
    """
    fifth = birthday_in_year(_as_date(dob, "dob"), dob.year + 5)
    for prescribed in (date(fifth.year, 3, 31), date(fifth.year, 8, 31)):
        if prescribed >= fifth:
            return prescribed
    return date(fifth.year, 12, 31)


@rule(
    id="R-CSA-2",
    title="End of compulsory school age (school leaving date)",
    source="Education Act 1996 s.8(3)-(4); Education (School Leaving Date) Order 1997 "
    "(last Friday in June); domain.md §2.2",
    example="Born 23 Sep 2007 → CSA ends 28 Jun 2024; born 31 Aug 2008 → 28 Jun 2024; "
    "born 1 Sep 2008 → 27 Jun 2025; born 27 Jun 2009 → 27 Jun 2025.",
    assumption="The school year is taken to start on 1 September (the cohort rule). If it "
    "were read as starting on the first day of the autumn term, a child whose 16th "
    "birthday falls between 1 September and that day could leave a year earlier; "
    "domain.md §2.2 marks this UNCONFIRMED, so such children are flagged for review "
    "(R-CSA-4). " + LEAP_DAY_ASSUMPTION,
)
def compulsory_school_age_end(dob: date) -> date:
    """Compulsory school age ends on the school leaving date (the last Friday in June) of
    the school year (1 September to 31 August) in which the child turns 16; a child whose
    16th birthday falls after that Friday but before 1 September still leaves on it.

    Source: Education Act 1996 s.8(3)-(4); the Education (School Leaving Date) Order 1997;
    domain.md §2.2.
    """
    sixteenth = birthday_in_year(_as_date(dob, "dob"), dob.year + 16)
    return last_friday_of_june(academic_year_start(sixteenth).year + 1)


@rule(
    id="R-CSA-3",
    title="Is the child of compulsory school age on a date",
    source="Education Act 1996 s.8; domain.md §2",
    example="Born 1 Jan 2020: not of CSA on 30 Mar 2025, of CSA on 31 Mar 2025.",
    assumption=LEAP_DAY_ASSUMPTION,
)
def is_compulsory_school_age(dob: date, on: date) -> bool:
    """A child is of compulsory school age on a date when that date is on or after the
    start of compulsory school age (R-CSA-1) and on or before its end (R-CSA-2).

    Source: Education Act 1996 s.8; domain.md §2.
    """
    on = _as_date(on, "on")
    return compulsory_school_age_start(dob) <= on <= compulsory_school_age_end(dob)


@rule(
    id="R-CSA-4",
    title="Flag early-September birthdays for a manual check of the leaving date",
    source="Education Act 1996 s.8(3)(a) ('before the beginning of the school year next "
    "following'); domain.md §2.2 and §13 item 10",
    example="Born 3 Sep 2009 → flagged; born 8 Sep 2009 or 31 Aug 2009 → not flagged.",
    assumption="domain.md recommends flagging birthdays on 1-7 September; the window is a "
    "local choice until legal sign-off.",
)
def csa_end_needs_review(dob: date) -> bool:
    """A child born on 1 to 7 September needs a person to check their school leaving date:
    if the school year is read as starting on the first day of the autumn term rather than
    1 September, such a child could reach the end of compulsory school age a year earlier
    than R-CSA-2 says.

    Source: Education Act 1996 s.8(3)(a); domain.md §2.2.
    """
    dob = _as_date(dob, "dob")
    return dob.month == 9 and dob.day <= 7
