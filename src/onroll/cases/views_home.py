"""The LA CME team's home page and the schools in its area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from onroll.accounts.roles import Role
from onroll.cases.selectors_home import la_home_page, schools_in_area
from onroll.core.decorators import la_staff
from onroll.core.pagination import paginate

if TYPE_CHECKING:
    from onroll.accounts.http import AuthenticatedHttpRequest


@la_staff(Role.CME_OFFICER, Role.CME_MANAGER)
def la_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = la_home_page(request.user, timezone.localdate())
    queue = paginate(request, page.queue.items, param="queue")
    return render(request, "cases/la_home.html", {"page": page, "queue": queue})


@la_staff(Role.CME_OFFICER, Role.CME_MANAGER)
def la_schools(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The schools in the LA's area with their numbers on roll, a page at a time."""
    page = paginate(request, schools_in_area(request.user))
    return render(request, "cases/la_schools.html", {"page": page})
