"""Cleaning and standardising the fields ``onroll link`` compares.

All of it is one DuckDB query over an Arrow table, so the same rules run on a hundred rows in a
test and on a million rows in the benchmark. Dirty values become NULL; nothing here raises on
bad data.

What each output column holds:

- ``forename``: lower case, accents stripped, apostrophes dropped, hyphens and other
  punctuation turned into spaces, placeholders ("unknown", "baby", "tbc") made NULL;
  ``forename1`` its first word; ``forename_canon`` the formal name behind a nickname
  (``bill`` -> ``william``) from the package's ``nicknames.csv``, else ``forename1``.
- ``surname``: the same cleaning with spaces removed, so "Smith-Jones", "Smith Jones" and
  "SMITHJONES" agree; ``surname_first``/``surname_last`` the first and last parts of a
  double-barrelled name; ``name_sorted`` the first forename and the surname in alphabetical
  order, so a record with the two swapped (and a typo) still looks alike.
- ``dob``: ``YYYY-MM-DD`` read from ISO, ``DD/MM/YYYY``, ``DD-MM-YYYY``, ``DD.MM.YYYY``,
  ``YYYY/MM/DD``, ``YYYYMMDD`` or ``29 Oct 2015``, with any time part dropped; years outside
  1900-2100 are NULL. ``dob_swapped`` is the same date with day and month exchanged (NULL when
  the day is above 12 or equals the month), for the day/month swap comparison.
- ``sex``: ``M``/``F`` or NULL.
- ``postcode``: upper case, one space before the inward code, NULL unless it has the shape of
  a UK postcode; taken from the address when the postcode column is blank.
  ``postcode_sector`` (``LA1 4``) and ``postcode_district`` (``LA1``) for near matches.
- ``address``: lower case, punctuation dropped, street abbreviations expanded, the postcode
  removed; ``address_number`` the first house or flat number; ``address_key`` the number
  and the (up to) two words after it (``171 north road``), so "171 North Rd" and "171 North
  Road, Oldham" are the same home when one record has no postcode: a town, county or flat
  line written on one side only does not hide a shared address.
- ``upn``: 13 characters, a letter then 11 digits then a digit or letter, else NULL.
- ``forename1_family`` / ``surname_family``: the first forename / first surname word is used
  in this file as a surname at least twice and more often than as a forename — a family name.
  A one-way swap that rests on a family name ("Nehafield Jumoary" / "Muhammad Nehafield") is
  a brother or sister, not the child (see onroll.linkage.spec).
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    import duckdb

#: Values that mean "not known" rather than a name.
PLACEHOLDER_NAMES = (
    "unknown",
    "not known",
    "notknown",
    "unk",
    "n a",
    "na",
    "nk",
    "null",
    "none",
    "nil",
    "tbc",
    "tba",
    "xx",
    "xxx",
    "baby",
    "infant",
    "unborn",
    "unnamed",
    "child",
    "test",
)

#: Street words written in short form, and their long form.
STREET_ABBREVIATIONS = {
    "rd": "road",
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "cl": "close",
    "dr": "drive",
    "ct": "court",
    "cres": "crescent",
    "cresc": "crescent",
    "gdns": "gardens",
    "gdn": "garden",
    "pl": "place",
    "sq": "square",
    "ter": "terrace",
    "terr": "terrace",
    "gr": "grove",
    "gro": "grove",
    "pk": "park",
    "hse": "house",
    "ho": "house",
    "mt": "mount",
    "wy": "way",
    "apt": "flat",
    "apartment": "flat",
}

_POSTCODE_SHAPE = "^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$"
_POSTCODE_IN_TEXT = r"\b([a-z]{1,2}[0-9][a-z0-9]? ?[0-9][a-z]{2})\b"

STANDARD_COLUMNS = (
    "unique_id",
    "forename",
    "forename1",
    "forename_canon",
    "surname",
    "surname_first",
    "surname_last",
    "name_sorted",
    "dob",
    "dob_swapped",
    "sex",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "address",
    "address_number",
    "address_key",
    "upn",
    "forename1_family",
    "surname_family",
)


@cache
def nicknames() -> dict[str, str]:
    """The package's nickname table: a name to the formal name it stands for."""
    text = resources.files("onroll.linkage").joinpath("data/nicknames.csv").read_text("utf-8")
    rows = csv.reader(line for line in text.splitlines() if line and not line.startswith("#"))
    next(rows)  # header
    table = {name.strip(): canonical.strip() for name, canonical in rows}
    # follow chains (issy -> isabella -> isabel) so every name lands on one formal name
    resolved: dict[str, str] = {}
    for name in table:
        seen = {name}
        target = table[name]
        while target in table and table[target] not in seen:
            seen.add(target)
            target = table[target]
        resolved[name] = target
    return resolved


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _macros() -> list[str]:
    placeholders = _sql_list(PLACEHOLDER_NAMES)
    abbreviations = ", ".join(f"'{k}': '{v}'" for k, v in STREET_ABBREVIATIONS.items())
    words = (
        "string_split(trim(regexp_replace(regexp_replace(lower(strip_accents(x)), "
        "'[''\u2019\u2018`]', '', 'g'), '[^a-z0-9]+', ' ', 'g')), ' ')"
    )
    address = (
        f"array_to_string(list_transform({words}, "
        f"lambda w: coalesce(MAP {{{abbreviations}}}[w], w)), ' ')"
    )
    return [
        # names: accents, apostrophes, punctuation, case, spaces; placeholders to NULL
        "CREATE OR REPLACE TEMP MACRO onroll_name(x) AS (WITH c AS (SELECT trim(regexp_replace("  # noqa: S608
        "regexp_replace(regexp_replace(lower(strip_accents(x)), "
        "'[''\u2019\u2018`\u00b4]', '', 'g'), "
        "'[^a-z]+', ' ', 'g'), ' +', ' ', 'g')) AS v) "
        f"SELECT CASE WHEN v = '' OR v IN ({placeholders}) THEN NULL ELSE v END FROM c)",
        "CREATE OR REPLACE TEMP MACRO onroll_date(x) AS (WITH s AS (SELECT trim(x) AS v), "
        "t AS (SELECT coalesce(try_strptime(v, '%d %b %Y'), try_strptime(v, '%d %B %Y'), "
        "try_strptime(regexp_replace(v, '[T ].*$', ''), ['%Y-%m-%d', '%d/%m/%Y', '%d-%m-%Y', "
        "'%Y/%m/%d', '%d.%m.%Y', '%Y%m%d'])) AS d FROM s) "
        "SELECT CASE WHEN year(d) BETWEEN 1900 AND 2100 THEN d::DATE END FROM t)",
        "CREATE OR REPLACE TEMP MACRO onroll_sex(x) AS (CASE WHEN lower(trim(x)) IN "
        "('m', 'male', 'boy', 'man', '1') THEN 'M' WHEN lower(trim(x)) IN "
        "('f', 'female', 'girl', 'woman', '2') THEN 'F' END)",
        "CREATE OR REPLACE TEMP MACRO onroll_postcode(x) AS (WITH p AS (SELECT "  # noqa: S608
        "upper(regexp_replace(x, '[^A-Za-z0-9]', '', 'g')) AS v) SELECT CASE WHEN "
        f"regexp_full_match(v, '{_POSTCODE_SHAPE}') THEN left(v, length(v) - 3) || ' ' || "
        "right(v, 3) END FROM p)",
        f"CREATE OR REPLACE TEMP MACRO onroll_address(x) AS (WITH a AS (SELECT {address} AS v) "  # noqa: S608
        f"SELECT nullif(trim(regexp_replace(regexp_replace(v, '{_POSTCODE_IN_TEXT}', ' ', 'g'), "
        "' +', ' ', 'g')), '') FROM a)",
        "CREATE OR REPLACE TEMP MACRO onroll_upn(x) AS (WITH u AS (SELECT "
        "upper(regexp_replace(x, '\\s', '', 'g')) AS v) SELECT CASE WHEN "
        "regexp_full_match(v, '^[A-Z][0-9]{11}[0-9A-Z]$') THEN v END FROM u)",
    ]


