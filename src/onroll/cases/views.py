"""The LA CME team's pages: inbox and triage, case lists, a case and its tracing.

Views only translate HTTP: selectors scope every read to the officer's LA (404 outside it),
services make every change. POST-only actions look the case up first, so that someone
outside the LA gets 404 whatever the method.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onroll.accounts.models import User
from onroll.cases import assessment, services, tracing
from onroll.cases.forms import (
    AssignForm,
    ClassifyForm,
    CloseForm,
    EnquiryForm,
    EscalationForm,
    JointEnquiryForm,
)
from onroll.cases.models import Case, CaseChild
from onroll.cases.selectors import (
    CME_ROLES,
    case_children,
    case_for_user_or_404,
    cases_for_user,
    la_children_for_user,
)
from onroll.cases.workflow import CaseStage, EnquiryStepKind, next_stages
from onroll.core.decorators import la_staff
from onroll.core.forms import apply_errors
from onroll.core.models import AuditAction
from onroll.core.services import audit_record
from onroll.people.models import Child
from onroll.registers.models import Registration
from onroll.rules.classification import ChildFacts, EheStatus
from onroll.rules.deadlines import school_days_left
from onroll.schools.models import School
from onroll.schools.selectors import la_calendar

cme_staff = la_staff(*CME_ROLES)


def _today() -> date:
    return timezone.localdate()


@cme_staff
def case_list(request: HttpRequest) -> HttpResponse:
    """Cases by stage (open ones by default), overdue and urgent first."""
    stage = request.GET.get("stage", "open")
    cases = cases_for_user(request.user).select_related("assigned_to")
    if stage in CaseStage.values:
        cases = cases.filter(stage=stage)
    else:
        stage = "open"
        cases = cases.exclude(stage=CaseStage.CLOSED)
    if request.GET.get("mine"):
        cases = cases.filter(assigned_to_id=request.user.pk)
    today = _today()
    user: Any = request.user
    calendar = la_calendar(user.organisation_id, today)
    rows = [
        (case, school_days_left(calendar, today, case.due_on))
        for case in cases.prefetch_related("case_children__child")[:300]
    ]
    rows.sort(key=lambda r: (r[1] if r[1] is not None else 10**6, -r[0].priority))
    return render(
        request,
        "cases/case_list.html",
        {"rows": rows, "stage": stage, "stages": CaseStage.choices, "today": today},
    )


def _officers(case: Case) -> list[tuple[int, str]]:
    users = User.objects.filter(
        organisation_id=case.local_authority_id,
        is_active=True,
        role_grants__role__in=CME_ROLES,
    ).distinct()
    return [(u.pk, u.get_full_name() or u.get_username()) for u in users.order_by("last_name")]


def _siblings(case: Case, user: Any, links: list[CaseChild]) -> list[Child]:
    """Children sharing a parent or carer with a child in the case, not yet in it."""
    in_case = [link.child_id for link in links]
    carers = Child.objects.filter(pk__in=in_case).values("carer_links__carer_id")
    return list(
        la_children_for_user(user)
        .filter(carer_links__carer_id__in=carers)
        .exclude(pk__in=in_case)
        .distinct()
        .order_by("date_of_birth")
    )


@cme_staff
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_for_user_or_404(request.user, case_id)
    audit_record(actor=request.user, action=AuditAction.CASE_VIEWED, obj=case)
    links = case_children(case)
    today = _today()
    calendar = la_calendar(case.local_authority_id, today)
    steps = list(case.enquiry_steps.select_related("recorded_by"))
    done = {s.step for s in steps}
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "links": links,
            "notifications": case.notifications.select_related("from_organisation"),
            "steps": steps,
            "checklist": [(k, k.value in done) for k in EnquiryStepKind],
            "escalations": case.escalations.all(),
            "joints": case.joint_enquiries.select_related("school", "child"),
            "moves": [m for m in next_stages(case.stage) if m[0] != CaseStage.CLOSED],
            "can_close": any(to == CaseStage.CLOSED for to, _ in next_stages(case.stage)),
            "days_left": school_days_left(calendar, today, case.due_on),
            "assign_form": AssignForm(officers=_officers(case)),
            "siblings": _siblings(case, request.user, links) if case.is_open else [],
            "handed_over_to": case.handed_over_to.first(),
        },
    )


def _post_only(request: HttpRequest, case: Case) -> HttpResponse | None:
    if request.method != "POST":
        return redirect("cases:case_detail", case_id=case.pk)
    return None


@cme_staff
def case_move(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_for_user_or_404(request.user, case_id)
    if (response := _post_only(request, case)) is not None:
        return response
    to_stage = request.POST.get("to_stage", "")
    if to_stage == CaseStage.CLOSED:
        return redirect("cases:case_close", case_id=case.pk)
    try:
        tracing.case_transition(
            case=case, to_stage=to_stage, acting_user=request.user, today=_today()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:case_detail", case_id=case.pk)


@cme_staff
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_for_user_or_404(request.user, case_id)
    if (response := _post_only(request, case)) is not None:
        return response
    form = AssignForm(request.POST, officers=_officers(case))
    if form.is_valid():
        officer = User.objects.get(pk=int(form.cleaned_data["officer"]))
        services.case_assign(case=case, officer=officer, acting_user=request.user)
        messages.success(request, f"Assigned to {officer.get_full_name() or officer}.")
    return redirect("cases:case_detail", case_id=case.pk)


@cme_staff
def case_add_child(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_for_user_or_404(request.user, case_id)
    if (response := _post_only(request, case)) is not None:
        return response
    try:
        child_id = int(request.POST.get("child_id", ""))
    except ValueError:
        raise Http404("No such child") from None
    child = la_children_for_user(request.user).filter(pk=child_id).first()
    if child is None or not case.is_open:
        raise Http404("No such child")
    services.case_add_child(case=case, child=child, acting_user=request.user, today=_today())
    messages.success(request, f"{child.full_name} added to the family case.")
    return redirect("cases:case_detail", case_id=case.pk)


@cme_staff
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    """Close with an outcome and its evidence (a move to an LA using Onroll hands it over)."""
    case = case_for_user_or_404(request.user, case_id)
    form = CloseForm(request.POST or None, own_la=case.local_authority_id)
    if request.method == "POST" and form.is_valid():
        values = {
            "outcome": form.cleaned_data["outcome"],
            "evidence": form.cleaned_data["evidence"],
            "detail": form.cleaned_data["detail"],
            "school": form.cleaned_data["school"],
            "to_la": form.cleaned_data["to_la"],
        }
        try:
            closed = tracing.case_transition(
                case=case,
                to_stage=CaseStage.CLOSED,
                acting_user=request.user,
                today=_today(),
                values=values,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            new = closed.handed_over_to.first()
            if new is not None:
                messages.success(
                    request,
                    f"Closed and handed over to {new.local_authority.name} (their case "
                    f"{new.reference}).",
                )
            else:
                messages.success(request, f"Case closed: {closed.outcome_summary}.")
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_close.html", {"case": case, "form": form})


@cme_staff
def case_enquiry(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record a reasonable enquiry: date, person, method and result."""
    case = case_for_user_or_404(request.user, case_id)
    user: Any = request.user
    initial = {
        "person": user.get_full_name() or user.get_username(),
        "step": request.GET.get("step"),
    }
    form = EnquiryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            tracing.enquiry_record(
                case=case,
                acting_user=user,
                today=_today(),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Enquiry recorded.")
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_enquiry.html", {"case": case, "form": form})


@cme_staff
def case_escalate(request: HttpRequest, case_id: int) -> HttpResponse:
    """Escalate at once to children's social care or the police."""
    case = case_for_user_or_404(request.user, case_id)
    form = EscalationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tracing.escalation_record(
            case=case,
            acting_user=request.user,
            today=_today(),
            **form.cleaned_data,
        )
        messages.success(request, "Safeguarding escalation recorded; the case is now urgent.")
        return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_escalate.html", {"case": case, "form": form})


def _facts(child: Child, known: set[str], ehe: str) -> ChildFacts:
    flags: dict[str, Any] = {
        name: name in known
        for name in (
            "part_time_timetable",
            "excluded_without_day6_provision",
            "long_term_illness_without_education",
            "other_provider_education",
            "removed_after_pex_no_provision",
            "home_visit_suggests_moved",
            "moved_into_area_no_school",
            "moved_out_of_area_no_school",
            "refused_offered_place",
        )
    }
    return ChildFacts(
        date_of_birth=child.date_of_birth,
        on_roll="on_roll" in known,
        whereabouts_known="whereabouts_unknown" not in known,
        ehe=EheStatus(ehe) if ehe else None,
        **flags,
    )


@cme_staff
def case_classify(request: HttpRequest, case_id: int, child_id: int) -> HttpResponse:
    """Classify a child in the case with the rules engine and show why."""
    case = case_for_user_or_404(request.user, case_id)
    link = case.case_children.select_related("child").filter(child_id=child_id).first()
    if link is None:
        raise Http404("No such child in this case")
    on_roll = Registration.objects.filter(child=link.child, deleted_on__isnull=True).exists()
    form = ClassifyForm(
        request.POST or None, initial={"known": ["on_roll"] if on_roll else ["whereabouts_unknown"]}
    )
    if request.method == "POST" and form.is_valid():
        facts = _facts(link.child, set(form.cleaned_data["known"]), form.cleaned_data["ehe"])
        assessment.case_classify(link=link, facts=facts, today=_today(), acting_user=request.user)
        messages.success(request, f"{link.child.full_name}: {link.classification_label}.")
        return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request,
        "cases/case_classify.html",
        {"case": case, "link": link, "form": form, "on_roll": on_roll},
    )


