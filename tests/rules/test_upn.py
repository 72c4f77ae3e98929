"""UPN check letter and validation: domain.md §11.1 vectors, stdnum cross-check."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.gb import upn as stdnum_upn

from onroll.rules import is_valid_upn, upn_check_letter
from onroll.rules.upn import UPN_ALPHABET, is_temporary_upn, normalise_upn, upn_problem


@pytest.mark.parametrize(
    ("upn", "valid"),
    [
        # domain.md §11.1 vectors
        ("B801200005001", True),
        ("A801200005001", False),
        ("N888700125001", True),
        ("B888712324007", True),
        ("C88871232400A", True),
        ("W88800012500G", True),
        ("X80120000A001", False),
        # normalisation: spaces removed, lower case accepted
        (" b801 2000 05001 ", True),
        ("c88871232400a", True),
        # length
        ("B80120000500", False),
        ("B8012000050011", False),
        ("", False),
        # forbidden letters I, O, S
        ("I801200005001", False),
        ("C88871232400I", False),
        ("C88871232400O", False),
        ("C88871232400S", False),
        ("1801200005001", False),
    ],
)
def test_is_valid_upn(upn: str, valid: bool) -> None:
    assert is_valid_upn(upn) is valid


def test_non_string_is_invalid() -> None:
    assert is_valid_upn(None) is False  # type: ignore[arg-type]
    assert is_valid_upn(8012000050010) is False  # type: ignore[arg-type]
    assert upn_problem(None) == "a UPN must be text"


@pytest.mark.parametrize(
    ("body", "letter"),
    [
        ("801200005001", "B"),
        ("888700125001", "N"),
        ("888712324007", "B"),
        ("88871232400A", "C"),
        ("88800012500G", "W"),
        ("888 7001 25001", "N"),
        ("88871232400a", "C"),
    ],
)
def test_upn_check_letter(body: str, letter: str) -> None:
    assert upn_check_letter(body) == letter


@pytest.mark.parametrize(
    "body",
    ["80120000500", "8012000050011", "80120000A001", "80120000500I", ""],
)
def test_upn_check_letter_rejects_malformed(body: str) -> None:
    with pytest.raises(ValueError, match="not a UPN body"):
        upn_check_letter(body)


def test_upn_check_letter_rejects_non_string() -> None:
    with pytest.raises(TypeError):
        upn_check_letter(801200005001)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("B801200005001", None),
        ("B80120000500", "13 characters"),
        ("S801200005001", "first character"),
        ("B80120000A001", "character 10 must be a digit"),
        ("B80120000500S", "character 13"),
        ("A801200005001", "expected B, found A"),
    ],
)
def test_upn_problem(value: str, message: str | None) -> None:
    problem = upn_problem(value)
    if message is None:
        assert problem is None
    else:
        assert problem is not None
        assert message in problem


def test_temporary_and_normalise() -> None:
    assert is_temporary_upn("C88871232400A")
    assert not is_temporary_upn("B801200005001")
    assert not is_temporary_upn("A88871232400A")
    assert normalise_upn(" b80 1\t2 ") == "B8012"


bodies = st.builds(
    lambda digits, last: digits + last,
    st.text(alphabet="0123456789", min_size=11, max_size=11),
    st.sampled_from(list("0123456789" + UPN_ALPHABET)),
)


@given(bodies)
def test_check_letter_matches_stdnum(body: str) -> None:
    letter = upn_check_letter(body)
    assert letter == stdnum_upn.calc_check_digit(body)
    upn = letter + body
    assert is_valid_upn(upn)
    # stdnum also checks the LA number against its list; when that passes it must agree
    if int(body[:3]) in stdnum_upn._la_numbers:
        assert stdnum_upn.is_valid(upn)


@given(bodies, st.sampled_from(list(UPN_ALPHABET)))
def test_any_other_letter_is_invalid(body: str, letter: str) -> None:
    assert is_valid_upn(letter + body) is (letter == upn_check_letter(body))


@given(st.text(max_size=20))
def test_never_raises(value: str) -> None:
    assert isinstance(is_valid_upn(value), bool)