def standardise_sql(source: str) -> str:
    """The query that standardises the table or view named ``source``."""
    return f"""
    WITH base AS (
        SELECT
            id AS unique_id,
            onroll_name(forename) AS forename,
            onroll_name(surname) AS surname_spaced,
            onroll_date(dob) AS dob_date,
            onroll_sex(sex) AS sex,
            coalesce(onroll_postcode(postcode),
                     onroll_postcode(regexp_extract(lower(address), '{_POSTCODE_IN_TEXT}', 1)))
                AS postcode,
            onroll_address(address) AS address,
            onroll_upn(upn) AS upn,
            row_number() OVER () AS rn
        FROM {source}
    ),
    first_names AS (
        SELECT split_part(forename, ' ', 1) AS f1, split_part(surname_spaced, ' ', 1) AS s1
        FROM base
    ),
    as_forename AS (SELECT f1 AS t, count(*) AS n FROM first_names WHERE f1 IS NOT NULL
                    GROUP BY 1),
    as_surname AS (SELECT s1 AS t, count(*) AS n FROM first_names WHERE s1 IS NOT NULL
                   GROUP BY 1)
    SELECT
        b.unique_id,
        b.forename,
        split_part(b.forename, ' ', 1) AS forename1,
        coalesce(n.canonical, split_part(b.forename, ' ', 1)) AS forename_canon,
        replace(b.surname_spaced, ' ', '') AS surname,
        split_part(b.surname_spaced, ' ', 1) AS surname_first,
        string_split(b.surname_spaced, ' ')[-1] AS surname_last,
        strftime(b.dob_date, '%Y-%m-%d') AS dob,
        CASE WHEN day(b.dob_date) <= 12 AND day(b.dob_date) <> month(b.dob_date)
             THEN strftime(make_date(year(b.dob_date), day(b.dob_date), month(b.dob_date)),
                           '%Y-%m-%d') END AS dob_swapped,
        CASE WHEN b.forename IS NOT NULL AND b.surname_spaced IS NOT NULL THEN
            CASE WHEN split_part(b.forename, ' ', 1) <= replace(b.surname_spaced, ' ', '')
                 THEN split_part(b.forename, ' ', 1) || ' ' || replace(b.surname_spaced, ' ', '')
                 ELSE replace(b.surname_spaced, ' ', '') || ' ' || split_part(b.forename, ' ', 1)
            END END AS name_sorted,
        b.sex,
        b.postcode,
        left(b.postcode, length(b.postcode) - 2) AS postcode_sector,
        split_part(b.postcode, ' ', 1) AS postcode_district,
        b.address,
        nullif(regexp_extract(b.address, '\\b([0-9]+[a-z]?)\\b', 1), '') AS address_number,
        nullif(regexp_extract(b.address, '\\b([0-9]+[a-z]? [a-z]+(?: [a-z]+)?)', 1), '')
            AS address_key,
        b.upn,
        coalesce(sf.n, 0) >= 2 AND coalesce(sf.n, 0) > coalesce(ff.n, 0) AS forename1_family,
        coalesce(ss.n, 0) >= 2 AND coalesce(ss.n, 0) > coalesce(fs.n, 0) AS surname_family
    FROM base b
    LEFT JOIN onroll_nicknames n ON n.name = split_part(b.forename, ' ', 1)
    LEFT JOIN as_forename ff ON ff.t = split_part(b.forename, ' ', 1)
    LEFT JOIN as_surname sf ON sf.t = split_part(b.forename, ' ', 1)
    LEFT JOIN as_forename fs ON fs.t = split_part(b.surname_spaced, ' ', 1)
    LEFT JOIN as_surname ss ON ss.t = split_part(b.surname_spaced, ' ', 1)
    ORDER BY b.rn
    """  # noqa: S608


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Create the cleaning macros and the nickname table on a DuckDB connection."""
    for sql in _macros():
        con.execute(sql)
    nick = nicknames()
    con.register(
        "onroll_nicknames_arrow",
        pa.table({"name": list(nick), "canonical": list(nick.values())}),
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE onroll_nicknames AS SELECT * FROM onroll_nicknames_arrow"
    )
    con.unregister("onroll_nicknames_arrow")


def standardise(table: pa.Table, con: duckdb.DuckDBPyConnection | None = None) -> pa.Table:
    """Standardise a table with (some of) the input columns; missing columns count as blank."""
    import duckdb

    own = con is None
    c = duckdb.connect() if con is None else con
    try:
        prepare(c)
        cols = set(table.column_names)
        n = table.num_rows
        for name in ("id", "forename", "surname", "dob", "sex", "postcode", "address", "upn"):
            if name not in cols:
                table = table.append_column(name, pa.nulls(n, pa.string()))
        c.register("onroll_raw_input", table)
        out = c.sql(standardise_sql("onroll_raw_input")).to_arrow_table()
        c.unregister("onroll_raw_input")
        return out
    finally:
        if own:
            c.close()


def standardise_records(records: list[dict[str, str | None]]) -> list[dict[str, object]]:
    """Standardise a few records given as dicts (for tests and for explaining one record)."""
    names = ("id", "forename", "surname", "dob", "sex", "postcode", "address", "upn")
    table = pa.table(
        {
            name: pa.array(
                [None if r.get(name) is None else str(r.get(name)) for r in records], pa.string()
            )
            for name in names
        }
    )
    result: list[dict[str, object]] = standardise(table).to_pylist()
    return result
