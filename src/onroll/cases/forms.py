"""Forms for the CME pages. They check shape only; the services check the rules.

Error messages never repeat what was typed (the public form must echo nothing back).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from onroll.accounts.models import LocalAuthority, User
from onroll.cases.models import NotificationKind, NotificationSource
from onroll.cases.services import CONTACT_FIELDS
from onroll.cases.workflow import (
    EnquiryMethod,
    EnquiryStepKind,
    EscalationTo,
    JointEnquiryOutcome,
    Outcome,
)
from onroll.core.forms import GovukDateField
from onroll.people.models import Child
from onroll.rules.classification import ChildFacts, CmeSituation, EheStatus
from onroll.schools.models import School

#: Control characters (C0 and C1, DEL) other than tab and newline: removed from free text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CHOICE_ERROR = {"invalid_choice": "Select one of the options"}


def clean_text(value: str) -> str:
    """Free text with control characters removed and line endings made \\n."""
    return _CONTROL.sub("", (value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


class SafeDateField(GovukDateField):
    """The GOV.UK date field, also refusing numbers too large to be a date."""

    def clean(self, value: Any) -> date | None:
        try:
            return super().clean(value)
        except (OverflowError, ValueError):
            raise forms.ValidationError(
                f"{self._name()} must be a real date", code="invalid"
            ) from None


class SafeModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A model choice that refuses a value that is not a plausible id before asking the
    database (a 30-digit number would overflow SQLite's integer)."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not re.fullmatch(r"[0-9]{1,12}", str(value)):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class TextField(forms.CharField):
    """A CharField whose value has control characters removed."""

    def to_python(self, value: Any) -> str:
        return clean_text(str(super().to_python(value)))


YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "I do not know")]
RELATIONSHIPS = [
    ("", "Choose"),
    ("neighbour", "Neighbour"),
    ("relative", "Relative or family friend"),
    ("professional", "Someone who works with children"),
    ("other", "Other"),
]


class PublicReportForm(forms.Form):
    """Tell us about a child who may be missing education (no account needed)."""

    local_authority = SafeModelChoiceField(
        label="Which council area does the child live in?",
        queryset=LocalAuthority.objects.order_by("name"),
        empty_label="Choose the council",
        error_messages={
            "required": "Choose the council area the child lives in",
            "invalid_choice": "Choose the council area the child lives in",
        },
    )
    child_forename = TextField(
        label="Child's first name",
        max_length=100,
        error_messages={
            "required": "Enter the child's first name",
            "max_length": "First name must be 100 characters or fewer",
        },
    )
    child_surname = TextField(
        label="Child's last name",
        max_length=100,
        error_messages={
            "required": "Enter the child's last name",
            "max_length": "Last name must be 100 characters or fewer",
        },
    )
    other_names = TextField(
        label="Other names the child is known by (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "Other names must be 200 characters or fewer"},
    )
    date_of_birth = SafeDateField(
        label="Date of birth (optional)", required=False, help_text="For example, 27 3 2014"
    )
    age = TextField(
        label="If you do not know their date of birth, how old are they? (optional)",
        max_length=20,
        required=False,
        error_messages={"max_length": "Age must be 20 characters or fewer"},
    )
    address_line_1 = TextField(
        label="Where does the child live? First line of address (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "Address must be 200 characters or fewer"},
    )
    town = TextField(
        label="Town (optional)",
        max_length=100,
        required=False,
        error_messages={"max_length": "Town must be 100 characters or fewer"},
    )
    postcode = TextField(
        label="Postcode (optional)",
        max_length=10,
        required=False,
        error_messages={"max_length": "Postcode must be 10 characters or fewer"},
    )
    last_school = TextField(
        label="School the child last went to, if you know (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "School must be 200 characters or fewer"},
    )
    parent_names = TextField(
        label="Names of their parents or carers (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "Names must be 200 characters or fewer"},
    )
    concern = TextField(
        label="Why do you think the child is not in school?",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={
            "required": "Tell us why you think the child is not in school",
            "max_length": "Your answer must be 5000 characters or fewer",
        },
    )
    in_danger = forms.ChoiceField(
        label="Do you think the child is in danger?",
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
        help_text="If a child is in immediate danger, call 999 now.",
        error_messages={
            "required": "Select whether you think the child is in danger",
            "invalid_choice": "Select whether you think the child is in danger",
        },
    )
    reporter_name = TextField(
        label="Your name (optional)",
        max_length=100,
        required=False,
        error_messages={"max_length": "Your name must be 100 characters or fewer"},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    reporter_relationship = forms.ChoiceField(
        label="How do you know the child? (optional)",
        choices=RELATIONSHIPS,
        required=False,
        error_messages=_CHOICE_ERROR,
    )
    reporter_phone = TextField(
        label="Your phone number (optional)",
        max_length=30,
        required=False,
        error_messages={"max_length": "Phone number must be 30 characters or fewer"},
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    reporter_email = forms.EmailField(
        label="Your email address (optional)",
        max_length=254,
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    #: Honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(label="Leave this empty", required=False, max_length=10_000)

    def clean_date_of_birth(self) -> date | None:
        dob: date | None = self.cleaned_data.get("date_of_birth")
        if dob is not None and not (date(1990, 1, 1) <= dob <= timezone.localdate()):
            raise forms.ValidationError("Date of birth must be a real date in the past")
        return dob

    def details(self) -> dict[str, Any]:
        """What the notifier gave, in the shape triage matching reads."""
        d = self.cleaned_data
        return {
            "forename": d["child_forename"],
            "surname": d["child_surname"],
            "other_names": d["other_names"],
            "date_of_birth": d["date_of_birth"].isoformat() if d["date_of_birth"] else "",
            "age": d["age"],
            "address_line_1": d["address_line_1"],
            "town": d["town"],
            "postcode": d["postcode"],
            "last_school": d["last_school"],
            "parent_names": d["parent_names"],
            "in_danger": d["in_danger"],
            "reporter": {
                "name": d["reporter_name"],
                "relationship": d["reporter_relationship"],
                "phone": d["reporter_phone"],
                "email": d["reporter_email"],
            },
        }


class AgencyReportForm(PublicReportForm):
    """An officer records a report that came by phone or email from an agency or the public."""

    source = forms.ChoiceField(
        label="Who told you?",
        choices=[("agency", "Another agency"), ("public", "A member of the public")],
        widget=forms.RadioSelect,
        error_messages=_CHOICE_ERROR,
    )
    agency = TextField(label="Agency (if an agency)", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["local_authority"]
        del self.fields["website"]

    def details(self) -> dict[str, Any]:
        return {**super().details(), "agency": self.cleaned_data["agency"]}

    def notification(self) -> dict[str, Any]:
        """The notification to record: ``notification_submit``'s kind, source, details and
        narrative."""
        source = self.cleaned_data["source"]
        return {
            "kind": NotificationKind.AGENCY_REPORT
            if source == NotificationSource.AGENCY
            else NotificationKind.PUBLIC_REPORT,
            "source": source,
            "details": self.details(),
            "narrative": self.cleaned_data["concern"],
        }


REFERRAL_KINDS = [
    (NotificationKind.CME_REFERRAL.value, "A pupil who may be missing education"),
    (NotificationKind.CMOOE_REPORT.value, "A pupil on our roll missing out on education (CMOOE)"),
    (NotificationKind.NON_PUPIL.value, "A child who is not our pupil and may be missing education"),
]


class SchoolReferralForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you telling the local authority about?",
        choices=REFERRAL_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are telling us about", **_CHOICE_ERROR},
    )
    pupil = forms.ChoiceField(label="Pupil (for a pupil on your roll)", required=False)
    forename = TextField(
        label="Child's first name (not your pupil)", max_length=100, required=False
    )
    surname = TextField(label="Child's last name (not your pupil)", max_length=100, required=False)
    date_of_birth = SafeDateField(label="Date of birth (not your pupil)", required=False)
    address = TextField(label="Last known address (not your pupil)", max_length=200, required=False)
    situation = forms.ChoiceField(
        label="Situation",
        choices=[("", "Select the situation"), *((s.value, s.label) for s in CmeSituation)],
        error_messages={"required": "Select the situation the child is in", **_CHOICE_ERROR},
    )
    narrative = TextField(
        label="What has happened and what have you done so far?",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Tell us what has happened"},
    )

    def __init__(self, *args: Any, pupils: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].choices = [("", "Choose a pupil")] + [  # type: ignore[attr-defined]
            (str(pk), name) for pk, name in pupils
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == NotificationKind.NON_PUPIL:
            if not data.get("forename") or not data.get("surname"):
                self.add_error("forename", "Enter the child's first and last name")
        elif kind and not data.get("pupil"):
            self.add_error("pupil", "Choose the pupil")
        return data

    def pupil_id(self) -> int | None:
        """The pupil the referral is about, or None for a child who is not the school's."""
        if self.cleaned_data["kind"] == NotificationKind.NON_PUPIL:
            return None
        return int(self.cleaned_data["pupil"])

    def notification(self, child: Child | None) -> dict[str, Any]:
        """The notification to send about ``child`` (the pupil chosen, or None): its kind,
        details, reason and narrative as ``notification_submit`` takes them."""
        data = self.cleaned_data
        details: dict[str, Any] = {"situation": data["situation"]}
        if child is None:
            dob = data["date_of_birth"]
            details.update(
                forename=data["forename"],
                surname=data["surname"],
                date_of_birth=dob.isoformat() if dob else "",
                address_line_1=data["address"],
            )
        else:
            details.update(
                forename=child.legal_forename,
                surname=child.legal_surname,
                date_of_birth=child.date_of_birth.isoformat(),
                upn=child.upn,
            )
        return {
            "kind": data["kind"],
            "details": details,
            "child": child,
            "reason": data["situation"],
            "narrative": data["narrative"],
        }


