"""How the service shows dates, times and stored records to people (GOV.UK style).

Dates read "3 December 2026"; a deadline carries its weekday, "Thursday 3 December 2026";
a moment reads "3 December 2026 at 2:05pm". The day-month-year pattern is the formats
module's ``DATE_FORMAT`` (``onroll.core.formats``), so Django's own rendering and these
functions agree. Machine formats (CSV and XLSX exports, form input values, URLs) stay ISO
and do not come through here.

Records stored as JSON (a notification's details) hold ISO date strings, lists and nested
objects; ``detail_sections`` turns them into labelled rows and sections for summary lists, so
a page never shows a Python repr. Source: GOV.UK style guide, "Dates" and "Times".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import dateformat, timezone
from django.utils.formats import get_format

from onroll.rules.risk import RiskFactor

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")
_ISO_DATE_IN_TEXT = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def as_date(value: Any) -> date | None:
    """``value`` as a date: a date, a datetime (its local day) or ISO text; else None."""
    if isinstance(value, datetime):
        return _local(value).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if _ISO_DATE.fullmatch(text):
                return date.fromisoformat(text)
            if _ISO_DATETIME.fullmatch(text):
                return _local(datetime.fromisoformat(text)).date()
        except ValueError:
            return None
    return None


def govuk_date(value: Any) -> str:
    """A date as "3 December 2026"; anything else comes back as text ("" for nothing)."""
    day = as_date(value)
    if day is None:
        return "" if value is None else str(value)
    return str(dateformat.format(day, get_format("DATE_FORMAT")))


def govuk_deadline(value: Any) -> str:
    """A due date with its weekday: "Thursday 3 December 2026"."""
    day = as_date(value)
    if day is None:
        return "" if value is None else str(value)
    return f"{dateformat.format(day, 'l')} {govuk_date(day)}"


def govuk_time(value: datetime) -> str:
    """A time of day: "2:05pm", "10am", "midday", "midnight"."""
    moment = _local(value)
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{suffix}"


def govuk_datetime(value: Any) -> str:
    """A moment in London time, "3 December 2026 at 2:05pm"; a plain date shows as a date."""
    if isinstance(value, str) and _ISO_DATETIME.fullmatch(text := value.strip()):
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            return text
    if isinstance(value, datetime):
        return f"{govuk_date(value)} at {govuk_time(value)}"
    return govuk_date(value)


def display_value(value: Any) -> str:
    """One stored value as a person reads it: dates in words, Yes/No, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return govuk_datetime(value)
    if isinstance(value, date):
        return govuk_date(value)
    if isinstance(value, str):
        if _ISO_DATETIME.fullmatch(value.strip()) and not _ISO_DATE.fullmatch(value.strip()):
            return govuk_datetime(value)
        return govuk_date(value) if as_date(value) else value
    if isinstance(value, list | tuple):
        return ", ".join(t for t in (display_value(v) for v in value) if t)
    if isinstance(value, Mapping):
        return "; ".join(
            f"{label_for(k)}: {display_value(v)}"
            for k, v in value.items()
            if display_value(v) != ""
        )
    return str(value)


def dates_in_words(text: str) -> str:
    """Free text with any ISO dates in it written as GOV.UK dates (audit summaries)."""
    return _ISO_DATE_IN_TEXT.sub(lambda m: govuk_date(m.group(1)), text)


#: Labels for the keys stored in notification and return details. A key not listed here reads
#: as itself with underscores as spaces ("last_school" → "Last school").
FIELD_LABELS = {
    "upn": "UPN",
    "forename": "First name",
    "surname": "Last name",
    "legal_name": "Legal name",
    "other_names": "Other names",
    "date_of_birth": "Date of birth",
    "address_line_1": "Address",
    "in_danger": "Thought to be in danger",
    "ehc_plan": "EHC plan",
    "laestab": "LAESTAB",
    "kind": "Type of registration",
    "starting_day": "Starting day",
    "deleted_on": "Deleted on",
    "ground": "Ground of deletion",
    "lives_with": "Lives with the child",
    "emergency_phone": "Emergency phone",
    "move_on": "Moving on",
    "future_address": "Future address",
    "intended_school": "Intended school",
    "intended_la": "Intended local authority",
    "carers": "Parents and carers",
    "registrations": "School registrations",
    "moves": "Family moves",
    "safeguarding": "Safeguarding",
    "risk_factors": "Groups at risk of missing education",
    "child_protection_plan": "Child protection plan",
    "child_in_need": "Child in need",
    "looked_after": "Looked after",
    "hours_offered": "Hours of education offered each week",
    "review_on": "Review on",
    "from_la": "From local authority",
    "from_case": "Their case",
    "why": "Why",
    "population_source": "Population list",
    "population_record": "Record in the list",
    "a_full_name": "(a) Full name",
    "b_address": "(b) Address",
    "c_parents": "(c) Parents the pupil lives with",
    "d_emergency_phones": "(d) Emergency telephone numbers",
    "e_future_address": "(e) Future address",
    "f_destination_school": "(f) Destination school",
    "g_ground": "(g) Ground of deletion",
}

#: The key whose value names one item of a list (a carer's name, a registration's school).
_TITLE_KEYS = ("name", "school", "future_address", "record")


def label_for(key: str) -> str:
    return FIELD_LABELS.get(key, key.replace("_", " ").strip().capitalize())


def _text(key: str, value: Any) -> str:
    if key == "risk_factors" and isinstance(value, list):
        known = {f.value: f.label for f in RiskFactor}
        return ", ".join(known.get(str(v), str(v)) for v in value)
    return display_value(value)


@dataclass
class Section:
    """A nested part of a record: a titled group of rows, or one card per listed item."""

    label: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    items: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


def _rows(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key, value in record.items():
        text = _text(key, value)
        if text:
            rows.append((label_for(key), text))
    return rows


def detail_sections(
    details: Mapping[str, Any], *, skip: tuple[str, ...] = ()
) -> tuple[list[tuple[str, str]], list[Section]]:
    """A stored record as (summary rows, sections): plain values become rows; a nested
    object becomes a section of rows; a list of objects becomes a section of one card each,
    titled by the item's name or school. Empty values are left out."""
    rows: list[tuple[str, str]] = []
    sections: list[Section] = []
    for key, value in details.items():
        if key in skip:
            continue
        if isinstance(value, Mapping):
            if any(_text(k, v) for k, v in value.items()):
                sections.append(Section(label_for(key), rows=_rows(value)))
        elif isinstance(value, list | tuple) and any(isinstance(v, Mapping) for v in value):
            section = Section(label_for(key))
            for number, item in enumerate(value, start=1):
                if not isinstance(item, Mapping):
                    section.rows.append((str(number), display_value(item)))
                    continue
                title_key = next((k for k in _TITLE_KEYS if item.get(k)), None)
                title = str(item[title_key]) if title_key else f"{label_for(key)} {number}"
                body = {k: v for k, v in item.items() if k != title_key}
                section.items.append((title, _rows(body)))
            sections.append(section)
        else:
            text = _text(key, value)
            if text:
                rows.append((label_for(key), text))
    return rows, sections
