"""Identification pages after issue 11: bulk cases are chosen, checked and opened at their own
URLs, a refusal changes nothing, and the uploads list pages in bounded queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from onroll.cases.models import Notification
from onroll.identification.factories import LinkageRunFactory, PopulationUploadFactory
from tests.conftest import Cast
from tests.identification import records


def test_checking_and_opening_cases_refuse_no_choice_and_change_nothing(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    run = records.run(cast)
    client = client_for("charlie")
    for name in ("identification:run_cases_check", "identification:run_cases_open"):
        response = client.post(reverse(name, args=[run.pk]), {})
        assert response.status_code == 200
        assert "Choose at least one child" in response.content.decode()
        response = client.post(reverse(name, args=[run.pk]), {"records": [999999]})
        assert "A child you chose is no longer on the list" in response.content.decode()
        # a GET changes nothing and goes back to the choice
        assert client.get(reverse(name, args=[run.pk])).status_code == 302
    assert not Notification.objects.exists()


def test_the_uploads_list_pages_in_bounded_queries(
    cast: Cast, client_for: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    client = client_for("charlie")
    for _ in range(3):
        LinkageRunFactory(upload__local_authority=cast.lancashire, upload__uploaded_by=cast.charlie)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("identification:index"))
    for _ in range(50):
        upload = PopulationUploadFactory(local_authority=cast.lancashire, uploaded_by=cast.charlie)
        LinkageRunFactory(upload=upload)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(reverse("identification:index")).content.decode()
    assert "Showing 1 to 50 of 53 uploads" in body
    second = client.get(reverse("identification:index"), {"page": 2}).content.decode()
    assert "Showing 51 to 53 of 53 uploads" in second
