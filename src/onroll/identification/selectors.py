"""Reads for identification, scoped to the officer's LA (anything else is a 404)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from onroll.accounts.models import User
from onroll.cases.models import CaseChild
from onroll.cases.workflow import Outcome
from onroll.identification.explain import explanation_rows
from onroll.identification.models import (
    MATCHED_STATUSES,
    DecisionStatus,
    LinkageRun,
    MatchDecision,
    PopulationRecord,
    PopulationUpload,
    UploadStatus,
)
from onroll.people.models import Address, Child, ChildAddress
from onroll.registers.models import Registration
from onroll.rules import is_compulsory_school_age

#: How many of an upload's first rows its page shows before it is run.
PREVIEW_ROWS = 10


def is_cme_staff(user: User | AnonymousUser) -> bool:
    """A signed-in officer or manager of an LA's CME team (``User.is_cme_staff``)."""
    return isinstance(user, User) and user.is_cme_staff


def uploads_for_user(user: User | AnonymousUser) -> QuerySet[PopulationUpload]:
    """The uploads of the officer's own LA; none for anyone else."""
    if isinstance(user, AnonymousUser) or not is_cme_staff(user):
        return PopulationUpload.objects.none()
    return PopulationUpload.objects.filter(local_authority_id=user.organisation_id)


def upload_for_user_or_404(user: User, upload_id: int) -> PopulationUpload:
    try:
        return uploads_for_user(user).select_related("uploaded_by").get(pk=upload_id)
    except PopulationUpload.DoesNotExist as exc:
        raise Http404("No such upload") from exc


def run_for_user_or_404(user: User, run_id: int) -> LinkageRun:
    try:
        return (
            LinkageRun.objects.filter(upload__in=uploads_for_user(user))
            .select_related("upload", "started_by")
            .get(pk=run_id)
        )
    except LinkageRun.DoesNotExist as exc:
        raise Http404("No such run") from exc


def decision_for_user_or_404(user: User, decision_id: int) -> MatchDecision:
    try:
        return (
            MatchDecision.objects.filter(run__upload__in=uploads_for_user(user))
            .select_related("run__upload", "record", "child", "decided_by")
            .get(pk=decision_id)
        )
    except MatchDecision.DoesNotExist as exc:
        raise Http404("No such match") from exc


# ------------------------------------------------------------------ the LA's known children


@dataclass
class KnownChild:
    """A child the LA knows about, as the linkage engine's right-hand side sees them."""

    child: Child
    known_as: list[str] = field(default_factory=list)
    postcode: str = ""
    address: str = ""
    #: Already in an open CME case of this LA (never offered for a new case).
    open_case: str = ""


def known_children(la_id: int) -> list[KnownChild]:
    """Every child on a current roll of a school in the LA's area, every child whose CME case
    here closed as elective home education, and every child in an open CME case here."""
    known: dict[int, KnownChild] = {}

    def entry(child: Child) -> KnownChild:
        if child.pk not in known:
            known[child.pk] = KnownChild(child)
        return known[child.pk]

    registrations = (
        Registration.objects.filter(deleted_on__isnull=True, school__local_authority_id=la_id)
        .select_related("child", "school")
        .order_by("child_id", "school__name")
    )
    for registration in registrations:
        entry(registration.child).known_as.append(f"On roll at {registration.school.name}")
    links = CaseChild.objects.filter(local_authority_id=la_id).select_related("case", "child")
    for link in links.filter(case__outcome=Outcome.EHE):
        entry(link.child).known_as.append(f"Elective home education (case {link.case.reference})")
    for link in links.filter(is_open=True):
        item = entry(link.child)
        item.open_case = link.case.reference
        item.known_as.append(f"In open CME case {link.case.reference}")
    addresses = ChildAddress.objects.filter(
        child_id__in=list(known), to_date__isnull=True
    ).select_related("address")
    for home in addresses.order_by("child_id", "-from_date"):
        item = known[home.child_id]
        if not item.postcode and not item.address:
            item.postcode = home.address.postcode
            item.address = ", ".join(p for p in (home.address.line_1, home.address.town) if p)
    return [known[k] for k in sorted(known)]


# ------------------------------------------------------------------------- a run's results


@dataclass
class RecordResult:
    record: PopulationRecord
    decisions: list[MatchDecision]
    matched: MatchDecision | None
    compulsory_school_age: bool

    @property
    def pending(self) -> list[MatchDecision]:
        return [d for d in self.decisions if d.status == DecisionStatus.NEEDS_REVIEW]

    @property
    def outcome(self) -> str:
        if self.matched is not None:
            return "matched"
        if self.pending:
            return "uncertain"
        return "unmatched"


