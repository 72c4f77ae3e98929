"""Identification pages: upload, preview, run, results, review and bulk case opening.

Views only translate HTTP: reads through ``selectors`` (404 outside the officer's LA), writes
through ``services``. Linking runs inside the request for files of up to
``validation.MAX_WEB_ROWS`` rows (a few seconds); bigger files use the management command.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from onroll.core.decorators import la_staff
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.identification import bulk_cases, services
from onroll.identification.forms import ChooseChildrenForm, ReviewForm, UploadForm
from onroll.identification.models import DecisionStatus, MatchDecision, UploadStatus
from onroll.identification.selectors import (
    CME_ROLES,
    decision_for_user_or_404,
    latest_run,
    run_for_user_or_404,
    run_results,
    upload_for_user_or_404,
    uploads_for_user,
)
from onroll.identification.validation import MAX_WEB_ROWS
from onroll.rules import is_compulsory_school_age

PREVIEW_ROWS = 10
MATCHED_PER_PAGE = 100

FIELD_LABELS = {
    "forename": "Forename",
    "surname": "Surname",
    "dob": "Date of birth",
    "household": "Address and postcode",
    "sex": "Sex",
    "upn": "UPN",
}


def _level_words(level: str) -> str:
    if "is NULL" in level or level in {"missing", "no address to compare"}:
        return "not on both records"
    if level.startswith("Exact match"):
        return "exact"
    if level == "All other comparisons":
        return "different"
    return level


def explanation_rows(decision: MatchDecision) -> list[dict[str, Any]]:
    """The engine's explanation, field by field, in words for the page."""
    rows = []
    for item in decision.explanation:
        weight = float(item.get("weight", 0.0))
        rows.append(
            {
                "field": FIELD_LABELS.get(str(item.get("field")), str(item.get("field"))),
                "level": _level_words(str(item.get("level", ""))),
                "weight": weight,
                "effect": "for" if weight > 0.05 else "against" if weight < -0.05 else "neutral",
            }
        )
    return rows


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _with_explanations(decisions: list[MatchDecision]) -> list[MatchDecision]:
    for decision in decisions:
        decision.rows = explanation_rows(decision)  # type: ignore[attr-defined]
    return decisions


