"""Identification records that belong to Lancashire, for tests and the access sweep.

Each helper is idempotent (found before it is made), so the sweep can call it per URL.
"""

from __future__ import annotations

from datetime import date

from onroll.identification.factories import (
    LinkageRunFactory,
    MatchDecisionFactory,
    PopulationRecordFactory,
    PopulationUploadFactory,
)
from onroll.identification.models import LinkageRun, MatchDecision, PopulationUpload
from tests.clock import NOW, TODAY
from tests.conftest import Cast

FILE_NAME = "lancashire-health.csv"


def upload(cast: Cast) -> PopulationUpload:
    """A confirmed Lancashire health list naming the sweep's secret child (Ava Dewhurst)."""
    found = PopulationUpload.objects.filter(
        local_authority=cast.lancashire, file_name=FILE_NAME
    ).first()
    if found is not None:
        return found
    made = PopulationUploadFactory(
        local_authority=cast.lancashire,
        uploaded_by=cast.charlie,
        uploaded_at=NOW,
        file_name=FILE_NAME,
        row_count=2,
    )
    PopulationRecordFactory(
        upload=made,
        line=2,
        record_id="H1",
        forename="Ava",
        surname="Dewhurst",
        date_of_birth=date(2013, 5, 17),
        postcode="PR1 1AA",
    )
    PopulationRecordFactory(
        upload=made,
        line=3,
        record_id="H2",
        forename="Nobody",
        surname="Onroll",
        date_of_birth=date(2014, 2, 3),
    )
    return made


def run(cast: Cast) -> LinkageRun:
    """A finished run of :func:`upload`: Ava's record waits for review, the other is on no
    roll."""
    the_upload = upload(cast)
    found = the_upload.runs.first()
    if found is not None:
        return found
    made = LinkageRunFactory(
        upload=the_upload,
        started_at=NOW,
        run_on=TODAY,
        population_count=2,
        roll_count=3,
        review_count=1,
        unmatched_count=1,
    )
    MatchDecisionFactory(
        run=made,
        record=the_upload.records.get(record_id="H1"),
        child=cast.pru_child,
        explanation=[
            {"field": "forename", "level": "exact", "weight": 4.2},
            {"field": "surname", "level": "exact", "weight": 3.1},
            {"field": "dob", "level": "exact", "weight": 6.5},
            {"field": "household", "level": "different", "weight": -3.0},
        ],
        known_as=["On roll at Hawthorn Lane High", "On roll at Stepping Stones"],
    )
    return made


def decision(cast: Cast) -> MatchDecision:
    return run(cast).decisions.get(child=cast.pru_child)