@dataclass
class RunResults:
    matched: list[RecordResult]
    uncertain: list[RecordResult]
    unmatched: list[RecordResult]

    @property
    def unmatched_of_school_age(self) -> list[RecordResult]:
        return [r for r in self.unmatched if r.compulsory_school_age]

    @property
    def eligible_for_case(self) -> list[RecordResult]:
        """Unmatched, of compulsory school age, named, and no case made for them yet."""
        return [
            r
            for r in self.unmatched_of_school_age
            if r.record.notification_id is None and r.record.forename and r.record.surname
        ]

    @property
    def unnamed_of_school_age(self) -> list[RecordResult]:
        """Unmatched and of school age but without a forename or surname to open a case."""
        return [
            r
            for r in self.unmatched_of_school_age
            if r.record.notification_id is None and not (r.record.forename and r.record.surname)
        ]


def run_results(run: LinkageRun, on: date | None = None) -> RunResults:
    """Every record of the run's upload sorted into matched, uncertain and unmatched."""
    day = on or run.run_on
    decisions = MatchDecision.objects.filter(run=run).select_related("child", "decided_by")
    by_record: dict[int, list[MatchDecision]] = defaultdict(list)
    for decision in decisions.order_by("-probability", "pk"):
        by_record[decision.record_id].append(decision)
    records = run.upload.records.select_related("notification__case")
    results = RunResults([], [], [])
    for record in records.order_by("line"):
        mine = by_record.get(record.pk, [])
        matched = next((d for d in mine if d.status in MATCHED_STATUSES), None)
        result = RecordResult(
            record, mine, matched, is_compulsory_school_age(record.date_of_birth, day)
        )
        getattr(results, result.outcome).append(result)
    return results


def latest_run(upload: PopulationUpload) -> LinkageRun | None:
    return upload.runs.order_by("-started_at", "-pk").first()


# ------------------------------------------------------------------------------- pages


def upload_list(user: User) -> QuerySet[PopulationUpload]:
    """The officer's LA's uploads not discarded, newest first."""
    return (
        uploads_for_user(user)
        .exclude(status=UploadStatus.DISCARDED)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")
    )


def latest_runs(uploads: Iterable[PopulationUpload]) -> dict[int, LinkageRun]:
    """The newest run of each upload, by upload id, in one query."""
    latest: dict[int, LinkageRun] = {}
    runs = LinkageRun.objects.filter(upload__in=[u.pk for u in uploads])
    for run in runs.order_by("upload_id", "-started_at", "-pk"):
        latest.setdefault(run.upload_id, run)
    return latest


@dataclass(frozen=True)
class UploadPage:
    """An upload's figures before (and after) it is run."""

    preview: list[PopulationRecord]
    of_age: int
    counts: dict[str, int]
    runs: QuerySet[LinkageRun]


def upload_page(upload: PopulationUpload, today: date) -> UploadPage:
    """The first rows, how many are of compulsory school age today, how many have each field,
    and the upload's runs, newest first."""
    records = upload.records.order_by("line")
    of_age = sum(
        1
        for dob in records.values_list("date_of_birth", flat=True)
        if is_compulsory_school_age(dob, today)
    )
    counts = records.aggregate(
        with_postcode=Count("pk", filter=~Q(postcode="")),
        with_upn=Count("pk", filter=~Q(upn="")),
        with_address=Count("pk", filter=~Q(address="")),
        name_missing=Count("pk", filter=Q(forename="") | Q(surname="")),
    )
    return UploadPage(
        preview=list(records[:PREVIEW_ROWS]),
        of_age=of_age,
        counts=counts,
        runs=upload.runs.select_related("started_by").order_by("-started_at", "-pk"),
    )


def run_page(run: LinkageRun, on: date) -> RunResults:
    """The run's results with each matched and uncertain candidate's explanation in words
    (``decision.rows``)."""
    results = run_results(run, on=on)
    for result in [*results.matched, *results.uncertain]:
        for decision in result.decisions:
            decision.rows = explanation_rows(decision)  # type: ignore[attr-defined]
    return results


def home_address(child: Child) -> Address | None:
    """The child's current address, if the LA knows one."""
    home = child.addresses.filter(to_date__isnull=True).select_related("address").first()
    return home.address if home else None
