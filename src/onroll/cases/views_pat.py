"""The LA Pupil Access Team's pages: the permanent exclusions in its area, and the team's
direction that a pupil comes off the excluding school's roll (ground O). Only the team's
officers see them; the school sees the direction on its own exclusion page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onroll.accounts.roles import Role
from onroll.cases.forms_pat import PatDirectionForm
from onroll.cases.selectors_pat import (
    PatExclusionPage,
    pat_exclusion_page,
    pat_exclusions,
    pat_rows,
)
from onroll.core.decorators import la_staff
from onroll.core.flow import submit
from onroll.core.pagination import paginate
from onroll.core.registry import work_queue
from onroll.registers.placements import exclusion_pat_direction_record

if TYPE_CHECKING:
    from onroll.accounts.http import AuthenticatedHttpRequest

pat_officer = la_staff(Role.PUPIL_ACCESS_TEAM)


@pat_officer
def pat_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's queue and every permanent exclusion in the LA, a page at a time."""
    today = timezone.localdate()
    page = paginate(request, pat_exclusions(request.user))
    queue = paginate(request, work_queue(request.user, today).items, param="queue")
    return render(
        request,
        "cases/pat_home.html",
        {"page": page, "rows": pat_rows(page.object_list), "queue": queue, "today": today},
    )


def _exclusion(
    request: AuthenticatedHttpRequest, page: PatExclusionPage, form: PatDirectionForm
) -> HttpResponse:
    return render(
        request,
        "cases/pat_exclusion.html",
        {"page": page, "exclusion": page.exclusion, "child": page.exclusion.child, "form": form},
    )


@pat_officer
def pat_exclusion(request: AuthenticatedHttpRequest, exclusion_id: int) -> HttpResponse:
    """One exclusion: the review so far, and the team records its direction."""
    today = timezone.localdate()
    page = pat_exclusion_page(request.user, exclusion_id, today=today)
    form = PatDirectionForm(request.POST or None, initial={"directed_on": today})
    if page.directed:
        form = PatDirectionForm(None)
    elif request.method == "POST":
        done = submit(
            request,
            form,
            lambda data: exclusion_pat_direction_record(
                exclusion=page.exclusion, today=today, acting_user=request.user, **data
            ),
            success="Pupil Access Team direction recorded",
            then=lambda _: redirect("la:pat_exclusion", exclusion_id),
        )
        if done:
            return done
    return _exclusion(request, page, form)
