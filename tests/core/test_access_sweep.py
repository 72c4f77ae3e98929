"""Every URL, for every member of the cast and for an anonymous visitor.

A new URL fails here until its keyword arguments are known to SWEEP_KWARGS (so the sweep
can point it at a record that belongs to Lancashire) or it is listed as public.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from onroll.attendance.models import MarkImport
from tests.cases.factories import sweep_records
from tests.conftest import Cast
from tests.identification import records as identification
from tests.registers import records

#: URL names anyone may open without signing in.
PUBLIC = {"healthz", "accounts:sign_in", "accounts:two_factor", "accounts:sign_out"}
PUBLIC |= {"cases:public_report", "cases:public_report_received"}

#: Where each URL keyword points: a record that belongs to Lancashire's schools, so that
#: diana (another LA) and eve (an outsider) must never see it.
SWEEP_KWARGS: dict[str, Callable[[Cast], Any]] = {
    "child_id": lambda cast: cast.pru_child.pk,
    "upload_id": lambda cast: identification.upload(cast).pk,
    "run_id": lambda cast: identification.run(cast).pk,
    "decision_id": lambda cast: identification.decision(cast).pk,
    "case_id": lambda cast: sweep_records(cast).case.pk,
    "notification_id": lambda cast: sweep_records(cast).notification.pk,
    "joint_id": lambda cast: sweep_records(cast).joint.pk,
    "registration_id": lambda cast: records.pru_registration(cast).pk,
    "exclusion_id": lambda cast: records.exclusion(cast).pk,
    "placement_id": lambda cast: records.placement(cast).pk,
    "move_id": lambda cast: records.move(cast).pk,
    "return_id": lambda cast: records.la_return(cast).pk,
    "import_id": lambda cast: _mark_import(cast).pk,
}


def _mark_import(cast: Cast) -> MarkImport:
    """An attendance import the Short Stay School uploaded (made once per test)."""
    found, _ = MarkImport.objects.get_or_create(
        school=cast.pru, filename="sweep.csv", defaults={"content": b"upn,date,session,code\n"}
    )
    return found


def _patterns(
    resolver: URLResolver, namespace: str = "", keys: frozenset[str] = frozenset()
) -> Iterator[tuple[str, frozenset[str]]]:
    """(URL name, its keywords) for every named URL, keywords of an ``include`` prefix too."""
    for entry in resolver.url_patterns:
        found = keys | set(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # the admin site is checked separately below
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, ns, found)
        elif entry.name:
            yield f"{namespace}{entry.name}", found


def _url(name: str, keys: frozenset[str], cast: Cast) -> str:
    kwargs = {}
    for key in keys:
        assert key in SWEEP_KWARGS, f"{name}: classify URL keyword {key!r} in SWEEP_KWARGS"
        kwargs[key] = SWEEP_KWARGS[key](cast)
    return reverse(name, kwargs=kwargs)


def all_urls(cast: Cast) -> list[tuple[str, str, bool]]:
    found = [(name, _url(name, keys, cast), bool(keys)) for name, keys in _patterns(get_resolver())]
    assert len(found) >= 8, "the sweep found too few URLs: is the resolver walk broken?"
    return found


def test_anonymous_visitors_are_sent_to_sign_in(cast: Cast) -> None:
    client = Client()
    for name, url, _ in all_urls(cast):
        response = client.get(url)
        if name in PUBLIC:
            assert response.status_code in {200, 302, 405}, name
            continue
        assert response.status_code == 302, f"{name} answered {response.status_code}"
        assert response["Location"].startswith(reverse("accounts:sign_in")), name


@pytest.mark.parametrize("member", ["alice", "bob", "charlie", "diana", "eve"])
def test_no_member_reads_another_organisations_child(
    cast: Cast, client_for: Callable[[str], Client], member: str
) -> None:
    client = client_for(member)
    may_see_child = member in {"alice", "bob", "charlie"}
    secret = cast.pru_child.legal_surname
    for name, url, has_object in all_urls(cast):
        response = client.get(url)
        assert response.status_code < 500, f"{name} failed for {member}"
        body = response.content.decode() if response.status_code == 200 else ""
        if not may_see_child:
            assert secret not in body, f"{member} read a Lancashire child on {name}"
            if has_object:
                # 403 is a role refusal, made before any record is looked up (the role
                # matrix, tests/core/test_role_sweep.py): it says nothing of the record.
                assert response.status_code in {403, 404}, f"{name} answered {member} with "
                f"{response.status_code}, not 404"


def test_child_page_is_visible_inside_scope(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    url = reverse("people:child_detail", args=[cast.pru_child.pk])
    for member in ("alice", "bob", "charlie"):
        response = client_for(member).get(url)
        assert response.status_code == 200, member
        assert cast.pru_child.legal_surname in response.content.decode()


@pytest.mark.parametrize("member", ["alice", "bob", "charlie", "diana", "eve"])
def test_only_system_administrators_reach_the_admin_site(
    client_for: Callable[[str], Client], member: str
) -> None:
    response = client_for(member).get("/django-admin/")
    assert response.status_code == 302
