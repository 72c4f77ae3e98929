"""Unique Pupil Numbers (UPN): the mod-23 check letter and validation.

A UPN is 13 characters: a check letter, then 12 characters that are 11 digits followed by
a digit (permanent UPN) or a letter (temporary UPN). Input is normalised before checking:
all whitespace is removed and letters are upper-cased, so ``" b801 2000 05001 "`` is the
valid UPN ``B801200005001``. The LA number inside the UPN is not checked against a list
(a pupil keeps the UPN on moving LA, and the list changes).
"""

from __future__ import annotations

from onroll.rules.catalogue import rule

__all__ = [
    "UPN_ALPHABET",
    "is_temporary_upn",
    "is_valid_upn",
    "normalise_upn",
    "upn_check_letter",
    "upn_problem",
]

UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
"""The 23 letters used in UPNs (no I, O or S); a letter's value is its index (A=0 … Z=22)."""

_DIGITS = "0123456789"


def normalise_upn(value: str) -> str:
    """``value`` without any whitespace and upper-cased (no other checks)."""
    return "".join(value.split()).upper()


def _body_problem(body: str) -> str | None:
    if len(body) != 12:
        return f"characters 2 to 13 must be 12 characters, not {len(body)}"
    for position, char in enumerate(body[:11], start=2):
        if char not in _DIGITS:
            return f"character {position} must be a digit, not {char!r}"
    last = body[11]
    if last not in _DIGITS and last not in UPN_ALPHABET:
        return f"character 13 must be a digit or a letter other than I, O and S, not {last!r}"
    return None


@rule(
    id="R-UPN",
    title="UPN check letter (mod 23)",
    source="DfE Unique Pupil Number data standard (govtalk UPN 2.0); domain.md §11.1",
    example="Body 801200005001: S = 2*8 + 4*1 + 5*2 + 10*5 + 13*1 = 93; 93 mod 23 = 1 → B, "
    "so B801200005001 is valid and A801200005001 is not.",
)
def upn_check_letter(body: str) -> str:
    """The check letter of a UPN is worked out from characters 2 to 13: multiply each
    character's value by its position (2 to 13; a digit's value is itself, a temporary
    UPN's final letter has its index in the 23-letter alphabet ABCDEFGHJKLMNPQRTUVWXYZ),
    add them up, take the remainder on division by 23 and look that up in the alphabet.

    ``body`` is normalised like a UPN (whitespace removed, upper-cased); a body that is not
    11 digits followed by a digit or an alphabet letter raises ``ValueError``.

    Source: DfE UPN data standard; domain.md §11.1.
    """
    if not isinstance(body, str):
        raise TypeError(f"body must be a str, got {body!r}")
    body = normalise_upn(body)
    problem = _body_problem(body)
    if problem is not None:
        raise ValueError(f"not a UPN body ({body!r}): {problem}")
    total = 0
    for position, char in enumerate(body, start=2):
        value = int(char) if char in _DIGITS else UPN_ALPHABET.index(char)
        total += position * value
    return UPN_ALPHABET[total % 23]


def upn_problem(value: object) -> str | None:
    """What is wrong with ``value`` as a UPN, in plain words, or ``None`` when it is valid.

    For form and import messages: the same checks as :func:`is_valid_upn`.
    """
    if not isinstance(value, str):
        return "a UPN must be text"
    upn = normalise_upn(value)
    if len(upn) != 13:
        return f"a UPN has 13 characters, this has {len(upn)}"
    if upn[0] not in UPN_ALPHABET:
        return f"the first character must be a letter other than I, O and S, not {upn[0]!r}"
    problem = _body_problem(upn[1:])
    if problem is not None:
        return problem
    expected = upn_check_letter(upn[1:])
    if upn[0] != expected:
        return f"the check letter is wrong (expected {expected}, found {upn[0]})"
    return None


def is_valid_upn(value: str) -> bool:
    """True when ``value`` (after removing whitespace and upper-casing) is a permanent or
    temporary UPN with the right check letter (rule R-UPN).

    Source: DfE UPN data standard; domain.md §11.1.
    """
    return upn_problem(value) is None


def is_temporary_upn(value: str) -> bool:
    """True when ``value`` is a valid temporary UPN (its 13th character is a letter)."""
    return is_valid_upn(value) and normalise_upn(value)[12] in UPN_ALPHABET
