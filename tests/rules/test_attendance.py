"""ATTENDANCE_CODES and summarise_attendance: the stable interface, thresholds, properties."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onroll.rules import ATTENDANCE_CODES, AttendanceSummary, summarise_attendance
from onroll.rules.attendance import (
    AttendanceCategory,
    DayKind,
    attendance_category,
    classify_day,
    current_run,
    is_persistent_absence,
    is_severe_absence,
    longest_run,
)

CATEGORIES = {
    "present": {"/", "\\", "L"},
    "approved_activity": {"K", "V", "P", "W", "B"},
    "authorised_absence": {"C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E"},
    "unauthorised_absence": {"G", "N", "O", "U"},
    "not_possible": {"D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#"},
}
ALL_CODES = sorted(ATTENDANCE_CODES)


def test_every_2024_code_in_its_category() -> None:
    got: dict[str, set[str]] = {}
    for code, entry in ATTENDANCE_CODES.items():
        got.setdefault(entry.category, set()).add(code)
        assert entry.meaning
        meaning, category = entry
        assert meaning == entry.meaning
        assert category == entry[1] == entry.category == entry["category"]
        assert entry["meaning"] == entry[0] == entry.meaning
        assert entry[:1] == (meaning,)
    assert got == CATEGORIES
    assert {str(c) for c in AttendanceCategory} == set(CATEGORIES)
    for retired in ("H", "F", "J", "Y"):
        assert retired not in ATTENDANCE_CODES


def test_code_entry_rejects_unknown_key() -> None:
    with pytest.raises(KeyError):
        ATTENDANCE_CODES["N"]["colour"]


def test_codes_are_read_only() -> None:
    with pytest.raises(TypeError):
        ATTENDANCE_CODES["H"] = ATTENDANCE_CODES["C"]  # type: ignore[index]


def test_attendance_category() -> None:
    assert attendance_category("N") == "unauthorised_absence"
    with pytest.raises(ValueError, match="'H'"):
        attendance_category("H")
    with pytest.raises(ValueError, match="unknown"):
        attendance_category(["N"])  # type: ignore[arg-type]


def test_summary_fields_are_stable() -> None:
    assert [f.name for f in dataclasses.fields(AttendanceSummary)] == [
        "possible_sessions",
        "attended_sessions",
        "authorised_absences",
        "unauthorised_absences",
        "attendance_rate",
        "persistent_absence",
        "severe_absence",
        "current_unauthorised_run_days",
        "longest_unauthorised_run_days",
        "sickness_sessions",
    ]
    summary = summarise_attendance([])
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.possible_sessions = 3  # type: ignore[misc]


def test_empty_and_nothing_possible() -> None:
    for sessions in ([], ["#", "#"], ["D", "X", "Y1", "Z"]):
        summary = summarise_attendance(sessions)
        assert summary.possible_sessions == 0
        assert summary.attendance_rate is None
        assert summary.persistent_absence is False
        assert summary.severe_absence is False
        assert summary.current_unauthorised_run_days == 0


def test_worked_example() -> None:
    summary = summarise_attendance(["/", "\\", "N", "N", "#", "#", "I", "I"])
    assert summary == AttendanceSummary(
        possible_sessions=6,
        attended_sessions=2,
        authorised_absences=2,
        unauthorised_absences=2,
        attendance_rate=pytest.approx(1 / 3),
        persistent_absence=True,
        severe_absence=True,
        current_unauthorised_run_days=0,
        longest_unauthorised_run_days=1,
        sickness_sessions=2,
    )


def test_approved_activity_counts_as_attended() -> None:
    summary = summarise_attendance(["K", "V", "P", "W", "B", "L"])
    assert summary.attended_sessions == 6
    assert summary.attendance_rate == 1.0


@pytest.mark.parametrize(
    ("absent", "persistent", "severe"),
    [
        (0, False, False),
        (9, False, False),  # 9% (N-1)
        (10, True, False),  # 10% (N)
        (11, True, False),  # 11% (N+1)
        (49, True, False),
        (50, True, True),
        (51, True, True),
        (100, True, True),
    ],
)
def test_persistent_and_severe_thresholds(absent: int, persistent: bool, severe: bool) -> None:
    # 100 possible sessions, absences split between authorised and unauthorised
    auth = absent // 2
    sessions = ["I"] * auth + ["O"] * (absent - auth) + ["/"] * (100 - absent)
    sessions += ["#", "#"]  # not possible: must not move the denominator
    summary = summarise_attendance(sessions)
    assert summary.possible_sessions == 100
    assert summary.persistent_absence is persistent
    assert summary.severe_absence is severe
    assert is_persistent_absence(absent, 100) is persistent
    assert is_severe_absence(absent, 100) is severe


def test_threshold_on_awkward_denominators() -> None:
    # 3 of 30 is exactly 10%; 1 of 3 is >= 10%; 29 of 59 is just under 50%.
    assert is_persistent_absence(3, 30)
    assert not is_persistent_absence(2, 21)
    assert is_persistent_absence(3, 21)
    assert not is_severe_absence(29, 59)
    assert is_severe_absence(30, 59)
    assert not is_persistent_absence(0, 0)
    assert not is_severe_absence(0, 0)


@pytest.mark.parametrize(
    ("sessions", "current", "longest"),
    [
        (["N", "N"], 1, 1),
        (["G", "O"], 1, 1),
        (["N", "#"], 1, 1),  # one possible session, G/N/O
        (["#", "N"], 1, 1),
        (["N", "U"], 0, 0),  # U breaks the run
        (["N", "I"], 0, 0),
        (["N", "/"], 0, 0),
        (["N", "D"], 1, 1),  # D is not possible: the possible one is N
        (["N", "N", "#", "#", "N", "N"], 2, 2),  # neutral day skipped
        (["N", "N", "/", "/", "N", "N"], 1, 1),
        (["N", "N", "N", "N", "/", "/"], 0, 2),
        (["N", "N", "N", "N", "/", "\\", "O", "O"], 1, 2),
        (["#", "#", "#", "#"], 0, 0),
        (["/", "\\", "#", "#"], 0, 0),
    ],
)
def test_runs(sessions: list[str], current: int, longest: int) -> None:
    summary = summarise_attendance(sessions)
    assert summary.current_unauthorised_run_days == current
    assert summary.longest_unauthorised_run_days == longest


@pytest.mark.parametrize("days", [19, 20, 21])
def test_run_either_side_of_twenty(days: int) -> None:
    sessions = ["/", "\\"] + ["N", "O"] * days
    summary = summarise_attendance(sessions)
    assert summary.current_unauthorised_run_days == days
    assert (summary.current_unauthorised_run_days >= 20) is (days >= 20)


def test_sickness_sessions() -> None:
    assert summarise_attendance(["I", "/", "I", "I"]).sickness_sessions == 3


def test_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match=r"odd number of sessions \(3\)"):
        summarise_attendance(["/", "\\", "/"])
    with pytest.raises(ValueError, match=r"unknown attendance code 'H' at session 2"):
        summarise_attendance(["/", "H"])
    with pytest.raises(ValueError, match="unknown attendance code 'n'"):
        summarise_attendance(["n", "N"])
    with pytest.raises(ValueError, match="unknown attendance code None"):
        summarise_attendance(["N", None])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="not a str"):
        summarise_attendance("NN")


def test_accepts_any_sequence() -> None:
    assert summarise_attendance(("N", "N")).current_unauthorised_run_days == 1


def test_classify_day_and_run_helpers() -> None:
    assert classify_day(None, None) is DayKind.NEUTRAL
    assert classify_day("N", None) is DayKind.ABSENT
    assert classify_day("U", "N") is DayKind.BREAKING
    assert classify_day("U", "N", run_codes={"G", "N", "O", "U"}) is DayKind.ABSENT
    kinds = [DayKind.ABSENT, DayKind.NEUTRAL, DayKind.ABSENT, DayKind.BREAKING, DayKind.ABSENT]
    assert current_run(kinds) == 1
    assert longest_run(kinds) == 2


codes = st.sampled_from(ALL_CODES)


@given(st.lists(st.tuples(codes, codes), max_size=60))
def test_summary_invariants(days: list[tuple[str, str]]) -> None:
    sessions = [code for day in days for code in day]
    s = summarise_attendance(sessions)
    assert s.attended_sessions + s.authorised_absences + s.unauthorised_absences == (
        s.possible_sessions
    )
    assert 0 <= s.possible_sessions <= len(sessions)
    if s.possible_sessions:
        assert s.attendance_rate is not None
        assert 0.0 <= s.attendance_rate <= 1.0
    else:
        assert s.attendance_rate is None
    assert s.severe_absence <= s.persistent_absence
    assert 0 <= s.current_unauthorised_run_days <= s.longest_unauthorised_run_days <= len(days)
    assert s.longest_unauthorised_run_days * 1 <= s.unauthorised_absences
    assert s.sickness_sessions <= s.authorised_absences
    assert s.sickness_sessions == sessions.count("I")


@given(
    st.lists(st.tuples(codes, codes), max_size=30),
    st.lists(st.tuples(codes, codes), max_size=30),
)
def test_longest_run_is_max_over_splits(
    first: list[tuple[str, str]], second: list[tuple[str, str]]
) -> None:
    whole = summarise_attendance([c for day in first + second for c in day])
    a = summarise_attendance([c for day in first for c in day])
    b = summarise_attendance([c for day in second for c in day])
    assert whole.longest_unauthorised_run_days >= max(
        a.longest_unauthorised_run_days, b.longest_unauthorised_run_days
    )
    assert whole.possible_sessions == a.possible_sessions + b.possible_sessions
    # the newest part decides the current run unless it is all absent or neutral
    if b.current_unauthorised_run_days < sum(
        1 for am, pm in second if classify_day(am, pm) is not DayKind.NEUTRAL
    ):
        assert whole.current_unauthorised_run_days == b.current_unauthorised_run_days


def _reference_runs(sessions: list[str]) -> tuple[int, int]:
    """The run definitions of the architecture note, written independently."""
    not_possible = {c for c, e in ATTENDANCE_CODES.items() if e.category == "not_possible"}
    kinds = []
    for am, pm in zip(sessions[::2], sessions[1::2], strict=True):
        possible = [c for c in (am, pm) if c not in not_possible]
        if not possible:
            kinds.append("neutral")
        elif set(possible) <= {"G", "N", "O"}:
            kinds.append("absent")
        else:
            kinds.append("breaking")
    counted = [k for k in kinds if k != "neutral"]
    pieces = "".join("a" if k == "absent" else "|" for k in counted).split("|")
    return len(pieces[-1]), max(len(p) for p in pieces)


run_codes = st.sampled_from(["G", "N", "O", "#", "D", "X", "/", "U", "I", "E", "Y1"])


@given(st.lists(st.tuples(run_codes, run_codes), max_size=40))
def test_runs_match_reference(days: list[tuple[str, str]]) -> None:
    sessions = [code for day in days for code in day]
    summary = summarise_attendance(sessions)
    current, longest = _reference_runs(sessions)
    assert summary.current_unauthorised_run_days == current
    assert summary.longest_unauthorised_run_days == longest


@given(st.lists(codes, max_size=80).filter(lambda s: len(s) % 2 == 0))
def test_counts_match_reference(sessions: list[str]) -> None:
    summary = summarise_attendance(sessions)
    category = {c: e.category for c, e in ATTENDANCE_CODES.items()}
    cats = [category[c] for c in sessions]
    possible = sum(c != "not_possible" for c in cats)
    attended = sum(c in ("present", "approved_activity") for c in cats)
    absences = sum(c in ("authorised_absence", "unauthorised_absence") for c in cats)
    assert summary.possible_sessions == possible
    assert summary.attended_sessions == attended
    assert summary.attendance_rate == (attended / possible if possible else None)
    assert summary.persistent_absence == (possible > 0 and absences / possible >= 0.10)
    assert summary.severe_absence == (possible > 0 and absences / possible >= 0.50)
