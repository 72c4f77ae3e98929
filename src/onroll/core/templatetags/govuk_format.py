"""Template filters for dates and stored records, GOV.UK style (see ``onroll.core.display``).

``{{ d|govuk_date }}`` "3 December 2026"; ``{{ d|govuk_deadline }}`` "Thursday 3 December
2026"; ``{{ t|govuk_datetime }}`` "3 December 2026 at 2:05pm"; ``{{ v|govuk_value }}`` any
stored value as text; ``{{ text|govuk_text }}`` the service's own messages with any ISO
dates in them written out; ``{% govuk_details record %}`` a stored record as summary lists, or
``{% govuk_record record as r %}`` to lay out its rows and sections yourself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from onroll.core import display

register = template.Library()

register.filter("govuk_date", display.govuk_date)
register.filter("govuk_deadline", display.govuk_deadline)
register.filter("govuk_datetime", display.govuk_datetime)
register.filter("govuk_value", display.display_value)
register.filter("govuk_text", display.dates_in_words)


@register.inclusion_tag("govuk/details.html")
def govuk_details(details: Mapping[str, Any] | None, skip: str = "") -> dict[str, Any]:
    """A stored record (a notification's details) as a summary list, with nested objects and
    lists (carers, registrations, moves, safeguarding) as their own summary lists.
    ``skip`` names keys, comma-separated, that the page shows some other way."""
    return govuk_record(details, skip)


@register.simple_tag
def govuk_record(details: Mapping[str, Any] | None, skip: str = "") -> dict[str, Any]:
    """``{% govuk_record details as record %}``: ``record.rows`` (label, text) for a page's
    own summary list, and ``record.sections`` for ``govuk/detail_sections.html``."""
    rows, sections = display.detail_sections(
        details or {}, skip=tuple(k.strip() for k in skip.split(",") if k.strip())
    )
    return {"rows": rows, "sections": sections}
