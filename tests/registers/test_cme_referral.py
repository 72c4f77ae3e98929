"""A CME referral is complete and the school's own: it needs the situation and what the school
knows; nothing is chosen for the school; what a move record suggests is shown as editable text
that says where it came from."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from onroll.cases.models import Notification
from onroll.registers.referrals import cme_referral_submit
from tests.conftest import Cast
from tests.registers import records


def test_an_empty_referral_is_refused_with_both_errors_summarised(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    response = client_for("alice").post(
        reverse("registers:cme_referral", args=[cast.pru_child.pk]),
        {"situation": "", "narrative": "   "},
    )
    assert response.status_code == 200
    body = response.content.decode()
    summary = body[body.index("govuk-error-summary") :]
    assert "Select the situation the child is in" in summary
    assert "Enter what you know" in summary
    assert not Notification.objects.exists()


def test_the_service_refuses_a_referral_without_what_the_school_knows(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        cme_referral_submit(
            child=cast.pru_child,
            school=cast.pru,
            situation="may_have_moved_away",
            narrative=" ",
            acting_user=cast.alice,
        )
    assert "narrative" in refused.value.message_dict
    assert not Notification.objects.exists()


def test_nothing_is_chosen_for_the_school(cast: Cast, client_for: Callable[[str], Client]) -> None:
    client = client_for("alice")
    page = client.get(reverse("registers:cme_referral", args=[cast.pru_child.pk])).content.decode()
    assert not re.search(r'name="situation"[^>]*checked', page)
    general = client.get(reverse("cases:refer")).content.decode()
    assert " selected" not in general.replace('value="" selected', "")
    assert not re.search(r"\bchecked\b", general)


def test_a_move_suggests_text_shown_and_editable_never_sent_unseen(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    move = records.move(cast)
    client = client_for("alice")
    url = reverse("registers:cme_referral", args=[move.child_id])
    page = client.get(url, {"move": move.pk}).content.decode()
    assert f"filled in from the move recorded for {move.move_on:%-d %B %Y}" in page
    assert not re.search(r'name="situation"[^>]*checked', page)
    textarea = re.search(r'<textarea[^>]*name="narrative"[^>]*>([^<]*)</textarea>', page)
    assert textarea is not None
    assert "moving on" in textarea.group(1)
    response = client.post(
        url, {"situation": "moved_out_of_area_no_school", "narrative": "Edited", "move": move.pk}
    )
    assert response.status_code == 302
    sent = Notification.objects.get(kind="cme_referral")
    assert sent.narrative == "Edited"
    assert sent.reason == "moved_out_of_area_no_school"
    move.refresh_from_db()
    assert move.referral == sent
