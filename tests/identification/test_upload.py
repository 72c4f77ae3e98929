"""Uploading a population file: checked, previewed, confirmed; refused whole when bad."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from onroll.core.models import AuditEvent
from onroll.identification.models import PopulationRecord, PopulationUpload, UploadStatus
from onroll.identification.validation import MAX_UPLOAD_BYTES
from tests.conftest import Cast
from tests.identification import records

GOOD = (
    "id,forename,surname,dob,sex,postcode,address,NHS number\n"
    "h1,Ava,Dewhurst,2013-05-17,F,PR1 1AA,1 Test Street,111\n"
    "h2,Leo,Haworth,2013-05-17,M,PR1 1AA,1 Test Street,222\n"
    "h3,Poppy,Nightingale,2015-09-09,F,BB1 2AB,,333\n"
)
BAD = (
    "id,forename,surname,dob,sex,postcode\n"
    "h1,Ava,Dewhurst,2013-05-17,F,PR1 1AA\n"
    "h2,,,2013-02-31,M,PR1 1AA\n"
    "h3,Poppy,Nightingale,2015-09-09,Q,NOT A POSTCODE\n"
    "h1,Mia,Nowak,2014-01-01,F,\n"
)


def post_file(client: Client, text: str | bytes, name: str = "health.csv"):  # type: ignore[no-untyped-def]
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        reverse("identification:upload"),
        {"source": "health", "description": "", "file": SimpleUploadedFile(name, data)},
    )


def test_malformed_rows_are_named_and_nothing_is_written(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    audit_before = AuditEvent.objects.count()
    response = post_file(client_for("charlie"), BAD)
    assert response.status_code == 200
    body = response.content.decode()
    assert "The file has 5 problems: nothing was saved" in body
    for line, field in [(3, "forename"), (3, "dob"), (4, "sex"), (4, "postcode"), (5, "id")]:
        cells = f'<td class="govuk-table__cell">{line}</td>\n    '
        cells += f'<td class="govuk-table__cell">{field}</td>'
        assert cells in body
    assert "The id &#x27;h1&#x27; is already used on line 2" in body
    assert PopulationUpload.objects.count() == 0
    assert PopulationRecord.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_a_good_file_is_previewed_with_counts_before_anything_runs(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    client = client_for("charlie")
    response = post_file(client, GOOD)
    upload = PopulationUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("identification:upload_detail", args=[upload.pk])
    assert (upload.status, upload.row_count, upload.local_authority) == (
        UploadStatus.PREVIEWED,
        3,
        cast.lancashire,
    )
    assert upload.ignored_columns == ["NHS number"]
    assert not upload.runs.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Check the file before you run identification" in page
    assert "Poppy Nightingale" in page
    assert "Confirm and run identification" in page
    assert "NHS number" in page
    event = AuditEvent.objects.get(action="identification.upload_previewed")
    assert (event.actor, event.detail["rows"]) == (cast.charlie, 3)


def test_discarding_a_preview_deletes_its_rows_and_is_audited(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    client = client_for("charlie")
    post_file(client, GOOD)
    upload = PopulationUpload.objects.get()
    response = client.post(reverse("identification:upload_discard", args=[upload.pk]))
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == UploadStatus.DISCARDED
    assert not upload.records.exists()
    assert AuditEvent.objects.filter(action="identification.upload_discarded").count() == 1


def test_files_over_the_size_limit_are_refused(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    big = GOOD.encode() + b"#" * MAX_UPLOAD_BYTES
    response = post_file(client_for("charlie"), big)
    assert "The file must be smaller than 5 MB" in response.content.decode()
    assert PopulationUpload.objects.count() == 0


def test_a_missing_source_and_file_are_named(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    response = client_for("charlie").post(reverse("identification:upload"), {})
    body = response.content.decode()
    assert "Choose what list the file is" in body
    assert "Choose a CSV file to upload" in body


def test_another_las_officer_cannot_see_lancashire_uploads(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    run = records.run(cast)
    upload, decision = run.upload, run.decisions.get()
    diana = client_for("diana")
    index = diana.get(reverse("identification:index"))
    assert index.status_code == 200
    assert records.FILE_NAME not in index.content.decode()
    for url in (
        reverse("identification:upload_detail", args=[upload.pk]),
        reverse("identification:run_detail", args=[run.pk]),
        reverse("identification:run_cases", args=[run.pk]),
        reverse("identification:match_review", args=[decision.pk]),
    ):
        assert diana.get(url).status_code == 404, url
    for url in (
        reverse("identification:upload_run", args=[upload.pk]),
        reverse("identification:upload_discard", args=[upload.pk]),
        reverse("identification:match_review", args=[decision.pk]),
        reverse("identification:run_cases", args=[run.pk]),
        reverse("identification:run_cases_check", args=[run.pk]),
        reverse("identification:run_cases_open", args=[run.pk]),
    ):
        assert diana.post(url, {"decision": "accept", "step": "confirm"}).status_code == 404
    decision.refresh_from_db()
    assert decision.status == "needs_review"
    charlie = client_for("charlie")
    assert records.FILE_NAME in charlie.get(reverse("identification:index")).content.decode()
    assert charlie.get(reverse("identification:run_detail", args=[run.pk])).status_code == 200


def test_school_staff_cannot_reach_identification(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    for member in ("alice", "bob", "eve"):
        assert client_for(member).get(reverse("identification:index")).status_code == 404
