"""Deletion return: required or exempt, its fields, and which are missing."""

from __future__ import annotations

from datetime import date

import pytest

from onroll.rules.deletion_return import (
    DeletionReturnRecord,
    ParentContact,
    ReturnField,
    deletion_return_fields,
    deletion_return_requirement,
    missing_deletion_return_fields,
)

TERM_END = date(2026, 7, 17)


@pytest.mark.parametrize(
    ("senior", "deleted", "term_end", "required"),
    [
        (True, date(2026, 7, 16), TERM_END, True),  # day before the end of the last term
        (True, TERM_END, TERM_END, False),  # at the end
        (True, date(2026, 7, 18), TERM_END, False),  # after
        (False, TERM_END, TERM_END, True),  # not the most senior class
        (True, TERM_END, None, True),  # term end unknown: no exemption
    ],
)
def test_required_or_exempt(
    senior: bool, deleted: date, term_end: date | None, required: bool
) -> None:
    result = deletion_return_requirement(
        deletion_date=deleted, in_most_senior_class=senior, last_term_end=term_end
    )
    assert result.required is required
    assert result.due_by == (deleted if required else None)
    assert ("Exempt" in result.reason) is (not required)


def test_fields_always_and_when_recorded() -> None:
    base = deletion_return_fields(future_address_recorded=False, destination_recorded=False)
    assert base == (
        ReturnField.FULL_NAME,
        ReturnField.ADDRESS,
        ReturnField.PARENTS,
        ReturnField.EMERGENCY_PHONES,
        ReturnField.GROUND,
    )
    full = deletion_return_fields(future_address_recorded=True, destination_recorded=True)
    assert full == tuple(ReturnField)


def test_field_labels_flag_unconfirmed_numbering() -> None:
    assert ReturnField.GROUND.value == "g"
    assert not ReturnField.GROUND.numbering_confirmed
    assert not ReturnField.DESTINATION_SCHOOL.numbering_confirmed
    assert ReturnField.FULL_NAME.numbering_confirmed
    assert "UNCONFIRMED" in ReturnField.DESTINATION_SCHOOL.label
    assert ReturnField.EMERGENCY_PHONES.label.startswith("(d)")


MUM = ParentContact(
    full_name="Sam Jones", address="1 Mill Lane, Preston", emergency_phones=("0700",)
)
COMPLETE = DeletionReturnRecord(
    full_name="Alex Jones",
    address="1 Mill Lane, Preston",
    parents_lived_with=(MUM,),
    future_address_recorded=True,
    future_address="9 Sea View, Blackpool",
    future_address_parent="Sam Jones",
    future_address_from=date(2026, 3, 1),
    destination_recorded=True,
    destination_school="Seaside Academy",
    destination_start=date(2026, 3, 2),
    ground="A",
)


def test_complete_record_has_nothing_missing() -> None:
    assert missing_deletion_return_fields(COMPLETE) == ()


def test_empty_record_lists_every_gap() -> None:
    missing = missing_deletion_return_fields(DeletionReturnRecord())
    assert [m.field for m in missing] == [
        ReturnField.FULL_NAME,
        ReturnField.ADDRESS,
        ReturnField.PARENTS,
        ReturnField.GROUND,
    ]


def test_parent_gaps_named() -> None:
    record = DeletionReturnRecord(
        full_name="Alex",
        address="x",
        parents_lived_with=(ParentContact(emergency_phones=(" ",)), MUM),
        ground="I",
    )
    missing = missing_deletion_return_fields(record)
    assert [(m.field, m.detail) for m in missing] == [
        (ReturnField.PARENTS, "Parent 1's name is missing."),
        (ReturnField.PARENTS, "parent 1's address is missing."),
        (ReturnField.EMERGENCY_PHONES, "parent 1 has no emergency telephone number."),
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"future_address": ""},
        {"future_address_parent": " "},
        {"future_address_from": None},
    ],
)
def test_incomplete_future_address(change: dict[str, object]) -> None:
    from dataclasses import replace

    missing = missing_deletion_return_fields(replace(COMPLETE, **change))  # type: ignore[arg-type]
    assert [m.field for m in missing] == [ReturnField.FUTURE_ADDRESS]


@pytest.mark.parametrize("change", [{"destination_school": ""}, {"destination_start": None}])
def test_incomplete_destination(change: dict[str, object]) -> None:
    from dataclasses import replace

    missing = missing_deletion_return_fields(replace(COMPLETE, **change))  # type: ignore[arg-type]
    assert [m.field for m in missing] == [ReturnField.DESTINATION_SCHOOL]


def test_unrecorded_optional_fields_are_not_required() -> None:
    from dataclasses import replace

    record = replace(
        COMPLETE,
        future_address_recorded=False,
        future_address="",
        destination_recorded=False,
        destination_school="",
    )
    assert missing_deletion_return_fields(record) == ()
