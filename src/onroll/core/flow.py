"""The one shape of a page that changes something: check the form, ask the service, and either
show the service's refusal on the form or say what happened and move on.

::

    form = ExclusionForm(request.POST or None, prus=prus)
    done = submit(
        request,
        form,
        lambda data: exclusion_record(registration=registration, **data, acting_user=user),
        success="Permanent exclusion recorded",
        then=lambda exclusion: redirect("registers:exclusion", exclusion_id=exclusion.pk),
    )
    return done or render(request, "registers/form_page.html", {"form": form})
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from onroll.core.forms import apply_errors

T = TypeVar("T")


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    perform: Callable[[dict[str, Any]], T],
    *,
    success: str | Callable[[T], str],
    then: Callable[[T], HttpResponse],
) -> HttpResponse | None:
    """On a POST with a valid ``form``, call ``perform(form.cleaned_data)``.

    If the service refuses (raises ``ValidationError``) its messages go onto the form, field by
    field where it names one, and this returns ``None`` so the view re-renders the form with the
    GOV.UK error summary. Otherwise the ``success`` message is flashed and ``then(result)`` is
    returned (normally a redirect, so a refresh does not post twice). A GET, or a form that
    fails its own checks, also returns ``None``.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = perform(form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return then(result)
