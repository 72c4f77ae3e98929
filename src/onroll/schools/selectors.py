"""Reads for schools: the calendar a school keeps, as the rules engine's SchoolCalendar."""

from __future__ import annotations

from django.db.models import Q

from onroll.rules.school_calendar import SchoolCalendar
from onroll.schools.models import Closure, School, Term


def school_calendar(school: School) -> SchoolCalendar:
    """The school's calendar: its own terms where it has any, else its LA's, less closures."""
    own = Term.objects.filter(school=school)
    terms = (
        own
        if own.exists()
        else Term.objects.filter(local_authority_id=school.local_authority_id, school__isnull=True)
    )
    term_pairs = [(t.first_day, t.last_day) for t in terms]
    closures = Closure.objects.filter(local_authority_id=school.local_authority_id).filter(
        Q(school__isnull=True) | Q(school=school)
    )
    inside = {c.date for c in closures if any(a <= c.date <= b for a, b in term_pairs)}
    return SchoolCalendar(term_pairs, sorted(inside))
