from __future__ import annotations

from datetime import date

import pytest
from django import forms

from onroll.core.forms import GovukDateField


class F(forms.Form):
    dob = GovukDateField(label="Date of birth")


@pytest.mark.parametrize(
    ("day", "month", "year", "error"),
    [
        ("", "", "", "Enter date of birth"),
        ("3", "", "2015", "Date of birth must include a month"),
        ("", "", "2015", "Date of birth must include a day and a month"),
        ("31", "2", "2015", "Date of birth must be a real date"),
        ("1", "1", "15", "Date of birth must be a real date"),
        ("x", "1", "2015", "Date of birth must be a real date"),
    ],
)
def test_date_errors_follow_the_design_system(day: str, month: str, year: str, error: str) -> None:
    form = F({"dob_0": day, "dob_1": month, "dob_2": year})
    assert not form.is_valid()
    assert form.errors["dob"] == [error]


def test_a_real_date_is_accepted_and_rendered_back() -> None:
    form = F({"dob_0": "29", "dob_1": "2", "dob_2": "2016"})
    assert form.is_valid()
    assert form.cleaned_data["dob"] == date(2016, 2, 29)
    html = str(form["dob"])
    assert 'name="dob_0"' in html
    assert 'value="29"' in html
    assert "govuk-date-input__input" in html


def test_multiple_choice_checkboxes_render_as_checkboxes_not_radios() -> None:
    from django.template import Context, Template

    class G(forms.Form):
        pick = forms.MultipleChoiceField(
            choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
        )
        one = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    html = Template("{% load govuk %}{% govuk_field f.pick %}|{% govuk_field f.one %}").render(
        Context({"f": G()})
    )
    checkboxes, radios = html.split("|")
    assert 'type="checkbox"' in checkboxes
    assert 'type="radio"' not in checkboxes
    assert 'type="radio"' in radios
