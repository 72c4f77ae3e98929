"""Cleaning and standardising: each rule on its own, and dirty values never crash."""

from __future__ import annotations

import pytest

from onroll.linkage.cleaning import nicknames, standardise_records


def clean(**fields: str | None) -> dict[str, object]:
    return standardise_records([{"id": "1", **fields}])[0]


@pytest.mark.parametrize(
    ("raw", "forename", "canon"),
    [
        ("  Zoë-Anne ", "zoe anne", "zoe"),
        ("JOSÉ", "jose", "jose"),
        ("Bill", "bill", "william"),
        ("issy", "issy", "isabel"),  # chains: issy -> isabella -> isabel
        ("Isabella", "isabella", "isabel"),
        ("Mohammad", "mohammad", "mohammed"),
        ("unknown", None, None),
        ("Baby", None, None),
        ("", None, None),
        ("---", None, None),
    ],
)
def test_forenames(raw: str, forename: str | None, canon: str | None) -> None:
    out = clean(forename=raw)
    assert out["forename"] == forename
    assert out["forename_canon"] == canon


@pytest.mark.parametrize(
    ("raw", "surname", "first", "last"),
    [
        ("O'Brien", "obrien", "obrien", "obrien"),
        ("O\u2019Brien", "obrien", "obrien", "obrien"),
        ("Smith-Jones", "smithjones", "smith", "jones"),
        ("SMITH JONES", "smithjones", "smith", "jones"),
        ("  mc donald ", "mcdonald", "mc", "donald"),
        ("N/A", None, None, None),
    ],
)
def test_surnames(raw: str, surname: str | None, first: str | None, last: str | None) -> None:
    out = clean(surname=raw)
    assert (out["surname"], out["surname_first"], out["surname_last"]) == (surname, first, last)


@pytest.mark.parametrize(
    ("raw", "dob", "swapped"),
    [
        ("2015-03-04", "2015-03-04", "2015-04-03"),
        ("04/03/2015", "2015-03-04", "2015-04-03"),
        ("04-03-2015", "2015-03-04", "2015-04-03"),
        ("04.03.2015", "2015-03-04", "2015-04-03"),
        ("20150304", "2015-03-04", "2015-04-03"),
        ("2015-03-04 00:00:00", "2015-03-04", "2015-04-03"),
        ("4 Mar 2015", "2015-03-04", "2015-04-03"),
        ("2015-10-29", "2015-10-29", None),  # day above 12: no swap possible
        ("2015-05-05", "2015-05-05", None),  # day equals month: swap is the same date
        ("2015-02-30", None, None),
        ("2015-13-01", None, None),
        ("1066-10-14", None, None),
        ("not a date", None, None),
        ("", None, None),
    ],
)
def test_dates_of_birth(raw: str, dob: str | None, swapped: str | None) -> None:
    out = clean(dob=raw)
    assert (out["dob"], out["dob_swapped"]) == (dob, swapped)


@pytest.mark.parametrize(
    ("raw", "postcode", "sector", "district"),
    [
        ("la14ab", "LA1 4AB", "LA1 4", "LA1"),
        (" LA1  4AB ", "LA1 4AB", "LA1 4", "LA1"),
        ("M1 1AE", "M1 1AE", "M1 1", "M1"),
        ("EC1A 1BB", "EC1A 1BB", "EC1A 1", "EC1A"),
        ("ZZZ", None, None, None),
        ("12345", None, None, None),
    ],
)
def test_postcodes(
    raw: str, postcode: str | None, sector: str | None, district: str | None
) -> None:
    out = clean(postcode=raw)
    assert (out["postcode"], out["postcode_sector"], out["postcode_district"]) == (
        postcode,
        sector,
        district,
    )


def test_postcode_taken_from_the_address_when_missing() -> None:
    out = clean(address="12 High St, Lancaster LA1 4AB")
    assert out["postcode"] == "LA1 4AB"
    assert out["address"] == "12 high street lancaster"
    assert out["address_number"] == "12"


def test_address_abbreviations_and_punctuation() -> None:
    a = clean(address="Flat 3, 12a Church Rd.")
    b = clean(address="FLAT 3 12A CHURCH ROAD")
    assert a["address"] == b["address"] == "flat 3 12a church road"


@pytest.mark.parametrize(
    ("raw", "sex"),
    [("M", "M"), ("male", "M"), ("Boy", "M"), ("f", "F"), ("Girl", "F"), ("x", None)],
)
def test_sex(raw: str, sex: str | None) -> None:
    assert clean(sex=raw)["sex"] == sex


def test_upn_shape() -> None:
    assert clean(upn=" a123456789012 ")["upn"] == "A123456789012"
    assert clean(upn="A12345678901B")["upn"] == "A12345678901B"
    assert clean(upn="123")["upn"] is None


def test_dirty_values_become_null_never_crash() -> None:
    junk = [
        None,
        "",
        " ",
        "\t\n",
        "'; DROP TABLE x; --",
        "🙂🙂",
        "x" * 5000,
        "0000-00-00",
        "NULL",
        "\u200b",
    ]
    records = [
        dict.fromkeys(("forename", "surname", "dob", "sex", "postcode", "address", "upn"), value)
        for value in junk
    ]
    for i, r in enumerate(records):
        r["id"] = str(i)
    out = standardise_records(records)
    assert len(out) == len(junk)
    by_id = {r["unique_id"]: r for r in out}
    assert by_id["0"]["forename"] is None
    assert by_id["7"]["dob"] is None
    assert by_id["8"]["surname"] is None


def test_missing_columns_are_blank() -> None:
    out = standardise_records([{"id": "only-an-id"}])[0]
    assert out["unique_id"] == "only-an-id"
    flags = ("forename1_family", "surname_family")
    assert all(v is None for k, v in out.items() if k != "unique_id" and k not in flags)
    assert not any(out[k] for k in flags)


def test_nickname_table_is_package_data() -> None:
    table = nicknames()
    assert table["bill"] == "william"
    assert table["kate"] == "katherine"
    assert all(name == name.strip().lower() for name in table)
