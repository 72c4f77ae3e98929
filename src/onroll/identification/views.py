"""Identification pages: upload, preview, run, results, review and bulk case opening.

Views only translate HTTP: reads through ``selectors`` (404 outside the officer's LA), writes
through ``services``. Linking runs inside the request for files of up to
``validation.MAX_WEB_ROWS`` rows (a few seconds); bigger files use the management command.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from onroll.accounts.http import AuthenticatedHttpRequest
from onroll.accounts.roles import CME_ROLES
from onroll.core.decorators import la_staff
from onroll.core.flow import submit
from onroll.core.models import AuditAction
from onroll.core.pagination import paginate
from onroll.core.services import audit_record
from onroll.identification import bulk_cases, selectors, services
from onroll.identification.bulk_cases import CasesMade
from onroll.identification.explain import explanation_rows
from onroll.identification.forms import ChooseChildrenForm, ReviewForm, UploadForm
from onroll.identification.models import DecisionStatus, LinkageRun, PopulationUpload
from onroll.identification.validation import MAX_WEB_ROWS, Problem

MATCHED_PER_PAGE = 100


@la_staff(*CME_ROLES)
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.upload_list(request.user))
    latest = selectors.latest_runs(page.object_list)
    rows = [(upload, latest.get(upload.pk)) for upload in page.object_list]
    return render(request, "identification/index.html", {"rows": rows, "page": page})


@la_staff(*CME_ROLES)
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    problems: list[Problem] = []
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()

    def keep(data: dict[str, Any]) -> PopulationUpload:
        try:
            return services.population_upload_create(
                acting_user=request.user,
                file_name=data["file"].name,
                data=data["file"].read(),
                source=data["source"],
                description=data["description"],
                today=timezone.localdate(),
            )
        except services.UploadRefused as refused:
            problems.extend(refused.problems)
            count = len(problems)
            raise ValidationError(
                {
                    "file": f"The file has {count} problem{'s' if count != 1 else ''}: nothing "
                    "was saved. Correct the rows listed below and upload it again"
                }
            ) from refused

    done = submit(
        request,
        form,
        keep,
        success=lambda created: f"{created.file_name}: {created.row_count} rows checked",
        then=lambda created: redirect("identification:upload_detail", upload_id=created.pk),
    )
    return done or render(
        request,
        "identification/upload.html",
        {"form": form, "problems": problems, "max_rows": MAX_WEB_ROWS},
    )


@la_staff(*CME_ROLES)
def upload_detail(request: AuthenticatedHttpRequest, upload_id: int) -> HttpResponse:
    the_upload = selectors.upload_for_user_or_404(request.user, upload_id)
    today = timezone.localdate()
    page = selectors.upload_page(the_upload, today)
    audit_record(
        actor=request.user, action=AuditAction.IDENTIFICATION_UPLOAD_VIEWED, obj=the_upload
    )
    return render(
        request,
        "identification/upload_detail.html",
        {
            "upload": the_upload,
            "preview": page.preview,
            "preview_rows": selectors.PREVIEW_ROWS,
            "of_age": page.of_age,
            "counts": page.counts,
            "runs": paginate(request, page.runs, per_page=20),
            "too_big": the_upload.row_count > MAX_WEB_ROWS,
            "max_rows": MAX_WEB_ROWS,
            "today": today,
        },
    )


def _refused(request: AuthenticatedHttpRequest, message: str, upload_id: int) -> HttpResponse:
    messages.error(request, message)
    return redirect("identification:upload_detail", upload_id=upload_id)


@la_staff(*CME_ROLES)
def upload_run(request: AuthenticatedHttpRequest, upload_id: int) -> HttpResponse:
    the_upload = selectors.upload_for_user_or_404(request.user, upload_id)  # 404 first
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if the_upload.row_count > MAX_WEB_ROWS:
        return _refused(
            request,
            f"This file has more than {MAX_WEB_ROWS:,} rows: run it with manage.py "
            "identify_population",
            the_upload.pk,
        )
    try:
        run = services.linkage_run_start(
            upload=the_upload, acting_user=request.user, today=timezone.localdate()
        )
    except ValidationError as exc:
        return _refused(request, " ".join(exc.messages), the_upload.pk)
    if run.status != "succeeded":
        return _refused(request, f"Identification failed: {run.error}", the_upload.pk)
    return redirect("identification:run_detail", run_id=run.pk)


@la_staff(*CME_ROLES)
def upload_discard(request: AuthenticatedHttpRequest, upload_id: int) -> HttpResponse:
    the_upload = selectors.upload_for_user_or_404(request.user, upload_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.population_upload_discard(upload=the_upload, acting_user=request.user)
    except ValidationError as exc:
        return _refused(request, " ".join(exc.messages), the_upload.pk)
    messages.success(request, f"{the_upload.file_name} was discarded")
    return redirect("identification:index")


@la_staff(*CME_ROLES)
def run_detail(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_for_user_or_404(request.user, run_id)
    results = selectors.run_page(run, on=timezone.localdate())
    audit_record(
        actor=request.user,
        action=AuditAction.IDENTIFICATION_RESULTS_VIEWED,
        obj=run,
        detail={"upload": run.upload_id},
    )
    return render(
        request,
        "identification/run_detail.html",
        {
            "run": run,
            "upload": run.upload,
            "results": results,
            "matched_page": paginate(request, results.matched, per_page=MATCHED_PER_PAGE),
            "unmatched_page": paginate(
                request, results.unmatched, per_page=MATCHED_PER_PAGE, param="unmatched"
            ),
        },
    )


@la_staff(*CME_ROLES)
def match_review(request: AuthenticatedHttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_for_user_or_404(request.user, decision_id)
    form = ReviewForm(request.POST or None)
    record = decision.record
    done = submit(
        request,
        form,
        lambda data: services.match_decide(
            decision=decision, accept=data["decision"] == "accept", acting_user=request.user
        ),
        success=lambda decided: (
            f"{record.full_name} (line {record.line}): "
            + (
                f"matched to {decision.child.full_name}"
                if decided.status == DecisionStatus.ACCEPTED
                else "match rejected"
            )
        ),
        then=lambda _: redirect("identification:run_detail", run_id=decision.run_id),
    )
    if done:
        return done
    child = decision.child
    audit_record(
        actor=request.user, action=AuditAction.CHILD_VIEWED, obj=child, detail={"via": "review"}
    )
    return render(
        request,
        "identification/review.html",
        {
            "decision": decision,
            "record": record,
            "child": child,
            "address": selectors.home_address(child),
            "rows": explanation_rows(decision),
            "form": form,
            "decided": decision.status != DecisionStatus.NEEDS_REVIEW,
        },
    )


def _choose_page(
    request: AuthenticatedHttpRequest, run: LinkageRun, form: ChooseChildrenForm | None = None
) -> HttpResponse:
    """The children on no roll a case may be opened for, to choose from (with ``form``'s
    errors when a choice was refused)."""
    today = timezone.localdate()
    results = selectors.run_results(run, on=today)
    eligible = [r.record for r in results.eligible_for_case]
    return render(
        request,
        "identification/cases_choose.html",
        {
            "run": run,
            "upload": run.upload,
            "form": form or ChooseChildrenForm(eligible=eligible),
            "eligible": eligible,
            "not_of_age": len(results.unmatched) - len(results.unmatched_of_school_age),
            "unnamed": results.unnamed_of_school_age,
            "today": today,
        },
    )


@la_staff(*CME_ROLES)
def run_cases(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """Choose the children on no roll to open cases for (step 1 of 3)."""
    return _choose_page(request, selectors.run_for_user_or_404(request.user, run_id))


def _posted_choice(
    request: AuthenticatedHttpRequest, run_id: int
) -> tuple[LinkageRun, ChooseChildrenForm | None]:
    """The run (404 outside the officer's LA) and, on a POST, the children chosen from those
    still eligible (no form for a GET, which goes back to the choice)."""
    run = selectors.run_for_user_or_404(request.user, run_id)
    if request.method != "POST":
        return run, None
    results = selectors.run_results(run, on=timezone.localdate())
    eligible = [r.record for r in results.eligible_for_case]
    return run, ChooseChildrenForm(request.POST, eligible=eligible)


@la_staff(*CME_ROLES)
def run_cases_check(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """Check the children chosen before anything is opened (step 2 of 3)."""
    run, form = _posted_choice(request, run_id)
    if form is None:
        return redirect("identification:run_cases", run_id=run.pk)
    if not form.is_valid():
        return _choose_page(request, run, form)
    return render(
        request,
        "identification/cases_confirm.html",
        {"run": run, "upload": run.upload, "chosen": form.chosen(), "form": form},
    )


@la_staff(*CME_ROLES)
def run_cases_open(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """Open a CME case for each child chosen and checked (step 3 of 3)."""
    run, form = _posted_choice(request, run_id)
    if form is None:
        return redirect("identification:run_cases", run_id=run.pk)

    def opened(made: CasesMade) -> HttpResponse:
        for record, why in made.skipped:
            messages.info(request, f"{record.full_name} not opened: {why}")
        return redirect("identification:run_detail", run_id=run.pk)

    done = submit(
        request,
        form,
        lambda _: bulk_cases.cases_create_for_unmatched(
            run=run,
            record_ids=[r.pk for r in form.chosen()],
            acting_user=request.user,
            today=timezone.localdate(),
        ),
        success=lambda made: (
            f"{len(made.created)} CME case{'s' if len(made.created) != 1 else ''} opened"
            + (f"; {len(made.skipped)} skipped" if made.skipped else "")
        ),
        then=opened,
    )
    return done or _choose_page(request, run, form)
