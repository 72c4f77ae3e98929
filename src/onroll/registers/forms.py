"""Forms check shape only (required, types, choices); the services and the rules decide."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import date
from typing import Any

from django import forms

from onroll.core.forms import GovukDateField
from onroll.people.forms import ChildForm
from onroll.people.services import CHILD_FIELDS
from onroll.registers.facts.absence import AbsenceCodesError, GnoRun, gno_run_from_codes
from onroll.registers.facts.deletion import Attestation
from onroll.registers.models import Leaving, PlacementAim, RegistrationKind, ReintegrationOutcome
from onroll.registers.referrals import MOVE_OUTCOMES
from onroll.rules.classification import CmeSituation
from onroll.rules.deletion import DeletionGround
from onroll.rules.exclusions import ReviewEvent, ReviewState
from onroll.schools.models import School

YES_NO = [("yes", "Yes"), ("no", "No")]


class AdmitForm(ChildForm):
    kind = forms.ChoiceField(
        label="Registration", choices=RegistrationKind.choices, widget=forms.RadioSelect
    )
    partner_school = forms.ChoiceField(
        label="Other school where the pupil is registered (dual registration)",
        required=False,
    )
    starting_day = GovukDateField(
        label="Starting day", help_text="The first day agreed for the pupil to attend"
    )
    national_curriculum_year = forms.IntegerField(
        label="National curriculum year", min_value=0, max_value=14, required=False
    )
    last_school_attended = forms.CharField(
        label="School last attended", max_length=200, required=False
    )
    referral_placement = forms.BooleanField(
        label="Referral placement at the Short Stay School", required=False
    )
    aim = forms.ChoiceField(
        label="Aim of the placement",
        choices=[("", "Not a referral placement"), *PlacementAim.choices],
        required=False,
    )
    next_review_on = GovukDateField(label="First review date", required=False)
    address_line_1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    address_line_2 = forms.CharField(label="Address line 2", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    carer_forename = forms.CharField(label="Parent's first name", max_length=100, required=False)
    carer_surname = forms.CharField(label="Parent's last name", max_length=100, required=False)
    carer_relationship = forms.CharField(label="Relationship", max_length=60, required=False)
    carer_phone = forms.CharField(label="Parent's phone", max_length=40, required=False)
    carer_emergency_phone = forms.CharField(
        label="Parent's emergency phone", max_length=40, required=False
    )

    def __init__(self, *args: Any, schools: Sequence[School] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._schools = {str(s.pk): s for s in schools}
        choices = [
            ("", "None (single registration)"),
            *((k, s.name) for k, s in self._schools.items()),
        ]
        self.fields["partner_school"].choices = choices  # type: ignore[attr-defined]

    def clean_partner_school(self) -> School | None:
        return self._schools.get(self.cleaned_data["partner_school"])

    def admission(self) -> dict[str, Any]:
        """The valid form as ``pupil_admit``'s arguments (all but the school, the day and the
        officer)."""
        data = self.cleaned_data
        return {
            "child_values": {k: data[k] for k in data if k in CHILD_FIELDS},
            "address": {
                "line_1": data["address_line_1"],
                "line_2": data["address_line_2"],
                "town": data["town"],
                "postcode": data["postcode"],
            },
            "carer": {
                "forename": data["carer_forename"],
                "surname": data["carer_surname"],
                "relationship": data["carer_relationship"] or "Parent",
                "lives_with": True,
                "parental_responsibility": True,
                "phone": data["carer_phone"],
                "emergency_phone": data["carer_emergency_phone"],
            },
            "kind": data["kind"],
            "starting_day": data["starting_day"],
            "partner_school": data["partner_school"],
            "national_curriculum_year": data["national_curriculum_year"],
            "last_school_attended": data["last_school_attended"],
            "referral": {"aim": data["aim"], "next_review_on": data["next_review_on"]}
            if data["referral_placement"]
            else None,
        }


class ExclusionForm(forms.Form):
    first_day = GovukDateField(label="First day of the exclusion")
    pru = forms.ChoiceField(label="Day-6 provision at")
    reason = forms.CharField(label="Reason", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, prus: Sequence[School] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prus = {str(p.pk): p for p in prus}
        self.fields["pru"].choices = [(k, p.name) for k, p in self._prus.items()]  # type: ignore[attr-defined]

    def clean_pru(self) -> School:
        return self._prus[self.cleaned_data["pru"]]  # the field allows only these


class ReviewEventForm(forms.Form):
    event = forms.ChoiceField(label="What happened", widget=forms.RadioSelect)
    occurred_on = GovukDateField(
        label="Date",
        help_text="For the board's decision, the day the parent was notified of it",
    )
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, events: Sequence[ReviewEvent] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(e.value, EVENT_LABELS[e]) for e in events]
        self.fields["event"].choices = choices  # type: ignore[attr-defined]


EVENT_LABELS = {
    ReviewEvent.BOARD_NOTIFIED: "The governing board was notified of the exclusion",
    ReviewEvent.BOARD_REINSTATED: "The board reinstated the pupil",
    ReviewEvent.BOARD_DECLINED: "The board declined to reinstate (parent notified)",
    ReviewEvent.IRP_APPLIED: "The parent applied for an independent review panel",
    ReviewEvent.IRP_WINDOW_EXPIRED: "The 15 school days to apply to an IRP passed",
    ReviewEvent.PARENT_WAIVED_IRP_IN_WRITING: "The parent said in writing they will not apply "
    "to an IRP",
    ReviewEvent.IRP_UPHELD: "The IRP upheld the exclusion",
    ReviewEvent.IRP_RECOMMENDED_RECONSIDERATION: "The IRP recommended reconsideration",
    ReviewEvent.IRP_QUASHED: "The IRP quashed the decision",
    ReviewEvent.RECONSIDERED_REINSTATED: "The board reconsidered and reinstated",
    ReviewEvent.RECONSIDERED_DECLINED: "The board reconsidered and declined to reinstate",
}


STATE_LABELS = {
    ReviewState.EXCLUDED: "Excluded: the governing board has not been notified yet",
    ReviewState.BOARD_PENDING: "Waiting for the governing board to consider reinstatement",
    ReviewState.REINSTATED: "Reinstated",
    ReviewState.IRP_WINDOW: "The parent may apply for an independent review panel (IRP)",
    ReviewState.IRP_PENDING: "Waiting for the IRP hearing",
    ReviewState.RECONSIDERATION_PENDING: "Waiting for the board to reconsider",
    ReviewState.PROCESS_ENDED: "Process ended: the exclusion stands",
}


class OnRollForm(forms.Form):
    starting_day = GovukDateField(label="Starting day on the Short Stay School's roll")
    national_curriculum_year = forms.IntegerField(
        label="National curriculum year", min_value=0, max_value=14, required=False
    )
    late_start_reason = forms.CharField(
        label="If the starting day is after day 6: why the pupil was not on roll by day 6",
        help_text="A start after day 6 is a missed day-6 provision: it is recorded and shown "
        "on the placement.",
        widget=forms.Textarea,
        required=False,
    )


class PlacementReviewForm(forms.Form):
    reviewed_on = GovukDateField(label="Review date")
    note = forms.CharField(label="What the review found", widget=forms.Textarea, required=False)
    next_review_on = GovukDateField(label="Next review", required=False)


class PlacementOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Reintegration outcome",
        choices=ReintegrationOutcome.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)


class LeavingForm(forms.Form):
    expected_leaving_on = GovukDateField(label="Expected leaving date", required=False)
    reason = forms.CharField(label="Why the pupil is leaving", widget=forms.Textarea)
    destination_unknown = forms.BooleanField(
        label="We do not know where the pupil is going", required=False
    )


class DestinationForm(forms.Form):
    school = forms.CharField(label="Destination school", max_length=200)
    laestab = forms.CharField(label="Its LAESTAB (7 digits)", max_length=7, required=False)
    la = forms.CharField(label="Its local authority", max_length=200, required=False)
    start_on = GovukDateField(label="Date the pupil starts there", required=False)
    confirmed_by = forms.CharField(
        label="Who at the destination school confirmed the pupil is on its roll",
        max_length=200,
        required=False,
    )
    confirmed_how = forms.CharField(
        label="How they confirmed it", max_length=200, required=False, help_text="Phone, email, S2S"
    )
    confirmed_on = GovukDateField(label="When they confirmed it", required=False)
    other_schools_consented = forms.BooleanField(
        label="Every other school where the pupil is registered consents to the deletion",
        required=False,
    )

    @staticmethod
    def initial_for(leaving: Leaving | None) -> dict[str, Any] | None:
        """The destination recorded so far, to edit."""
        if leaving is None:
            return None
        return {
            "school": leaving.destination_school,
            "laestab": leaving.destination_laestab,
            "la": leaving.destination_la,
            "start_on": leaving.destination_start_on,
            "confirmed_by": leaving.confirmed_by,
            "confirmed_how": leaving.confirmed_how,
            "confirmed_on": leaving.confirmed_on,
            "other_schools_consented": leaving.other_schools_consented,
        }


class DeletionForm(forms.Form):
    typed_run: int | None = None  # the typed codes' own run (checked when cleaned)
    ground = forms.ChoiceField(
        label="Ground for deletion (reg 9(1))",
        choices=[
            ("", "Select a ground"),
            *((g.value, f"{g.value}: {g.label}") for g in DeletionGround),
        ],
        required=False,
    )
    deletion_date = GovukDateField(label="Date of deletion")
    ceased_to_attend = forms.BooleanField(label="The pupil has ceased to attend", required=False)
    lives_beyond_reasonable_distance = forms.BooleanField(
        label="The pupil no longer lives within reasonable distance of the school", required=False
    )
    will_attend_again = forms.BooleanField(
        label="We have reasonable grounds to believe the pupil will attend again", required=False
    )
    sickness_believed = forms.BooleanField(
        label="We believe the absence is due to sickness or an unavoidable cause", required=False
    )
    joint_enquiries_logged = forms.BooleanField(
        label="We declare that the school and the LA jointly made reasonable enquiries",
        help_text="Only where the LA's CME team does not use Onroll: the deletion return tells "
        "the LA this rests on your declaration",
        required=False,
    )
    whereabouts_established = forms.BooleanField(
        label="The enquiries found where the pupil is", required=False
    )
    absence_codes = forms.CharField(
        label="Register codes for the absence (ground I)",
        widget=forms.Textarea,
        required=False,
        help_text="Onroll's attendance register is used for every session it holds. Type "
        "codes only for sessions it does not hold, morning then afternoon of each school day, "
        "oldest first, ending on the deletion date, e.g. N N G G O O: they are shown to the LA "
        "as declared by the school",
    )
    died = forms.BooleanField(label="The pupil has died", required=False)
    parent_said_will_stop_attending = forms.BooleanField(
        label="The parent has said the pupil will stop attending (ground L)", required=False
    )
    ehe_written_notice_on = GovukDateField(
        label="Date of the parent's written notice of home education (ground F)", required=False
    )
    ehe_start_date = GovukDateField(
        label="Date the parent gave for home education to start (ground F)", required=False
    )
    detained_under_court_order = forms.BooleanField(
        label="The pupil is detained under a court order (ground J)", required=False
    )
    leave_of_absence_ended_on = GovukDateField(
        label="Last day of the leave of absence granted (ground H)", required=False
    )
    attended_since_leave_ended = forms.BooleanField(
        label="The pupil has attended since the leave ended (ground H)", required=False
    )

    def __init__(self, *args: Any, la_uses_onroll: bool = False, **kwargs: Any) -> None:
        """Where the LA's CME team works in Onroll, joint enquiries are the ones agreed with
        it there: the school's declaration is not asked for (and a posted one is dropped)."""
        super().__init__(*args, **kwargs)
        if la_uses_onroll:
            del self.fields["joint_enquiries_logged"]

    def clean_absence_codes(self) -> str:
        codes: str = self.cleaned_data["absence_codes"]
        try:
            self.typed_run = gno_run_from_codes(codes)
        except AbsenceCodesError as exc:
            raise forms.ValidationError(f"Check the register codes: {exc}") from exc
        return codes

    def attestation(self, *, register_run: Callable[[date, str], GnoRun]) -> Attestation:
        """What the officer attests, as the deletion rules' input. The G/N/O run is
        ``register_run(deletion_date, typed codes)``: Onroll's register for every session it
        holds, the typed codes only for sessions it does not (declared as such); a typed code
        for a session it holds is refused on the codes field."""
        data = self.cleaned_data
        stated = {f.name: data[f.name] for f in fields(Attestation) if f.name in self.fields}
        try:
            run = register_run(data["deletion_date"], data.get("absence_codes", ""))
        except AbsenceCodesError as exc:
            refused = f"Check the register codes: {exc}"
            raise forms.ValidationError({"absence_codes": refused}) from exc
        return Attestation(
            **stated, gno_run_school_days=run.days, typed_register_codes=run.declared
        )


