"""The school's home page and its current admission register."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from onroll.accounts.permissions import Permission
from onroll.core.decorators import school_staff
from onroll.core.pagination import paginate
from onroll.registers.selectors_home import pupils_on_roll, school_home_page

if TYPE_CHECKING:
    from onroll.accounts.http import AuthenticatedHttpRequest


@school_staff(Permission.VIEW_PUPILS)
def school_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = school_home_page(request.user, timezone.localdate())
    queue = paginate(request, page.queue.items, param="queue")
    return render(request, "registers/school_home.html", {"page": page, "queue": queue})


@school_staff(Permission.VIEW_PUPILS)
def pupil_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The school's current admission register, a page at a time."""
    page = paginate(request, pupils_on_roll(request.user))
    return render(request, "registers/pupil_list.html", {"page": page})
