"""Each LA's CME and CMOOE contact routes: shown on every page and document that tells
someone whom to contact (the public form and its confirmation, the school's referral pages,
the transfer pack). A CME manager keeps them up to date here (or an administrator in the
admin site)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from onroll.accounts.models import LocalAuthority, User
from onroll.accounts.roles import Role
from onroll.cases.forms import clean_text
from onroll.cases.selectors import CME_ROLES
from onroll.core.decorators import la_staff
from onroll.core.models import AuditAction
from onroll.core.services import audit_record

CONTACT_FIELDS = (
    "cme_team_name",
    "cme_email",
    "cme_phone",
    "cmooe_email",
    "cmooe_phone",
    "contact_address",
)


class ContactsForm(forms.ModelForm):  # type: ignore[type-arg]
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


def la_contacts_update(
    *, la: LocalAuthority, values: dict[str, Any], acting_user: User
) -> LocalAuthority:
    """Change the LA's contact routes (CME managers only) and audit which fields changed."""
    if not acting_user.has_role(Role.CME_MANAGER) or acting_user.organisation_id != la.pk:
        raise PermissionError("Only the LA's CME manager may change its contact details")
    with transaction.atomic():
        changed = [k for k in CONTACT_FIELDS if k in values and getattr(la, k) != values[k]]
        for key in changed:
            setattr(la, key, values[key])
        if changed:
            la.save(update_fields=changed)
        audit_record(
            action=AuditAction.LA_CONTACTS_UPDATED,
            actor=acting_user,
            obj=la,
            detail={"fields": changed},
        )
    return la


@la_staff(*CME_ROLES)
def contacts(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    la = user.local_authority
    manager = user.has_role(Role.CME_MANAGER)
    form = ContactsForm(request.POST or None, instance=LocalAuthority.objects.get(pk=la.pk))
    if request.method == "POST" and manager and form.is_valid():
        la_contacts_update(la=la, values=form.cleaned_data, acting_user=user)
        messages.success(request, "Contact details saved. Every page now shows them.")
        return redirect("cases:contacts")
    return render(request, "cases/contacts.html", {"form": form, "la": la, "manager": manager})