class CmeReferralForm(forms.Form):
    situation = forms.ChoiceField(
        label="Situation",
        choices=[(s.value, s.label) for s in CmeSituation],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the situation the child is in"},
    )
    narrative = forms.CharField(
        label="What you know",
        help_text="When the child was last seen, what you have done and who you have spoken to",
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what you know: when the child was last seen, what you have done "
            "and who you have spoken to"
        },
    )


class CmooeForm(forms.Form):
    reason = forms.CharField(
        label="Why the pupil is not accessing their education", widget=forms.Textarea
    )
    hours_offered = forms.IntegerField(label="Hours of education offered each week", min_value=0)
    plan = forms.CharField(label="Plan to return to full-time education", widget=forms.Textarea)
    review_on = GovukDateField(label="Review date")


class MoveForm(forms.Form):
    parent_name = forms.CharField(label="Parent the pupil will live with", max_length=200)
    line_1 = forms.CharField(label="New address line 1", max_length=200, required=False)
    line_2 = forms.CharField(label="New address line 2", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    move_on = GovukDateField(label="Date of the move")
    intended_school = forms.CharField(
        label="School they intend to go to", max_length=200, required=False
    )
    intended_la = forms.CharField(
        label="Local authority they are moving to", max_length=200, required=False
    )


class MoveFollowUpForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What the follow-up found",
        choices=list(MOVE_OUTCOMES.items()),
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)
