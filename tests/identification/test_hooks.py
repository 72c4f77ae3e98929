"""The navigation link and the work-queue item identification adds for CME officers."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from onroll.identification.hooks import navigation, work_queue
from tests.clock import TODAY
from tests.conftest import Cast
from tests.identification import records


def test_only_cme_officers_get_the_link(cast: Cast) -> None:
    assert [i.text for i in navigation(cast.charlie)] == ["Find children on no roll"]
    for member in (cast.alice, cast.bob, cast.eve):
        assert navigation(member) == []


def test_uncertain_matches_wait_in_the_officers_queue_until_decided(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    run = records.run(cast)
    today = TODAY
    items = work_queue(cast.charlie, today)
    assert [(i.title, i.href) for i in items] == [
        ("Review 1 uncertain match", reverse("identification:run_detail", args=[run.pk]))
    ]
    assert work_queue(cast.diana, today) == []
    assert "Review 1 uncertain match" in client_for("charlie").get("/la/").content.decode()
    client_for("charlie").post(
        reverse("identification:match_review", args=[records.decision(cast).pk]),
        {"decision": "reject"},
    )
    assert work_queue(cast.charlie, today) == []
