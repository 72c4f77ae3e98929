"""Factories for population uploads, their records, linkage runs and match decisions: the
records a test needs as a finished run left them (a run itself is made by the service)."""

from __future__ import annotations

from datetime import date

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from onroll.accounts.factories import LocalAuthorityFactory, UserFactory
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
from onroll.people.factories import DEFAULT_TODAY, ChildFactory


class PopulationUploadFactory(DjangoModelFactory[PopulationUpload]):
    """A confirmed health list uploaded now by a CME officer of its LA."""

    class Meta:
        model = PopulationUpload

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    uploaded_by = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..local_authority")
    )
    uploaded_at = factory.LazyFunction(timezone.now)
    file_name = factory.Sequence(lambda n: f"population-{n}.csv")
    source = PopulationSource.HEALTH
    row_count = 0
    status = UploadStatus.CONFIRMED
    confirmed_at = factory.SelfAttribute("uploaded_at")


class PopulationRecordFactory(DjangoModelFactory[PopulationRecord]):
    """One row of an upload (line 2 onwards: the header is line 1)."""

    class Meta:
        model = PopulationRecord

    upload = factory.SubFactory(PopulationUploadFactory)
    line = factory.Sequence(lambda n: n + 2)
    record_id = factory.Sequence(lambda n: f"R{n}")
    forename = "Sam"
    surname = factory.Sequence(lambda n: f"Resident{n}")
    date_of_birth = date(2014, 1, 1)


class LinkageRunFactory(DjangoModelFactory[LinkageRun]):
    """A run of an upload that finished now, at the default thresholds, by the uploader."""

    class Meta:
        model = LinkageRun

    upload = factory.SubFactory(PopulationUploadFactory)
    started_by = factory.SelfAttribute("upload.uploaded_by")
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.SelfAttribute("started_at")
    status = RunStatus.SUCCEEDED
    threshold = 0.9
    review_floor = 0.5
    run_on = DEFAULT_TODAY


class MatchDecisionFactory(DjangoModelFactory[MatchDecision]):
    """The engine's pairing of one of the run's records with a child on roll, for review."""

    class Meta:
        model = MatchDecision

    run = factory.SubFactory(LinkageRunFactory)
    record = factory.SubFactory(
        PopulationRecordFactory, upload=factory.SelfAttribute("..run.upload")
    )
    child = factory.SubFactory(ChildFactory)
    probability = 0.8
    match_weight = 2.0
    engine_decision = "linked: below the 90% threshold"
    status = DecisionStatus.NEEDS_REVIEW