@cme_staff
def case_joint_enquiry(request: HttpRequest, case_id: int) -> HttpResponse:
    """Start joint enquiries with a school before a ground H or I deletion."""
    case = case_for_user_or_404(request.user, case_id)
    links = case_children(case)
    schools = School.objects.filter(local_authority_id=case.local_authority_id).order_by("name")
    form = JointEnquiryForm(
        request.POST or None,
        schools=[(s.pk, s.name) for s in schools],
        children=[(link.child_id, link.child.full_name) for link in links],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                tracing.joint_enquiry_start(
                    case=case,
                    school=schools.get(pk=int(data["school"])),
                    child=Child.objects.get(pk=int(data["child"])),
                    ground=data["ground"],
                    proposed_off_roll_date=data["proposed_off_roll_date"],
                    notes=data["notes"],
                    acting_user=request.user,
                    today=_today(),
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Joint enquiry started: the school will agree the outcome.")
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_joint.html", {"case": case, "form": form})


@cme_staff
def transfer_pack(request: HttpRequest, case_id: int) -> HttpResponse:
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
            "addresses": {
                link.child_id: link.child.addresses.filter(to_date__isnull=True)
                .select_related("address")
                .first()
                for link in links
            },
            "steps": case.enquiry_steps.all(),
            "la": case.local_authority,
        },
    )
