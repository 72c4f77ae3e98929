"""The population file check: every problem named by line and field (no database)."""

from __future__ import annotations

from datetime import date

from onroll.identification.validation import check_population_file, clean_postcode, parse_date

TODAY = date(2026, 11, 29)


def check(text: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return check_population_file(text.encode(), today=TODAY, **kwargs)  # type: ignore[arg-type]


def test_a_good_file_is_read_with_its_optional_columns_and_unused_columns_listed() -> None:
    checked = check(
        "ID,Forename,Surname,DOB,Sex,Postcode,Address,UPN,NHS number\n"
        "h1,Ava,Dewhurst,2013-05-17,f,pr1  1aa,1 Test Street,N888700125001,123\n"
        "h2,Leo,Haworth,03/02/2014,,,,,\n"
        "\n"
    )
    assert checked.ok, checked.problems
    assert [r.record_id for r in checked.rows] == ["h1", "h2"]
    first, second = checked.rows
    assert (first.sex, first.postcode, first.upn) == ("F", "PR1 1AA", "N888700125001")
    assert second.date_of_birth == date(2014, 2, 3)
    assert (first.line, second.line) == (2, 3)
    assert checked.ignored_columns == ["NHS number"]


def test_every_bad_row_and_field_is_named() -> None:
    checked = check(
        "id,forename,surname,dob,sex,postcode,upn\n"
        "a1,Ava,Dewhurst,2013-05-17,F,PR1 1AA,\n"
        "a2,,,31/02/2014,Q,NOTAPOSTCODE,A123\n"
        "a5,,Solo,2014-04-04,,,\n"
        "a1,Mia,Nowak,2030-01-01,,,\n"
        ",Tom,Riley,2012-01-01,,,\n"
    )
    assert not checked.ok
    found = {(p.line, p.field) for p in checked.problems}
    assert found == {
        (3, "forename"),
        (3, "dob"),
        (3, "sex"),
        (3, "postcode"),
        (3, "upn"),
        (5, "dob"),
        (5, "id"),
        (6, "id"),
    }
    messages = [str(p) for p in checked.problems]
    assert "Line 5, id: The id 'a1' is already used on line 2" in messages
    assert "Line 3, forename: Enter a forename or a surname (both are blank)" in messages
    assert any(
        m.startswith("Line 3, dob: Enter a real date") and "31/02/2014" in m for m in messages
    )
    assert "Line 5, dob: The date of birth 01/01/2030 is in the future" in messages
    assert [r.record_id for r in checked.rows] == ["a1", "a5"]  # one name is enough


def test_missing_columns_empty_files_and_ragged_rows_are_refused() -> None:
    assert "missing: dob" in str(check("id,forename,surname\n1,a,b\n").problems[0])
    assert "empty" in str(check("").problems[0])
    assert "no rows" in str(check("id,forename,surname,dob\n").problems[0])
    ragged = check("id,forename,surname,dob\n1,a,b,2014-01-01,extra\n")
    assert [(p.line, str(p)) for p in ragged.problems] == [
        (2, "Line 2: It has 5 cells but the header has 4")
    ]
    assert "more than once" in str(check("id,dob,forename,surname,dob\n").problems[0])


def test_too_many_rows_for_the_web_page() -> None:
    rows = "".join(f"{i},A,B,2014-01-01\n" for i in range(4))
    checked = check("id,forename,surname,dob\n" + rows, max_rows=3)
    assert "identify_population" in str(checked.problems[-1])


def test_windows_1252_files_are_read() -> None:
    data = "id,forename,surname,dob\n1,Zoë,O\u2019Neill,2014-01-01\n".encode("cp1252")
    checked = check_population_file(data, today=TODAY)
    assert checked.ok
    assert (checked.rows[0].forename, checked.rows[0].surname) == ("Zoë", "O\u2019Neill")


def test_dates_and_postcodes() -> None:
    assert parse_date("2014-02-03") == date(2014, 2, 3)
    assert parse_date("3/2/2014") == date(2014, 2, 3)
    assert parse_date("2014-13-01") is None
    assert clean_postcode("bb12ab") == "BB1 2AB"
    assert clean_postcode("M1 1AE") == "M1 1AE"
    assert clean_postcode("PR1") is None


def test_other_systems_column_names_are_understood() -> None:
    checked = check(
        "Unique ID,First Name,Last Name,Date of Birth,Gender,Post Code\n"
        "7,Julia,Taylor,29 Oct 2015,Female,l27 1zb\n"
    )
    assert checked.ok, checked.problems
    row = checked.rows[0]
    assert (row.record_id, row.forename, row.surname, row.sex, row.postcode) == (
        "7",
        "Julia",
        "Taylor",
        "F",
        "L27 1ZB",
    )
    assert row.date_of_birth == date(2015, 10, 29)
    # our own name wins when both are there; the other is listed as not used
    both = check("id,forename,first_name,surname,dob\n1,Ava,Eva,Dewhurst,2013-05-17\n")
    assert both.rows[0].forename == "Ava"
    assert both.ignored_columns == ["first_name"]
