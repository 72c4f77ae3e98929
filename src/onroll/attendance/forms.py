"""Forms for attendance pages: they check shape only; the services apply the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from onroll.attendance.models import CODE_CHOICES, Session
from onroll.attendance.selectors import SLOT_LABELS
from onroll.core.forms import GovukDateField
from onroll.people.models import Child
from onroll.rules.attendance import ATTENDANCE_CODES

MAX_UPLOAD_BYTES = 50 * 1024 * 1024

SLOTS = [(label, label) for label in SLOT_LABELS]


class DateInput(forms.DateInput):
    input_type = "date"


def normalise_code(value: str) -> str:
    value = value.strip()
    return value if value in ATTENDANCE_CODES else value.upper()


class RegisterChoiceForm(forms.Form):
    """Which register to take: the date, the session and the group."""

    date = forms.DateField(label="Date", widget=DateInput())
    session = forms.ChoiceField(label="Session", choices=Session.choices)
    group = forms.ChoiceField(label="Group")

    def __init__(self, *args: Any, groups: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group = self.fields["group"]
        assert isinstance(group, forms.ChoiceField)
        group.choices = groups


class RegisterForm(forms.Form):
    """One code box per pupil, in register order; the reason is needed only for changes."""

    reason = forms.CharField(
        label="Reason for any changes to marks already recorded",
        required=False,
        max_length=500,
        help_text="For example: mother phoned at 10am, illness",
    )

    def __init__(
        self, *args: Any, pupils: list[Child], defaults: dict[int, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.pupils = pupils
        for child in pupils:
            self.fields[f"code_{child.pk}"] = forms.CharField(
                label=child.full_name,
                max_length=2,
                initial=defaults.get(child.pk, ""),
                error_messages={"required": f"Enter a code for {child.full_name}"},
            )
        self.order_fields([*(f"code_{c.pk}" for c in pupils), "reason"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for child in self.pupils:
            name = f"code_{child.pk}"
            if name not in data:
                continue
            code = normalise_code(data[name])
            if code not in ATTENDANCE_CODES:
                self.add_error(
                    name, f"{child.full_name}: {data[name]!r} is not a 2024 attendance code"
                )
            else:
                data[name] = code
        return data

    def rows(self) -> list[tuple[Child, forms.BoundField]]:
        return [(child, self[f"code_{child.pk}"]) for child in self.pupils]

    def codes(self) -> dict[int, str]:
        return {child.pk: self.cleaned_data[f"code_{child.pk}"] for child in self.pupils}


class CorrectionForm(forms.Form):
    date = GovukDateField(label="Date of the session")
    session = forms.ChoiceField(label="Session", choices=Session.choices, widget=forms.RadioSelect)
    code = forms.ChoiceField(label="Correct code", choices=CODE_CHOICES)
    reason = forms.CharField(
        label="Reason for the correction",
        widget=forms.Textarea,
        max_length=1000,
        error_messages={"required": "Enter the reason for the correction"},
    )

    def correction(self) -> dict[str, Any]:
        """The session, its new code and the reason, as ``mark_correct`` takes them."""
        data = self.cleaned_data
        return {
            "day": data["date"],
            "session": data["session"],
            "code": data["code"],
            "reason": data["reason"],
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Marks file (CSV or Parquet)",
        help_text="Columns pupil_id,date,session,code and, if the MIS ids are not UPNs, upn",
        error_messages={"required": "Choose the marks file exported from your MIS"},
    )
    mapping = forms.FileField(
        label="Mapping of MIS pupil ids to UPNs (optional)",
        required=False,
        help_text="CSV with the columns pupil_id,upn; remembered for later imports",
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 50 MB")
        return upload

    def staging(self) -> dict[str, Any]:
        """The file and mapping as ``import_stage`` takes them."""
        upload: UploadedFile = self.cleaned_data["file"]
        mapping: UploadedFile | None = self.cleaned_data.get("mapping")
        return {
            "filename": upload.name or "",
            "content": upload.read(),
            "mapping_filename": (mapping.name or "") if mapping else "",
            "mapping_content": mapping.read() if mapping else b"",
        }


class PatternForm(forms.Form):
    expected = forms.MultipleChoiceField(
        label="Sessions this school expects the pupil",
        choices=SLOTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The other school records the real code for these; you record D for the rest",
    )

    def pattern(self) -> str:
        chosen = set(self.cleaned_data["expected"])
        return "".join("1" if value in chosen else "0" for value, _ in SLOTS)


class SicknessEstimateForm(forms.Form):
    expected_days = forms.IntegerField(
        label="School days the pupil is expected to miss through illness this school year",
        required=False,
        min_value=0,
        max_value=200,
        help_text="Leave blank to clear. At 15 or more the sickness return to the LA is due.",
        error_messages={"invalid": "Enter a whole number of school days, like 20"},
    )
