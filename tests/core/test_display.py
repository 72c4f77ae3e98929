"""Dates, times and stored records as people read them (GOV.UK style guide)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template

from onroll.core.display import (
    dates_in_words,
    detail_sections,
    display_value,
    govuk_date,
    govuk_datetime,
    govuk_deadline,
)

THURSDAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    "value", [THURSDAY, "2026-12-03", datetime(2026, 12, 3, 14, 5, tzinfo=UTC)]
)
def test_a_date_reads_day_month_year(value: object) -> None:
    assert govuk_date(value) == "3 December 2026"


def test_a_deadline_carries_its_weekday() -> None:
    assert govuk_deadline(THURSDAY) == "Thursday 3 December 2026"
    assert govuk_deadline("2026-12-03") == "Thursday 3 December 2026"


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 12, 3, 14, 5, tzinfo=UTC), "3 December 2026 at 2:05pm"),
        (datetime(2026, 12, 3, 10, 0, tzinfo=UTC), "3 December 2026 at 10am"),
        (datetime(2026, 12, 3, 12, 0, tzinfo=UTC), "3 December 2026 at midday"),
        (datetime(2026, 12, 3, 0, 0, tzinfo=UTC), "3 December 2026 at midnight"),
        # British Summer Time: 13:30 UTC is 2:30pm in London
        (datetime(2026, 6, 1, 13, 30, tzinfo=UTC), "1 June 2026 at 2:30pm"),
        # late on 31 October UTC is still 31 October in London (GMT from 25 October)
        (datetime(2026, 10, 31, 23, 30, tzinfo=UTC), "31 October 2026 at 11:30pm"),
    ],
)
def test_a_moment_reads_in_london_time(moment: datetime, text: str) -> None:
    assert govuk_datetime(moment) == text
    assert govuk_datetime(moment.isoformat()) == text


def test_nothing_and_non_dates_pass_through() -> None:
    assert govuk_date(None) == ""
    assert govuk_date("") == ""
    assert govuk_date("not known") == "not known"
    assert govuk_deadline(None) == ""
    assert govuk_date("2026-02-30") == "2026-02-30"  # not a date: shown as given


def test_stored_values_read_as_words() -> None:
    assert display_value(True) == "Yes"
    assert display_value(False) == "No"
    assert display_value(["a", "", "b"]) == "a, b"
    assert display_value("2026-12-03") == "3 December 2026"
    assert (
        display_value({"name": "Pat", "from": "2026-12-03"}) == "Name: Pat; From: 3 December 2026"
    )
    assert dates_in_words("due by the end of 2026-12-05 (5 days)") == (
        "due by the end of 5 December 2026 (5 days)"
    )


def test_a_record_becomes_rows_and_sections() -> None:
    rows, sections = detail_sections(
        {
            "forename": "Niamh",
            "date_of_birth": "2014-06-13",
            "upn": "",
            "carers": [{"name": "Niamh Kay", "relationship": "Mother", "lives_with": True}],
            "moves": [],
            "safeguarding": {"risk_factors": ["young_carer"], "looked_after": False},
            "reporter": {"name": "A neighbour"},
        },
        skip=("reporter",),
    )
    assert rows == [("First name", "Niamh"), ("Date of birth", "13 June 2014")]
    assert [s.label for s in sections] == ["Parents and carers", "Safeguarding"]
    assert sections[0].items == [
        ("Niamh Kay", [("Relationship", "Mother"), ("Lives with the child", "Yes")])
    ]
    assert sections[1].rows == [
        ("Groups at risk of missing education", "A young carer"),
        ("Looked after", "No"),
    ]


def test_django_itself_renders_dates_the_same_way() -> None:
    """The formats module (FORMAT_MODULE_PATH) wins over Django's en_GB "3 Dec 2026"."""
    text = Template("{{ d }}|{{ d|date }}").render(Context({"d": THURSDAY}))
    assert text == "3 December 2026|3 December 2026"


def test_the_filters_in_a_template() -> None:
    template = Template(
        "{% load govuk_format %}{{ d|govuk_date }}; {{ d|govuk_deadline }}; "
        "{{ none|govuk_date|default:'—' }}; {{ text|govuk_text }}"
    )
    text = template.render(Context({"d": THURSDAY, "none": None, "text": "since 2026-09-01"}))
    assert text == "3 December 2026; Thursday 3 December 2026; —; since 1 September 2026"
