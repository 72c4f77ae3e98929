"""Forms check shape only; the services check the file and the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from onroll.identification.models import PopulationRecord, PopulationSource
from onroll.identification.validation import MAX_UPLOAD_BYTES, MAX_WEB_ROWS


class UploadForm(forms.Form):
    source = forms.ChoiceField(
        label="What list is it?",
        choices=PopulationSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what list the file is"},
    )
    description = forms.CharField(
        label="Describe the list (optional)",
        help_text="For example: GP registrations of children aged 4 to 16, April extract",
        max_length=300,
        required=False,
    )
    file = forms.FileField(
        label="Population file (CSV)",
        help_text=(
            "The first line names the columns: id, forename, surname, dob (required), and "
            "sex, postcode, address, upn if you have them (first_name, last_name, "
            "date_of_birth and other usual names are understood too). Dates as YYYY-MM-DD or "
            "DD/MM/YYYY. "
            f"Up to {MAX_WEB_ROWS:,} rows and {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
        error_messages={
            "required": "Choose a CSV file to upload",
            "empty": "The file is empty",
        },
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; "
                "ask your administrator to run manage.py identify_population for bigger files"
            )
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The file must be a CSV file")
        return upload


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("accept", "Yes, the same child: they are on this roll"),
            ("reject", "No, a different child"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this is the same child"},
    )


class ChooseChildrenForm(forms.Form):
    records = forms.TypedMultipleChoiceField(
        label="Children to open CME cases for",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one child",
            "invalid_choice": "A child you chose is no longer on the list: choose again",
        },
    )

    def __init__(self, *args: Any, eligible: list[PopulationRecord], **kwargs: Any) -> None:
        """``eligible``: the records a case may be opened for, every one chosen at first."""
        kwargs.setdefault("initial", {"records": [r.pk for r in eligible]})
        super().__init__(*args, **kwargs)
        self.by_pk = {r.pk: r for r in eligible}
        field = self.fields["records"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [
            (
                r.pk,
                f"{r.full_name}, born {r.date_of_birth.day} {r.date_of_birth:%B %Y}"
                + (f", {r.postcode}" if r.postcode else ""),
            )
            for r in eligible
        ]

    def chosen(self) -> list[PopulationRecord]:
        return [self.by_pk[pk] for pk in self.cleaned_data["records"]]
