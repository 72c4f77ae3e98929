"""Forms for a child and family. They check shape only (required, types, choices); the
services and the rules decide. ``registers`` builds its admission form on :class:`ChildForm`."""

from __future__ import annotations

from typing import Any

from django import forms

from onroll.core.forms import GovukDateField
from onroll.people.models import Child, Sex
from onroll.people.services import CHILD_FIELDS, SAFEGUARDING_FIELDS
from onroll.rules.risk import RiskFactor


class ChildPageForm(forms.Form):
    """A form on one of a child's pages. ``for_child`` fills it with what the child's record
    already holds of the fields named in ``FILLED_FROM_CHILD`` (none: a new address, a new
    carer)."""

    FILLED_FROM_CHILD: tuple[str, ...] = ()

    @classmethod
    def for_child(cls, child: Child, data: Any = None) -> ChildPageForm:
        """The form for ``child`` (``data`` is the POST, if any)."""
        return cls(data, initial={name: getattr(child, name) for name in cls.FILLED_FROM_CHILD})


class ChildForm(ChildPageForm):
    FILLED_FROM_CHILD = CHILD_FIELDS

    legal_forename = forms.CharField(label="Legal first name", max_length=100)
    middle_names = forms.CharField(label="Middle names", max_length=200, required=False)
    legal_surname = forms.CharField(label="Legal last name", max_length=100)
    preferred_forename = forms.CharField(
        label="Known as (first name)", max_length=100, required=False
    )
    preferred_surname = forms.CharField(
        label="Known as (last name)", max_length=100, required=False
    )
    date_of_birth = GovukDateField(label="Date of birth", help_text="For example, 27 3 2014")
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        max_length=20,
        required=False,
        help_text="13 characters, for example B801200005001",
    )
    ehc_plan = forms.BooleanField(label="Has an education, health and care plan", required=False)


class SafeguardingForm(ChildPageForm):
    FILLED_FROM_CHILD = SAFEGUARDING_FIELDS

    risk_factors = forms.MultipleChoiceField(
        label="Groups at risk of missing education",
        choices=[(f.value, f.label) for f in RiskFactor],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The first seven are the groups the school's procedure names",
    )
    social_worker_name = forms.CharField(label="Social worker", max_length=200, required=False)
    social_worker_team = forms.CharField(label="Team", max_length=200, required=False)
    social_worker_phone = forms.CharField(
        label="Social worker's phone", max_length=40, required=False
    )
    child_protection_plan = forms.BooleanField(label="Child protection plan", required=False)
    child_in_need = forms.BooleanField(label="Child in need plan", required=False)
    looked_after = forms.BooleanField(label="Looked after child", required=False)


class AddressForm(ChildPageForm):
    line_1 = forms.CharField(label="Address line 1", max_length=200)
    line_2 = forms.CharField(label="Address line 2", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    from_date = GovukDateField(label="Living here from")


class CarerForm(ChildPageForm):
    forename = forms.CharField(label="First name", max_length=100)
    surname = forms.CharField(label="Last name", max_length=100)
    relationship = forms.CharField(label="Relationship to the child", max_length=60)
    lives_with = forms.BooleanField(label="The child normally lives with them", required=False)
    parental_responsibility = forms.BooleanField(
        label="Has parental responsibility", required=False
    )
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    emergency_phone = forms.CharField(label="Emergency phone", max_length=40, required=False)
    email = forms.EmailField(label="Email", required=False)
