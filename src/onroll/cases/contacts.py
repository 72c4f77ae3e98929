"""Each LA's CME and CMOOE contact routes: shown on every page and document that tells
someone whom to contact (the public form and its confirmation, the school's referral pages,
the transfer pack). A CME manager keeps them up to date here (or an administrator in the
admin site); other CME staff see them."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render

from onroll.accounts.http import AuthenticatedHttpRequest
from onroll.accounts.roles import CME_ROLES, Role
from onroll.cases.forms import ContactsForm
from onroll.cases.selectors_intake import la_contact_details
from onroll.cases.services import la_contacts_update
from onroll.core.decorators import la_staff
from onroll.core.flow import submit


@la_staff(*CME_ROLES)
def contacts(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    manager = user.has_role(Role.CME_MANAGER)
    form = ContactsForm(request.POST or None, instance=la_contact_details(user))
    done = (
        submit(
            request,
            form,
            lambda values: la_contacts_update(la=form.instance, values=values, acting_user=user),
            success="Contact details saved. Every page now shows them.",
            then=lambda _: redirect("cases:contacts"),
        )
        if manager
        else None
    )
    return done or render(
        request,
        "cases/contacts.html",
        {"form": form, "la": user.local_authority, "manager": manager},
    )
