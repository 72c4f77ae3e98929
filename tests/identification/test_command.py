"""manage.py identify_population: the path for files too big for the web page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from onroll.identification.models import PopulationUpload, RunStatus
from tests.conftest import Cast


def test_a_bad_file_names_its_problems_and_keeps_nothing(cast: Cast, tmp_path: Path) -> None:
    path = tmp_path / "housing.csv"
    path.write_text("id,forename,surname,dob\n1,Ava,Dewhurst,2013-02-30\n")
    with pytest.raises(CommandError, match="1 problem"):
        call_command("identify_population", str(path), user="charlie", la="888", source="housing")
    assert not PopulationUpload.objects.exists()


def test_a_good_file_is_stored_and_linked(
    cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "housing.csv"
    path.write_text(
        "id,forename,surname,dob,postcode\n"
        "1,Ava,Dewhurst,2013-05-17,PR1 1AA\n"
        "2,Poppy,Nightingale,2015-09-09,\n"
    )
    call_command("identify_population", str(path), user="charlie", la="888", source="housing")
    upload = PopulationUpload.objects.get()
    run = upload.runs.get()
    assert run.status == RunStatus.SUCCEEDED
    assert run.population_count == 2
    assert "on no roll" in capsys.readouterr().out


def test_only_an_officer_of_the_named_la(cast: Cast, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,forename,surname,dob\n1,A,B,2014-01-01\n")
    with pytest.raises(CommandError, match="not an officer of LA 888"):
        call_command("identify_population", str(path), user="diana", la="888", source="other")


def test_the_demonstration_file_is_made_from_the_rolls(cast: Cast, tmp_path: Path) -> None:
    from tests.identification.test_run import fill_roll

    fill_roll(cast, 12)
    out = tmp_path / "demo.csv"
    call_command("identification_demo_file", str(out))
    lines = out.read_text().splitlines()
    assert lines[0] == "id,forename,surname,dob,sex,postcode,address"
    assert len(lines) == 8
    assert "Zebedee" in lines[4]