@la_staff(*CME_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    uploads = (
        uploads_for_user(request.user)
        .exclude(status=UploadStatus.DISCARDED)
        .select_related("uploaded_by")
        .annotate(run_total=Count("runs"))
    )
    rows = [(upload, latest_run(upload)) for upload in uploads[:50]]
    return render(request, "identification/index.html", {"rows": rows})


@la_staff(*CME_ROLES)
def upload(request: HttpRequest) -> HttpResponse:
    problems: list[Any] = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            file = form.cleaned_data["file"]
            try:
                created = services.population_upload_create(
                    acting_user=request.user,
                    file_name=file.name,
                    data=file.read(),
                    source=form.cleaned_data["source"],
                    description=form.cleaned_data["description"],
                    today=timezone.localdate(),
                )
            except services.UploadRefused as refused:
                problems = refused.problems
                count = len(problems)
                form.add_error(
                    "file",
                    f"The file has {count} problem{'s' if count != 1 else ''}: nothing was "
                    "saved. Correct the rows listed below and upload it again",
                )
            else:
                return redirect("identification:upload_detail", upload_id=created.pk)
    else:
        form = UploadForm()
    return render(
        request,
        "identification/upload.html",
        {"form": form, "problems": problems, "max_rows": MAX_WEB_ROWS},
    )


@la_staff(*CME_ROLES)
def upload_detail(request: HttpRequest, upload_id: int) -> HttpResponse:
    the_upload = upload_for_user_or_404(request.user, upload_id)
    records = the_upload.records.order_by("line")
    today = timezone.localdate()
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
    runs = the_upload.runs.select_related("started_by").order_by("-started_at")
    audit_record(
        actor=request.user, action=AuditAction.IDENTIFICATION_UPLOAD_VIEWED, obj=the_upload
    )
    return render(
        request,
        "identification/upload_detail.html",
        {
            "upload": the_upload,
            "preview": records[:PREVIEW_ROWS],
            "preview_rows": PREVIEW_ROWS,
            "of_age": of_age,
            "counts": counts,
            "runs": runs,
            "too_big": the_upload.row_count > MAX_WEB_ROWS,
            "max_rows": MAX_WEB_ROWS,
            "today": today,
        },
    )


@la_staff(*CME_ROLES)
def upload_run(request: HttpRequest, upload_id: int) -> HttpResponse:
    the_upload = upload_for_user_or_404(request.user, upload_id)  # 404 outside scope first
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if the_upload.row_count > MAX_WEB_ROWS:
        messages.error(
            request,
            f"This file has more than {MAX_WEB_ROWS:,} rows: run it with manage.py "
            "identify_population",
        )
        return redirect("identification:upload_detail", upload_id=the_upload.pk)
    try:
        run = services.linkage_run_start(
            upload=the_upload,
            acting_user=request.user,
            today=timezone.localdate(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("identification:upload_detail", upload_id=the_upload.pk)
    if run.status != "succeeded":
        messages.error(request, f"Identification failed: {run.error}")
        return redirect("identification:upload_detail", upload_id=the_upload.pk)
    return redirect("identification:run_detail", run_id=run.pk)


@la_staff(*CME_ROLES)
def upload_discard(request: HttpRequest, upload_id: int) -> HttpResponse:
    the_upload = upload_for_user_or_404(request.user, upload_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.population_upload_discard(upload=the_upload, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("identification:upload_detail", upload_id=the_upload.pk)
    messages.success(request, f"{the_upload.file_name} was discarded")
    return redirect("identification:index")


@la_staff(*CME_ROLES)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = run_for_user_or_404(request.user, run_id)
    results = run_results(run, on=timezone.localdate())
    matched_page = Paginator(results.matched, MATCHED_PER_PAGE).get_page(request.GET.get("page"))
    for result in [*matched_page.object_list, *results.uncertain]:
        _with_explanations(result.decisions)
    audit_record(
        actor=request.user,
        action=AuditAction.IDENTIFICATION_RESULTS_VIEWED,
        obj=run,
        detail={"upload": run.upload_id},
    )
    return render(
        request,
        "identification/run_detail.html",
        {"run": run, "upload": run.upload, "results": results, "matched_page": matched_page},
    )


@la_staff(*CME_ROLES)
def match_review(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = decision_for_user_or_404(request.user, decision_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.match_decide(decision=decision, accept=accept, acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            record = decision.record
            messages.success(
                request,
                f"{record.full_name} (line {record.line}): "
                + (f"matched to {decision.child.full_name}" if accept else "match rejected"),
            )
            return redirect("identification:run_detail", run_id=decision.run_id)
    child = decision.child
    audit_record(
        actor=request.user, action=AuditAction.CHILD_VIEWED, obj=child, detail={"via": "review"}
    )
    address = child.addresses.filter(to_date__isnull=True).select_related("address").first()
    return render(
        request,
        "identification/review.html",
        {
            "decision": decision,
            "record": decision.record,
            "child": child,
            "address": address.address if address else None,
            "rows": explanation_rows(decision),
            "form": form,
            "decided": decision.status != DecisionStatus.NEEDS_REVIEW,
        },
    )


@la_staff(*CME_ROLES)
def run_cases(request: HttpRequest, run_id: int) -> HttpResponse:
    """Choose the children on no roll to open cases for, confirm, then open them."""
    run = run_for_user_or_404(request.user, run_id)
    today = timezone.localdate()
    results = run_results(run, on=today)
    eligible = results.eligible_for_case
    by_pk = {r.record.pk: r.record for r in eligible}
    choices = [
        (
            r.record.pk,
            f"{r.record.full_name}, born {_long_date(r.record.date_of_birth)}"
            + (f", {r.record.postcode}" if r.record.postcode else ""),
        )
        for r in eligible
    ]
    step = request.POST.get("step", "choose")
    form = ChooseChildrenForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        initial={"records": list(by_pk)},
    )
    if request.method == "POST" and form.is_valid():
        chosen = [by_pk[pk] for pk in form.cleaned_data["records"]]
        if step == "confirm":
            try:
                made = bulk_cases.cases_create_for_unmatched(
                    run=run,
                    record_ids=[r.pk for r in chosen],
                    acting_user=request.user,
                    today=today,
                )
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                count = len(made.created)
                messages.success(
                    request,
                    f"{count} CME case{'s' if count != 1 else ''} opened"
                    + (f"; {len(made.skipped)} skipped" if made.skipped else ""),
                )
                if made.skipped:
                    for record, why in made.skipped:
                        messages.info(request, f"{record.full_name} not opened: {why}")
                return redirect("identification:run_detail", run_id=run.pk)
        else:
            return render(
                request,
                "identification/cases_confirm.html",
                {"run": run, "upload": run.upload, "chosen": chosen, "form": form},
            )
    return render(
        request,
        "identification/cases_choose.html",
        {
            "run": run,
            "upload": run.upload,
            "form": form,
            "eligible": eligible,
            "not_of_age": len(results.unmatched) - len(results.unmatched_of_school_age),
            "unnamed": results.unnamed_of_school_age,
            "today": today,
        },
    )
