"""The shared page helpers: the post-and-refuse flow and GOV.UK pagination."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory

from onroll.core.flow import submit
from onroll.core.pagination import _numbers, paginate


class NameForm(forms.Form):
    name = forms.CharField()


def _post(data: dict[str, str]):  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/", data)
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_a_valid_form_performs_the_action_says_so_and_moves_on() -> None:
    request = _post({"name": "Ava"})
    done = submit(
        request,
        NameForm(request.POST),
        lambda data: data["name"].upper(),
        success=lambda result: f"{result} saved",
        then=lambda result: HttpResponse(result, status=302),
    )
    assert done is not None
    assert (done.status_code, done.content) == (302, b"AVA")
    assert [str(m) for m in request._messages] == ["AVA saved"]


def test_a_refusal_goes_on_the_form_field_by_field_and_nothing_moves_on() -> None:
    request = _post({"name": "Ava"})
    form = NameForm(request.POST)

    def refuse(data: dict[str, str]) -> None:
        raise ValidationError({"name": "Enter another name", "other": "Not a field"})

    assert submit(request, form, refuse, success="no", then=lambda _: HttpResponse()) is None
    assert form.errors == {"name": ["Enter another name"], "__all__": ["Not a field"]}
    assert list(request._messages) == []


def test_a_get_or_an_invalid_form_never_performs() -> None:
    called: list[object] = []
    get = RequestFactory().get("/")
    assert submit(get, NameForm(), called.append, success="", then=HttpResponse) is None
    request = _post({"name": ""})
    assert (
        submit(request, NameForm(request.POST), called.append, success="", then=HttpResponse)
        is None
    )
    assert called == []


@pytest.mark.parametrize(
    ("current", "last", "expected"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 10, [1, 2, None, 10]),
        (5, 10, [1, None, 4, 5, 6, None, 10]),
        (10, 10, [1, None, 9, 10]),
        (3, 10, [1, 2, 3, 4, None, 10]),
    ],
)
def test_page_numbers_follow_the_govuk_pattern(
    current: int, last: int, expected: list[int | None]
) -> None:
    assert _numbers(current, last) == expected


def test_a_page_keeps_the_query_and_says_how_many_there_are() -> None:
    request = RequestFactory().get("/", {"stage": "new", "page": "2"})
    page = paginate(request, list(range(1, 121)), per_page=50)
    assert list(page) == list(range(51, 101))
    assert page.previous_href == "?stage=new&page=1"  # type: ignore[attr-defined]
    assert page.next_href == "?stage=new&page=3"  # type: ignore[attr-defined]
    html = Template('{% load govuk %}{% govuk_pagination page "cases" %}').render(
        Context({"page": page})
    )
    assert "Showing 51 to 100 of 120 cases" in html
    assert 'aria-current="page"' in html
    assert 'rel="next"' in html


@pytest.mark.parametrize("asked", ["0", "99", "x", ""])
def test_a_page_number_out_of_range_gives_a_real_page(asked: str) -> None:
    page = paginate(RequestFactory().get("/", {"page": asked}), list(range(120)), per_page=50)
    assert page.number in (1, 3)


def test_one_page_draws_no_links_but_still_counts() -> None:
    page = paginate(RequestFactory().get("/"), list(range(3)))
    html = Template("{% load govuk %}{% govuk_pagination page %}").render(Context({"page": page}))
    assert "Showing 1 to 3 of 3 results" in html
    assert "govuk-pagination" not in html.replace('data-testid="pagination-summary"', "")