class AssignForm(forms.Form):
    officer = forms.ChoiceField(label="Officer", error_messages=_CHOICE_ERROR)

    def __init__(self, *args: Any, officers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.officers = {str(u.pk): u for u in officers}
        self.fields["officer"].choices = [  # type: ignore[attr-defined]
            (pk, u.get_full_name() or u.get_username()) for pk, u in self.officers.items()
        ]

    def chosen_officer(self) -> User:
        """The officer chosen (one of those offered)."""
        return self.officers[self.cleaned_data["officer"]]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[(o.value, o.label) for o in Outcome if o != Outcome.MERGED],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome", **_CHOICE_ERROR},
    )
    school = SafeModelChoiceField(
        label="School (on roll)",
        queryset=School.objects.order_by("name"),
        required=False,
        empty_label="Choose a school using Onroll",
    )
    to_la = SafeModelChoiceField(
        label="Local authority moved to",
        queryset=LocalAuthority.objects.order_by("name"),
        required=False,
        empty_label="Choose a local authority using Onroll",
    )
    detail = TextField(
        label="School, local authority, country or provider (if not listed)",
        max_length=200,
        required=False,
    )
    evidence = TextField(
        label="Evidence for the outcome",
        help_text="Who confirmed it, how and when: for example, the receiving school's "
        "admissions officer confirmed by email on 3 March that the child started on 2 March. "
        "Not found after every enquiry: the school sends a lost-pupil CTF (XXX XXXX) to "
        "School2School.",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Enter the evidence for the outcome"},
    )

    def __init__(self, *args: Any, own_la: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_la"].queryset = LocalAuthority.objects.exclude(pk=own_la).order_by("name")  # type: ignore[attr-defined]


class EnquiryForm(forms.Form):
    step = forms.ChoiceField(label="Enquiry", choices=EnquiryStepKind.choices)
    done_on = SafeDateField(label="Date of the enquiry")
    person = TextField(label="Who made it", max_length=120)
    method = forms.ChoiceField(label="How", choices=EnquiryMethod.choices)
    result = TextField(label="What it found", widget=forms.Textarea, max_length=5000)


class EscalationForm(forms.Form):
    escalated_to = forms.ChoiceField(
        label="Referred to", choices=EscalationTo.choices, widget=forms.RadioSelect
    )
    concern = TextField(label="The safeguarding concern", widget=forms.Textarea, max_length=5000)
    their_reference = TextField(label="Their reference (optional)", max_length=60, required=False)


EDUCATION_CHOICES = [
    ("on_roll", "On a school roll (single or dual registered)"),
    ("whereabouts_unknown", "Whereabouts unknown"),
    ("part_time_timetable", "On a part-time timetable"),
    ("excluded_without_day6_provision", "Excluded with no provision from the sixth day"),
    ("long_term_illness_without_education", "Long-term illness without education"),
    ("other_provider_education", "Educated by an alternative provider or college"),
    ("removed_after_pex_no_provision", CmeSituation.REMOVED_AFTER_PEX_NO_PROVISION.label),
    ("home_visit_suggests_moved", CmeSituation.MAY_HAVE_MOVED_AWAY.label),
    ("moved_into_area_no_school", CmeSituation.MOVED_INTO_AREA_NO_SCHOOL.label),
    ("moved_out_of_area_no_school", CmeSituation.MOVED_OUT_OF_AREA_NO_SCHOOL.label),
    ("refused_offered_place", CmeSituation.REFUSED_OFFERED_PLACE.label),
]


class ClassifyForm(forms.Form):
    known = forms.MultipleChoiceField(
        label="What is known about the child's education",
        choices=EDUCATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ehe = forms.ChoiceField(
        label="Elective home education",
        choices=[("", "Not home educated")]
        + [(s.value, s.value.replace("_", " ")) for s in EheStatus],
        required=False,
    )

    #: The ticked boxes that become the rules engine's flags of the same name.
    FLAGS = (
        "part_time_timetable",
        "excluded_without_day6_provision",
        "long_term_illness_without_education",
        "other_provider_education",
        "removed_after_pex_no_provision",
        "home_visit_suggests_moved",
        "moved_into_area_no_school",
        "moved_out_of_area_no_school",
        "refused_offered_place",
    )

    def facts(self, date_of_birth: date) -> ChildFacts:
        """What the officer ticked, as the rules engine's facts about a child born then."""
        known = set(self.cleaned_data["known"])
        ehe = self.cleaned_data["ehe"]
        flags: dict[str, Any] = {name: name in known for name in self.FLAGS}
        return ChildFacts(
            date_of_birth=date_of_birth,
            on_roll="on_roll" in known,
            whereabouts_known="whereabouts_unknown" not in known,
            ehe=EheStatus(ehe) if ehe else None,
            **flags,
        )


class JointEnquiryForm(forms.Form):
    school = forms.ChoiceField(label="School")
    child = forms.ChoiceField(label="Child")
    ground = forms.ChoiceField(
        label="Deletion ground being considered",
        choices=[("H", "H: not returned after leave of absence"), ("I", "I: 20 days' absence")],
        widget=forms.RadioSelect,
    )
    proposed_off_roll_date = SafeDateField(label="Proposed off-roll date", required=False)
    notes = TextField(label="Notes", widget=forms.Textarea, max_length=5000, required=False)

    def __init__(
        self, *args: Any, schools: list[School], children: list[Child], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.schools = {str(s.pk): s for s in schools}
        self.children = {str(c.pk): c for c in children}
        self.fields["school"].choices = [(p, s.name) for p, s in self.schools.items()]  # type: ignore[attr-defined]
        self.fields["child"].choices = [(p, c.full_name) for p, c in self.children.items()]  # type: ignore[attr-defined]

    def enquiry(self) -> dict[str, Any]:
        """The joint enquiry to start: the school and child chosen, the ground, the proposed
        off-roll date and the notes, as ``joint_enquiry_start`` takes them."""
        data = self.cleaned_data
        return {
            "school": self.schools[data["school"]],
            "child": self.children[data["child"]],
            "ground": data["ground"],
            "proposed_off_roll_date": data["proposed_off_roll_date"],
            "notes": data["notes"],
        }


class JointAgreeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of the joint enquiries",
        choices=JointEnquiryOutcome.choices,
        widget=forms.RadioSelect,
    )
    agreed_off_roll_date = SafeDateField(label="Agreed off-roll date")


class ContactsForm(forms.ModelForm):  # type: ignore[type-arg]
    """The LA's CME and CMOOE contact routes."""

    class Meta:
        model = LocalAuthority
        fields = CONTACT_FIELDS
        labels = {
            "cme_team_name": "CME team name",
            "cme_email": "CME email address",
            "cme_phone": "CME phone number",
            "cmooe_email": "CMOOE email address (pupils on roll missing out on education)",
            "cmooe_phone": "CMOOE phone number",
            "contact_address": "Postal address",
        }
        widgets = {"contact_address": forms.Textarea}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        return {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items()}
