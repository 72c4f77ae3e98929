"""Identification records that belong to Lancashire, for tests and the access sweep.

Each helper is idempotent (found before it is made), so the sweep can call it per URL.
"""

from __future__ import annotations

from datetime import date

from onroll.identification.models import (
    DecisionStatus,
    LinkageRun,
    MatchDecision,
    PopulationRecord,
    PopulationSource,
    PopulationUpload,
    RunStatus,
    UploadStatus,
)
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
    made = PopulationUpload.objects.create(
        local_authority=cast.lancashire,
        uploaded_by=cast.charlie,
        uploaded_at=NOW,
        file_name=FILE_NAME,
        source=PopulationSource.HEALTH,
        row_count=2,
        status=UploadStatus.CONFIRMED,
        confirmed_at=NOW,
    )
    PopulationRecord.objects.create(
        upload=made,
        line=2,
        record_id="H1",
        forename="Ava",
        surname="Dewhurst",
        date_of_birth=date(2013, 5, 17),
        postcode="PR1 1AA",
    )
    PopulationRecord.objects.create(
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
    made = LinkageRun.objects.create(
        upload=the_upload,
        started_by=cast.charlie,
        started_at=NOW,
        finished_at=NOW,
        status=RunStatus.SUCCEEDED,
        threshold=0.9,
        review_floor=0.5,
        run_on=TODAY,
        population_count=2,
        roll_count=3,
        review_count=1,
        unmatched_count=1,
    )
    MatchDecision.objects.create(
        run=made,
        record=the_upload.records.get(record_id="H1"),
        child=cast.pru_child,
        probability=0.8,
        match_weight=2.0,
        engine_decision="linked: below the 90% threshold",
        explanation=[
            {"field": "forename", "level": "exact", "weight": 4.2},
            {"field": "surname", "level": "exact", "weight": 3.1},
            {"field": "dob", "level": "exact", "weight": 6.5},
            {"field": "household", "level": "different", "weight": -3.0},
        ],
        known_as=["On roll at Hawthorn Lane High", "On roll at Stepping Stones"],
        status=DecisionStatus.NEEDS_REVIEW,
    )
    return made


def decision(cast: Cast) -> MatchDecision:
    return run(cast).decisions.get(child=cast.pru_child)
