"""Render Django form fields with GOV.UK Design System markup."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS

register = template.Library()


def _field_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    # CheckboxSelectMultiple subclasses RadioSelect in Django, so it must be tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.MultiWidget):
        return "date"
    return "input"


@register.inclusion_tag("govuk/field.html")
def govuk_field(field: forms.BoundField, width: str = "", label_size: str = "") -> dict[str, Any]:
    """One form field: label, hint, error message and control, GOV.UK style."""
    kind = _field_kind(field)
    return {
        "field": field,
        "kind": kind,
        "width": width,
        "label_size": label_size,
        "errors": field.errors,
        "hint": field.help_text,
        "id": field.auto_id,
    }


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(form: forms.Form) -> dict[str, Any]:
    """The error summary at the top of a page, linking to each field in error."""
    items = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            items += [{"href": "", "text": e} for e in errors]
            continue
        bound = form[name]
        href = f"#{bound.auto_id}"
        if isinstance(bound.field.widget, forms.MultiWidget):
            href = f"#{bound.auto_id}_0"
        items += [{"href": href, "text": e} for e in errors]
    return {"items": items}


@register.inclusion_tag("govuk/pagination.html")
def govuk_pagination(page: Any, noun: str = "") -> dict[str, Any]:
    """ "Showing 51 to 100 of 1,234 cases" and the GOV.UK pagination links, for a page from
    ``onroll.core.pagination.paginate``."""
    return {"page": page, "noun": noun}


@register.filter
def intcomma_gb(value: int) -> str:
    """1234 → "1,234"."""
    return f"{int(value):,}"
