"""Identification: population lists the LA holds, linked against every roll in its area.

An LA officer uploads a population file (health, housing, benefits, early years ...). It is
checked and kept as a *preview* until the officer confirms it. A confirmed upload is linked
(``onroll.linkage``) against the children the LA knows: every child on a current roll of a
school in its area, the children it knows are educated otherwise, and the children already
in its CME cases. Each candidate pair the engine keeps becomes a :class:`MatchDecision`;
uncertain ones wait for an officer to accept or reject them. Population records left
unmatched are the children on no roll; those of compulsory school age can become CME cases.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from onroll.accounts.models import LocalAuthority
from onroll.people.models import Child


class PopulationSource(models.TextChoices):
    HEALTH = "health", "Health (GP or health visitor registrations)"
    HOUSING = "housing", "Housing"
    BENEFITS = "benefits", "Benefits (housing benefit, council tax support)"
    EARLY_YEARS = "early_years", "Early years"
    CHILDREN_NOT_IN_SCHOOL = "cnis", "Children not in school register"
    OTHER = "other", "Other council list"


class UploadStatus(models.TextChoices):
    PREVIEWED = "previewed", "Checked, waiting for confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    DISCARDED = "discarded", "Discarded"


class PopulationUpload(models.Model):
    """One population file uploaded by an LA officer: who, when, what it is, how many rows."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="population_uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    file_name = models.CharField(max_length=200)
    source = models.CharField(max_length=20, choices=PopulationSource.choices)
    description = models.CharField(max_length=300, blank=True)
    row_count = models.PositiveIntegerField()
    #: Columns in the file that were not used (shown on the preview).
    ignored_columns: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=UploadStatus.choices, default=UploadStatus.PREVIEWED
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=PopulationSource.values),
                name="population_upload_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=UploadStatus.values),
                name="population_upload_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=UploadStatus.CONFIRMED)
                | models.Q(confirmed_at__isnull=False),
                name="population_upload_confirmed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_source_display()})"

    @property
    def source_label(self) -> str:
        return self.description or self.get_source_display()


class PopulationRecord(models.Model):
    """One row of a population file, as checked (the file's own id kept as ``record_id``)."""

    upload = models.ForeignKey(PopulationUpload, on_delete=models.CASCADE, related_name="records")
    line = models.PositiveIntegerField(help_text="Line of the file (the header is line 1)")
    record_id = models.CharField(max_length=64)
    forename = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    address = models.CharField(max_length=300, blank=True)
    upn = models.CharField("UPN", max_length=13, blank=True)
    #: The CME notification (and through it the case) made for this child when they were
    #: found on no roll; set once, so the same record never makes a second case.
    notification = models.ForeignKey(
        "cases.Notification", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["upload", "line"]
        constraints = [
            models.UniqueConstraint(
                fields=["upload", "record_id"], name="population_record_id_unique"
            ),
            models.UniqueConstraint(
                fields=["upload", "line"], name="population_record_line_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.forename} {self.surname} ({self.record_id})"

    @property
    def full_name(self) -> str:
        return " ".join(n for n in (self.forename, self.surname) if n)

    @property
    def sex_label(self) -> str:
        return {"F": "Female", "M": "Male", "U": "Not known"}.get(self.sex, "Not given")


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class LinkageRun(models.Model):
    """One run of the linkage engine for an upload against the LA's known children."""

    upload = models.ForeignKey(PopulationUpload, on_delete=models.CASCADE, related_name="runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    #: At or above: linked without review. Between ``review_floor`` and this: reviewed.
    threshold = models.FloatField()
    review_floor = models.FloatField()
    #: The day compulsory school age was judged on.
    run_on = models.DateField()
    population_count = models.PositiveIntegerField(default=0)
    roll_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    review_count = models.PositiveIntegerField(default=0)
    unmatched_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RunStatus.values), name="linkage_run_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(review_floor__lte=models.F("threshold"))
                & models.Q(review_floor__gte=0)
                & models.Q(threshold__lte=1),
                name="linkage_run_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Run {self.pk} of {self.upload}"


class DecisionStatus(models.TextChoices):
    AUTO = "auto", "Matched automatically"
    NEEDS_REVIEW = "needs_review", "Needs review"
    ACCEPTED = "accepted", "Accepted by an officer"
    REJECTED = "rejected", "Rejected by an officer"


#: Statuses meaning "this population record is this child".
MATCHED_STATUSES = (DecisionStatus.AUTO, DecisionStatus.ACCEPTED)


class MatchDecision(models.Model):
    """A population record and a child the engine kept as a candidate, with why."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="decisions")
    record = models.ForeignKey(PopulationRecord, on_delete=models.CASCADE, related_name="decisions")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    probability = models.FloatField()
    match_weight = models.FloatField()
    #: The engine's decision in words ("linked", "review: ...").
    engine_decision = models.CharField(max_length=200)
    #: Field by field: ``[{"field", "level", "weight"}]`` (weight in bits, + for a match).
    explanation: models.JSONField[list[dict[str, object]]] = models.JSONField(default=list)
    #: Where the child was known at the time of the run ("On roll at ...", "EHE", "Open case").
    known_as: models.JSONField[list[str]] = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=DecisionStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-probability", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "record", "child"], name="match_decision_pair_unique"
            ),
            models.UniqueConstraint(
                fields=["run", "record"],
                condition=models.Q(status__in=MATCHED_STATUSES),
                name="match_decision_one_match_per_record",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DecisionStatus.values),
                name="match_decision_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=(DecisionStatus.ACCEPTED, DecisionStatus.REJECTED))
                | (models.Q(decided_by__isnull=False) & models.Q(decided_at__isnull=False)),
                name="match_decision_officer_decision_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=models.Q(probability__gte=0) & models.Q(probability__lte=1),
                name="match_decision_probability_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record} ↔ {self.child} ({self.get_status_display()})"

    @property
    def reason(self) -> str:
        """The engine's decision as a sentence ("Same date of birth and family, ...")."""
        text = self.engine_decision.removeprefix("review: ").removeprefix("linked: ")
        return text[:1].upper() + text[1:]
