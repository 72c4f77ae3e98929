"""Form fields with GOV.UK Design System behaviour."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input pattern)."""

    template_name = "govuk/date_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [
            forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2}),
            forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2}),
            forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with the Design System's error messages.

    ``label`` is used in messages, e.g. "Date of birth must include a month".
    """

    widget = GovukDateWidget

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields, *args, **kwargs)

    def _name(self) -> str:
        return str(self.label or "Date")

    def clean(self, value: Any) -> date | None:
        parts = [str(p or "").strip() for p in (value or ["", "", ""])]
        name = self._name()
        if not any(parts):
            if self.required:
                raise forms.ValidationError(f"Enter {name.lower()}", code="required")
            return None
        missing = [w for w, p in zip(("day", "month", "year"), parts, strict=True) if not p]
        if missing:
            raise forms.ValidationError(
                f"{name} must include a {' and a '.join(missing)}", code="incomplete"
            )
        if not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
            raise forms.ValidationError(f"{name} must be a real date", code="invalid")
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise forms.ValidationError(f"{name} must be a real date", code="invalid") from None

    def compress(self, data_list: list[Any]) -> Any:  # pragma: no cover - clean() does it
        return data_list


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's refusal on the form, field by field where it names one, so the page
    shows it in the GOV.UK error summary."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
