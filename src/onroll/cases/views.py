"""The LA CME team's case pages: the case list, a case and its tracing.

Views only translate HTTP: selectors scope every read to the officer's LA (404 outside it)
and compute what a page shows, forms build the services' inputs, services make every change.
Each action posts to its own URL; a refusal re-renders that action's page with its errors.
POST-only actions look the case up first, so that someone outside the LA gets 404 whatever
the method.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onroll.accounts.http import AuthenticatedHttpRequest
from onroll.accounts.roles import CME_ROLES
from onroll.cases import assessment, services, tracing
from onroll.cases.forms import (
    AssignForm,
    ClassifyForm,
    CloseForm,
    EnquiryForm,
    EscalationForm,
    JointEnquiryForm,
)
from onroll.cases.models import Case
from onroll.cases.selectors import (
    case_children,
    case_for_user_or_404,
    la_child_for_user_or_404,
)
from onroll.cases.selectors_casework import (
    case_child_or_404,
    case_detail_page,
    case_handed_over_to,
    case_listing,
    case_officers,
    child_on_roll,
    current_addresses,
    enquiry_steps,
    la_schools,
    with_days_left,
)
from onroll.cases.workflow import CaseStage
from onroll.core.decorators import la_staff
from onroll.core.flow import submit
from onroll.core.models import AuditAction
from onroll.core.pagination import paginate
from onroll.core.services import audit_record

cme_staff = la_staff(*CME_ROLES)


def _today() -> date:
    return timezone.localdate()


def _to_case(case: Case) -> HttpResponse:
    return redirect("cases:case_detail", case_id=case.pk)


@cme_staff
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Cases by stage (open ones by default), overdue and urgent first, a page at a time."""
    listing = case_listing(
        request.user, stage=request.GET.get("stage", "open"), mine=bool(request.GET.get("mine"))
    )
    page = paginate(request, listing.cases)
    today = _today()
    return render(
        request,
        "cases/case_list.html",
        {
            "rows": with_days_left(request.user, page.object_list, today),
            "page": page,
            "stage": listing.stage,
            "stages": CaseStage.choices,
            "today": today,
        },
    )


def _detail(
    request: AuthenticatedHttpRequest, case: Case, *, assign_form: AssignForm | None = None
) -> HttpResponse:
    audit_record(actor=request.user, action=AuditAction.CASE_VIEWED, obj=case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            **case_detail_page(request.user, case, _today()),
            "assign_form": assign_form or AssignForm(officers=case_officers(case)),
        },
    )


