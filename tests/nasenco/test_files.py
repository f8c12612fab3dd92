import pytest
from django.urls import reverse

from nasenco.files.models import StoredFile
from nasenco.files.services import (
    stored_file_claim,
    stored_file_complete,
    stored_file_fail,
    stored_file_progress,
    stored_file_request,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_generated_file_moves_from_pending_to_ready_and_streams_to_its_owner(client):
    owner = factories.UserFactory()
    stored = stored_file_request(by=owner, kind="report", name="Timetable — Group 152.pdf")
    assert stored_file_claim(stored_file_id=stored.pk) is True
    assert stored_file_claim(stored_file_id=stored.pk) is False  # a duplicate task backs off
    stored_file_progress(stored_file_id=stored.pk, percent=50)
    assert StoredFile.objects.get(pk=stored.pk).progress == 50
    assert stored_file_complete(stored_file_id=stored.pk, content=b"%PDF-1.7 hello", content_type="application/pdf")

    client.force_login(owner)
    response = client.get(reverse("files:download", args=[stored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 hello"
    assert response["Content-Type"] == "application/pdf"
    # RFC 6266: the em dash survives as filename*, not dropped
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Timetable%20%E2%80%94%20Group%20152.pdf"
    assert response["Cache-Control"] == "private, no-store"
    stored.refresh_from_db()
    assert str(stored.pk) in stored.file.name and "Timetable" not in stored.file.name  # our name on disk
    assert stored.file.name.endswith(".pdf")  # with its real extension, so storage knows the type


def test_a_file_deleted_behind_the_portals_back_is_a_clear_404_and_logged(client, caplog):
    owner = factories.UserFactory()
    stored = stored_file_request(by=owner, kind="report", name="Exam board — A1.pdf")
    stored_file_claim(stored_file_id=stored.pk)
    stored_file_complete(stored_file_id=stored.pk, content=b"%PDF-1.7 x", content_type="application/pdf")
    stored.refresh_from_db()
    stored.file.storage.delete(stored.file.name)

    client.force_login(owner)
    response = client.get(reverse("files:download", args=[stored.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "This file is unavailable" in page and "Exam board — A1.pdf" in page and "tell your provider" in page
    assert any("missing from storage" in r.getMessage() and stored.file.name in r.getMessage() for r in caplog.records)


def test_status_page_shows_progress_then_the_link(client):
    owner = factories.UserFactory()
    stored = stored_file_request(by=owner, kind="report", name="report.pdf")
    client.force_login(owner)
    url = reverse("files:status", args=[stored.pk])
    pending = client.get(url, headers={"HX-Request": "true"})
    assert b'hx-trigger="every 1s"' in pending.content
    assert b"<progress" in pending.content
    stored_file_claim(stored_file_id=stored.pk)
    stored_file_complete(stored_file_id=stored.pk, content=b"x")
    ready = client.get(url, headers={"HX-Request": "true"})
    assert b"hx-trigger" not in ready.content
    assert reverse("files:download", args=[stored.pk]).encode() in ready.content


def test_download_before_ready_explains_instead_of_failing(client):
    owner = factories.UserFactory()
    stored = stored_file_request(by=owner, kind="report", name="report.pdf")
    client.force_login(owner)
    response = client.get(reverse("files:download", args=[stored.pk]))
    assert response.status_code == 409
    assert b"This page updates by itself" in response.content


def test_failed_file_says_so(client):
    owner = factories.UserFactory()
    stored = stored_file_request(by=owner, kind="report", name="report.pdf")
    stored_file_fail(stored_file_id=stored.pk, error="The cohort no longer exists.")
    client.force_login(owner)
    response = client.get(reverse("files:status", args=[stored.pk]))
    assert b"The cohort no longer exists." in response.content


def test_completing_a_file_someone_else_failed_keeps_no_orphan(settings):
    owner = factories.UserFactory()
    stored = stored_file_request(by=owner, kind="report", name="report.pdf")
    stored_file_claim(stored_file_id=stored.pk)
    stored_file_fail(stored_file_id=stored.pk, error="cancelled")
    assert stored_file_complete(stored_file_id=stored.pk, content=b"late") is False
    from pathlib import Path

    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    assert not [p for p in root.rglob("*") if p.is_file()]
