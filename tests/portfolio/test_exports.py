"""The portfolio PDF and ZIP, prepared in a task and downloaded from the progress page."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from nasenco.files.models import StoredFile
from nasenco.files.samples import SMALL_PDF
from nasenco.files.uploads import check_evidence_upload
from portfolio import services
from portfolio.models import Outcome

pytestmark = pytest.mark.django_db
PDF = SMALL_PDF


@pytest.fixture
def portfolio(cast):
    portfolio = services.portfolio_for(cast.participant_a1.enrolments.get())
    for title in ("SEN policy", "SEN policy"):  # two items whose files share a name
        upload = SimpleUploadedFile("policy.pdf", PDF)
        evidence = services.evidence_save(
            portfolio=portfolio,
            evidence=None,
            fields={
                "title": title,
                "kind": "policy",
                "activity_date": "2024-03-12",
                "reflection": "Rewrote it.",
                "pupils_not_identifiable": True,
            },
            files=[(upload, check_evidence_upload(upload, max_bytes=10_000_000))],
        )
    mapping = services.mapping_add(
        evidence=evidence,
        outcome=Outcome.objects.get(code="A1", framework=portfolio.framework),
        justification="Statutory framework",
        by=cast.participant_a1,
    )
    services.mapping_review(mapping=mapping, status="accepted", comment="", by=cast.tutor_a1)
    return portfolio


def export(client, user, portfolio, kind, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portfolio:export", args=[portfolio.pk, kind]))
    stored = StoredFile.objects.get(created_by=user, kind=f"portfolio-{kind}")
    assert response["Location"] == reverse("files:status", args=[stored.pk])
    assert stored.status == StoredFile.Status.READY
    download = client.get(reverse("files:download", args=[stored.pk]))
    return b"".join(download.streaming_content)


def test_the_pdf_has_contents_coverage_and_every_item(client, cast, portfolio, django_capture_on_commit_callbacks):
    content = export(client, cast.tutor_a1, portfolio, "pdf", django_capture_on_commit_callbacks)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert f"Portfolio: {cast.participant_a1.full_name}" in text
    assert "Coverage: 1 of 14 outcomes" in text
    assert "1. SEN policy" in text and "2. SEN policy" in text
    assert "A1 (accepted)" in text


def test_the_zip_holds_the_original_files_under_unique_names(
    client, cast, portfolio, django_capture_on_commit_callbacks
):
    content = export(client, cast.participant_a1, portfolio, "zip", django_capture_on_commit_callbacks)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = sorted(archive.namelist())
        assert names == ["01 SEN policy/policy.pdf", "02 SEN policy/policy.pdf"]
        assert archive.read(names[0]) == PDF


def test_an_unknown_export_is_not_found(client, cast, portfolio):
    client.force_login(cast.participant_a1)
    assert client.post(reverse("portfolio:export", args=[portfolio.pk, "docx"])).status_code == 404