@cme_staff
def case_detail(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    return _detail(request, case_for_user_or_404(request.user, case_id))


@cme_staff
def case_move(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = case_for_user_or_404(request.user, case_id)
    if request.method != "POST":
        return _to_case(case)
    to_stage = request.POST.get("to_stage", "")
    if to_stage == CaseStage.CLOSED:
        return redirect("cases:case_close", case_id=case.pk)
    try:
        tracing.case_transition(
            case=case, to_stage=to_stage, acting_user=request.user, today=_today()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _to_case(case)


@cme_staff
def case_assign(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """Give the case to an officer; a refusal shows on the case page's assign form."""
    case = case_for_user_or_404(request.user, case_id)
    if request.method != "POST":
        return _to_case(case)
    form = AssignForm(request.POST, officers=case_officers(case))
    done = submit(
        request,
        form,
        lambda _: services.case_assign(
            case=case, officer=form.chosen_officer(), acting_user=request.user
        ),
        success=lambda _: (
            f"Assigned to {form.chosen_officer().get_full_name() or form.chosen_officer()}."
        ),
        then=_to_case,
    )
    return done or _detail(request, case, assign_form=form)


@cme_staff
def case_add_child(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = case_for_user_or_404(request.user, case_id)
    if request.method != "POST":
        return _to_case(case)
    child = la_child_for_user_or_404(request.user, request.POST.get("child_id", ""))
    if not case.is_open:
        raise Http404("No such child")
    services.case_add_child(case=case, child=child, acting_user=request.user, today=_today())
    messages.success(request, f"{child.full_name} added to the family case.")
    return _to_case(case)


def _closed(case: Case) -> str:
    new = case_handed_over_to(case)
    if new is None:
        return f"Case closed: {case.outcome_summary}."
    return f"Closed and handed over to {new.local_authority.name} (their case {new.reference})."


@cme_staff
def case_close(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """Close with an outcome and its evidence (a move to an LA using Onroll hands it over)."""
    case = case_for_user_or_404(request.user, case_id)
    form = CloseForm(request.POST or None, own_la=case.local_authority_id)
    done = submit(
        request,
        form,
        lambda values: tracing.case_transition(
            case=case,
            to_stage=CaseStage.CLOSED,
            acting_user=request.user,
            today=_today(),
            values=values,
        ),
        success=_closed,
        then=_to_case,
    )
    return done or render(request, "cases/case_close.html", {"case": case, "form": form})


@cme_staff
def case_enquiry(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """Record a reasonable enquiry: date, person, method and result."""
    case = case_for_user_or_404(request.user, case_id)
    user = request.user
    initial = {
        "person": user.get_full_name() or user.get_username(),
        "step": request.GET.get("step"),
    }
    form = EnquiryForm(request.POST or None, initial=initial)
    done = submit(
        request,
        form,
        lambda data: tracing.enquiry_record(case=case, acting_user=user, today=_today(), **data),
        success="Enquiry recorded.",
        then=lambda _: _to_case(case),
    )
    return done or render(request, "cases/case_enquiry.html", {"case": case, "form": form})


@cme_staff
def case_escalate(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """Escalate at once to children's social care or the police."""
    case = case_for_user_or_404(request.user, case_id)
    form = EscalationForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: tracing.escalation_record(
            case=case, acting_user=request.user, today=_today(), **data
        ),
        success="Safeguarding escalation recorded; the case is now urgent.",
        then=lambda _: _to_case(case),
    )
    return done or render(request, "cases/case_escalate.html", {"case": case, "form": form})


@cme_staff
def case_classify(request: AuthenticatedHttpRequest, case_id: int, child_id: int) -> HttpResponse:
    """Classify a child in the case with the rules engine and show why."""
    case = case_for_user_or_404(request.user, case_id)
    link = case_child_or_404(case, child_id)
    on_roll = child_on_roll(link.child)
    form = ClassifyForm(
        request.POST or None, initial={"known": ["on_roll"] if on_roll else ["whereabouts_unknown"]}
    )
    done = submit(
        request,
        form,
        lambda _: assessment.case_classify(
            link=link,
            facts=form.facts(link.child.date_of_birth),
            today=_today(),
            acting_user=request.user,
        ),
        success=lambda classified: (
            f"{classified.child.full_name}: {classified.classification_label}."
        ),
        then=lambda _: _to_case(case),
    )
    return done or render(
        request,
        "cases/case_classify.html",
        {"case": case, "link": link, "form": form, "on_roll": on_roll},
    )


@cme_staff
def case_joint_enquiry(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """Start joint enquiries with a school before a ground H or I deletion."""
    case = case_for_user_or_404(request.user, case_id)
    form = JointEnquiryForm(
        request.POST or None,
        schools=la_schools(case),
        children=[link.child for link in case_children(case)],
    )
    done = submit(
        request,
        form,
        lambda _: tracing.joint_enquiry_start(
            case=case, **form.enquiry(), acting_user=request.user, today=_today()
        ),
        success="Joint enquiry started: the school will agree the outcome.",
        then=lambda _: _to_case(case),
    )
    return done or render(request, "cases/case_joint.html", {"case": case, "form": form})


@cme_staff
def transfer_pack(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """What the receiving LA's CME team needs when it does not use Onroll: print or save."""
    case = case_for_user_or_404(request.user, case_id)
    audit_record(actor=request.user, action=AuditAction.CASE_TRANSFER_PACK_VIEWED, obj=case)
    links = case_children(case)
    return render(
        request,
        "cases/transfer_pack.html",
        {
            "case": case,
            "links": links,
            "addresses": current_addresses(links),
            "steps": enquiry_steps(case),
            "la": case.local_authority,
        },
    )
