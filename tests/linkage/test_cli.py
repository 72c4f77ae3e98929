"""The ``onroll link`` / ``onroll synth`` contract (docs/architecture.md): columns, one best
right_id per left_id, threshold respected, missing optional columns, and bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from onroll.cli import main


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    assert main(["synth", str(out), "--left", "400", "--right", "380", "--seed", "11"]) == 0
    return out


@pytest.fixture(scope="module")
def linked(files: Path) -> Path:
    args = [
        "link",
        str(files / "population.csv"),
        str(files / "roll.csv"),
        "--out",
        str(files / "out.csv"),
        "--review",
        str(files / "review.csv"),
        "--explain",
        str(files / "explain.csv"),
        "--unmatched",
        str(files / "no_roll.csv"),
        "--save-model",
        str(files / "model.json"),
        "--threshold",
        "0.5",
    ]
    assert main(args) == 0
    return files


def test_output_columns_are_exactly_the_contract(linked: Path) -> None:
    with (linked / "out.csv").open() as fh:
        header = fh.readline().strip()
    assert header == "left_id,right_id,match_probability"


def test_one_best_right_id_per_left_id_and_threshold(linked: Path) -> None:
    rows = read(linked / "out.csv")
    assert rows
    lefts = [r["left_id"] for r in rows]
    assert len(lefts) == len(set(lefts))
    assert all(0.5 <= float(r["match_probability"]) <= 1.0 for r in rows)
    left_ids = {r["id"] for r in read(linked / "population.csv")}
    right_ids = {r["id"] for r in read(linked / "roll.csv")}
    assert {r["left_id"] for r in rows} <= left_ids
    assert {r["right_id"] for r in rows} <= right_ids


def test_links_are_mostly_right(linked: Path) -> None:
    truth = {r["left_id"]: r["right_id"] for r in read(linked / "truth.csv")}
    rows = read(linked / "out.csv")
    correct = sum(truth[r["left_id"]] == r["right_id"] for r in rows)
    assert correct / len(rows) >= 0.98


def test_unmatched_list_and_explanations(linked: Path) -> None:
    rows = read(linked / "out.csv")
    no_roll = {r["left_id"] for r in read(linked / "no_roll.csv")}
    population = {r["id"] for r in read(linked / "population.csv")}
    assert no_roll == population - {r["left_id"] for r in rows}
    explain = read(linked / "explain.csv")
    linked_pairs = {(r["left_id"], r["right_id"]) for r in rows}
    explained = {
        (r["left_id"], r["right_id"]) for r in explain if r["decision"].startswith("linked")
    }
    assert explained == linked_pairs
    first = explain[0]
    for field in ("forename", "surname", "dob", "household", "sex", "upn"):
        assert field in first
        float(first[f"{field}_weight"])


def test_higher_threshold_gives_a_subset(linked: Path, tmp_path: Path) -> None:
    out = tmp_path / "strict.csv"
    args = [
        "link",
        str(linked / "population.csv"),
        str(linked / "roll.csv"),
        "--out",
        str(out),
        "--threshold",
        "0.999",
        "--model",
        str(linked / "model.json"),
    ]
    assert main(args) == 0
    strict = read(out)
    assert all(float(r["match_probability"]) >= 0.999 for r in strict)
    loose = {(r["left_id"], r["right_id"]) for r in read(linked / "out.csv")}
    assert {(r["left_id"], r["right_id"]) for r in strict} <= loose


def test_stored_model_gives_the_same_links(linked: Path, tmp_path: Path) -> None:
    out = tmp_path / "again.csv"
    args = [
        "link",
        str(linked / "population.csv"),
        str(linked / "roll.csv"),
        "--out",
        str(out),
        "--threshold",
        "0.5",
        "--model",
        str(linked / "model.json"),
    ]
    assert main(args) == 0
    assert read(out) == read(linked / "out.csv")


def test_missing_optional_columns(linked: Path, tmp_path: Path) -> None:
    """Only id, forename, surname and dob; a column of blanks; unknown extra columns."""
    for name in ("population", "roll"):
        rows = read(linked / f"{name}.csv")
        with (tmp_path / f"{name}.csv").open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["ID", "Forename", "surname", "dob", "sex", "favourite_colour"])
            for r in rows:
                w.writerow([r["id"], r["forename"], r["surname"], r["dob"], "", "blue"])
    out = tmp_path / "out.csv"
    code = main(
        ["link", str(tmp_path / "population.csv"), str(tmp_path / "roll.csv"), "--out", str(out)]
    )
    assert code == 0
    rows = read(out)
    assert len(rows) > 300
    assert len({r["left_id"] for r in rows}) == len(rows)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


GOOD = "id,forename,surname,dob\n1,Amy,Smith,2015-01-02\n2,Ben,Jones,2014-03-04\n"


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        ("forename,surname,dob\nAmy,Smith,2015-01-02\n", "line 1: no 'id' column"),
        ("id,forename\n1,Amy\n2,Ben\n1,Cal\n", "line 4, field 'id': id '1' duplicates line 2"),
        ("id,forename\n1,Amy\n,Ben\n", "line 3, field 'id': the id is blank"),
        ("id,forename\n1,Amy,extra,cells\n", "line 2: 4 cells but the header has 2"),
        ("", "is empty"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], left: str, expected: str
) -> None:
    out = tmp_path / "out.csv"
    code = main(
        [
            "link",
            str(write(tmp_path / "left.csv", left)),
            str(write(tmp_path / "right.csv", GOOD)),
            "--out",
            str(out),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "LEFT file" in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["left.csv", "right.csv"]


def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.csv"
    right = write(tmp_path / "right.csv", GOOD)
    code = main(["link", str(tmp_path / "missing.csv"), str(right), "--out", str(out)])
    assert code == 2
    assert "cannot be read" in capsys.readouterr().err
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"id\x00\x01\x02")
    assert main(["link", str(right), str(binary), "--out", str(out)]) == 2
    assert "RIGHT file" in capsys.readouterr().err
    assert not out.exists()


def test_bad_threshold_is_refused(tmp_path: Path) -> None:
    right = write(tmp_path / "right.csv", GOOD)
    with pytest.raises(SystemExit) as exc:
        main(["link", str(right), str(right), "--out", str(tmp_path / "o.csv"), "--threshold", "2"])
    assert exc.value.code == 2


def test_nobody_on_any_roll_gives_an_empty_result_not_an_error(tmp_path: Path) -> None:
    """A population list with no child on the rolls is a normal answer: all on no roll."""
    left = tmp_path / "left.csv"
    right = tmp_path / "right.csv"
    out = tmp_path / "out.csv"
    left.write_text(
        "id,forename,surname,dob\n1,Zebedee,Quux,2015-01-01\n2,Xanthe,Vorp,2014-02-02\n"
    )
    right.write_text(
        "id,forename,surname,dob\na,Amelia,Smith,2016-03-03\nb,Oliver,Jones,2013-04-04\n"
        "c,Harry,Brown,2012-05-05\n"
    )
    assert main(["link", str(left), str(right), "--out", str(out)]) == 0
    with out.open() as f:
        rows = list(csv.reader(f))
    assert rows == [["left_id", "right_id", "match_probability"]]
