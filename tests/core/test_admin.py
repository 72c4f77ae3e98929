"""The Django admin works for the system administrator: every registered model's list, add
form and one object's change form open.

The models come from ``admin.site._registry``, so a newly registered model is covered without
touching this file. The demo data holds an object of most models; ``_MAKERS`` adds one for
the rest. A new model with neither fails here, saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse

from onroll.accounts.models import LocalAuthority, User
from onroll.attendance.models import Mark, MarkChange, MarkImport, MarkSource
from onroll.cases.models import Case, JointEnquiry, SafeguardingEscalation
from onroll.cases.workflow import EscalationTo
from onroll.demo.loader import load_demo
from onroll.people.models import Child
from onroll.schools.models import School
from tests.clock import NOW, TODAY
from tests.conftest import sign_in
from tests.identification import records as identification


def _access(model: type[Model], **extra: Any) -> Model:
    fields = {"user_agent": "test", "ip_address": "192.0.2.1", "username": "someone"}
    made: Model = model._default_manager.create(
        http_accept="text/html", path_info="/", **fields, **extra
    )
    return made


def _mark_change() -> Model:
    mark = Mark.objects.order_by("pk").first()
    assert mark is not None
    new_code = "N" if mark.code != "N" else "O"
    return MarkChange.objects.create(
        mark=mark,
        old_code=mark.code,
        new_code=new_code,
        reason="Entered against the wrong pupil",
        source=MarkSource.CORRECTION,
    )


def _identification() -> Model:
    lancashire = LocalAuthority.objects.get(code="888")
    child = Child.objects.filter(registrations__school__local_authority=lancashire).first()
    who = SimpleNamespace(
        lancashire=lancashire, charlie=User.objects.get(username="cme.officer"), pru_child=child
    )
    return identification.decision(who)  # type: ignore[arg-type]


def _case() -> Case:
    case = Case.objects.filter(case_children__isnull=False).first()
    assert case is not None
    return case


def _joint() -> Model:
    case = _case()
    link = case.case_children.select_related("child").first()
    assert link is not None
    return JointEnquiry.objects.create(
        case=case,
        school=School.objects.filter(local_authority=case.local_authority).earliest("pk"),
        child=link.child,
        ground="I",
        started_on=TODAY,
        la_officer=User.objects.get(username="cme.officer"),
    )


#: One object for each admin model the demo does not hold.
_MAKERS: dict[type[Model], Callable[[], Model]] = {
    Group: lambda: Group.objects.create(name="Auditors"),
    AccessAttempt: lambda: _access(
        AccessAttempt, get_data="", post_data="", failures_since_start=1
    ),
    AccessLog: lambda: _access(AccessLog),
    AccessFailureLog: lambda: _access(AccessFailureLog),
    MarkChange: _mark_change,
    MarkImport: lambda: MarkImport.objects.create(
        school=School.objects.earliest("pk"), filename="marks.csv", content=b"UPN,Date\n"
    ),
    JointEnquiry: _joint,
    SafeguardingEscalation: lambda: SafeguardingEscalation.objects.create(
        case=_case(),
        escalated_to=EscalationTo.values[0],
        escalated_at=NOW,
        escalated_by=User.objects.get(username="cme.officer"),
        concern="Neighbours report the children have not been seen.",
    ),
}


def _one_of_each() -> dict[type[Model], Model]:
    """An object of every registered model: the demo's first, or one ``_MAKERS`` makes."""
    objects: dict[type[Model], Model] = {}
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        if obj is None and model.__module__.startswith("onroll.identification"):
            _identification()
            obj = model._default_manager.order_by("pk").first()
        if obj is None:
            assert model in _MAKERS, (
                f"{model._meta.label}: the demo holds none; add a maker to _MAKERS so its "
                "change form is opened"
            )
            obj = _MAKERS[model]()
        objects[model] = obj
    return objects


@pytest.fixture
def admin_client(db: None, django_capture_on_commit_callbacks: Any) -> Client:
    with django_capture_on_commit_callbacks(execute=True):  # the attendance demo
        load_demo(TODAY)
    sysadmin = User.objects.get(username="sysadmin")
    assert sysadmin.is_staff
    assert sysadmin.is_superuser
    # a crash answers 500 here, so every broken page is listed, not only the first
    return sign_in(Client(raise_request_exception=False), sysadmin)


def test_the_system_administrator_opens_every_admin_page(admin_client: Client) -> None:
    objects = _one_of_each()
    assert len(objects) >= 20, "too few models: is the admin registry read?"
    request = RequestFactory().get("/django-admin/")
    request.user = User.objects.get(username="sysadmin")
    expected = {reverse("admin:index"): 200}
    for model, obj in objects.items():
        label, name = model._meta.app_label, model._meta.model_name
        may_add = admin.site._registry[model].has_add_permission(request)
        expected[reverse("admin:app_list", args=[label])] = 200
        expected[reverse(f"admin:{label}_{name}_changelist")] = 200
        # a read-only ModelAdmin refuses the add form on purpose
        expected[reverse(f"admin:{label}_{name}_add")] = 200 if may_add else 403
        expected[reverse(f"admin:{label}_{name}_change", args=[obj.pk])] = 200
        expected[reverse(f"admin:{label}_{name}_history", args=[obj.pk])] = 200
    failures = [
        f"{url} answered {status}, not {want}"
        for url, want in expected.items()
        if (status := admin_client.get(url).status_code) != want
    ]
    assert not failures, "\n".join(failures)


def test_read_only_admin_models_refuse_adding(admin_client: Client) -> None:
    response = admin_client.get(reverse("admin:attendance_mark_add"))
    assert response.status_code == 403


def test_the_admin_user_form_renders_its_select_widgets(admin_client: Client) -> None:
    """The crash this file was written for: TemplatesSetting without django.forms."""
    user = User.objects.get(username="cme.officer")
    response = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert response.status_code == 200
    assert "<select" in response.content.decode()
