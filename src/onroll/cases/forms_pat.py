"""The Pupil Access Team's form: its direction that a permanently excluded pupil comes off the
excluding school's roll."""

from __future__ import annotations

from django import forms

from onroll.core.forms import GovukDateField


class PatDirectionForm(forms.Form):
    directed_on = GovukDateField(label="Date of the direction")
    note = forms.CharField(
        label="Note for the school (optional)",
        help_text="For example, the provision the pupil moves to.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
