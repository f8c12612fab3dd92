"""The bucket path against a real S3 API on loopback (moto's server mode): uploads land in the bucket with
their content type, downloads are pre-signed links for the public address that expire as configured, a
missing object is the "unavailable" page, and erasure deletes the objects."""

import datetime as dt
import urllib.parse
import urllib.request

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enrolment.models import Enrolment
from nasenco.files.samples import SMALL_PDF
from nasenco.files.services import stored_file_claim, stored_file_complete, stored_file_request
from portfolio.models import EvidenceFile
from privacy import services as privacy
from tests import factories
from tests.conftest import free_port

pytestmark = pytest.mark.django_db
BUCKET = "nasenco-private"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "eu-west-2"}


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield port
    server.stop()


@pytest.fixture
def bucket(s3_server, settings):
    """A fresh bucket, and the portal's storage pointed at it; links signed for http://localhost:<port>."""
    client = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{s3_server}", **KEYS)
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "nasenco.files.s3.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": f"http://127.0.0.1:{s3_server}",
                "public_url": f"http://localhost:{s3_server}",
                "region_name": "eu-west-2",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 120,
                "file_overwrite": False,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _upload_evidence(client, participant):
    client.force_login(participant)
    response = client.post(
        reverse("portfolio:evidence-create"),
        {
            "title": "SEN policy review",
            "kind": "policy",
            "activity_date": "2024-03-12",
            "reflection": "What I learned.",
            "pupils_not_identifiable": "on",
            "files": [SimpleUploadedFile("Policy — draft.pdf", SMALL_PDF)],
        },
    )
    assert response.status_code == 302, response.content[:500]
    return EvidenceFile.objects.get(evidence__portfolio__enrolment__participant=participant)


def test_upload_presigned_download_and_a_missing_object(client, cast, bucket, s3_server):
    stored = _upload_evidence(client, cast.participant_a1)
    head = bucket.head_object(Bucket=BUCKET, Key=stored.file.name)
    assert head["ContentType"] == "application/pdf" and head["ContentLength"] == len(SMALL_PDF)

    response = client.get(reverse("portfolio:evidence-file", args=[stored.evidence_id, stored.pk]))
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    link = response["Location"]
    assert link.startswith(f"http://localhost:{s3_server}/{BUCKET}/")  # the public address, not the inside one
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert query["X-Amz-Expires"] == ["120"]
    assert query["response-content-disposition"] == ["attachment; filename*=utf-8''Policy%20%E2%80%94%20draft.pdf"]
    with urllib.request.urlopen(link, timeout=10) as fetched:
        assert fetched.read() == SMALL_PDF
        assert "Policy%20%E2%80%94%20draft.pdf" in fetched.headers["Content-Disposition"]

    bucket.delete_object(Bucket=BUCKET, Key=stored.file.name)  # gone behind the portal's back
    missing = client.get(reverse("portfolio:evidence-file", args=[stored.evidence_id, stored.pk]))
    assert missing.status_code == 404 and b"This file is unavailable" in missing.content


def test_exports_are_stored_with_extension_and_type(cast, bucket):
    stored = stored_file_request(by=cast.admin_a, kind="exam-board", name="Exam board — A1.pdf")
    stored_file_claim(stored_file_id=stored.pk)
    stored_file_complete(stored_file_id=stored.pk, content=b"%PDF-1.7 board", content_type="application/pdf")
    stored.refresh_from_db()
    assert stored.file.name.startswith("exam-board/") and stored.file.name.endswith(f"{stored.pk}.pdf")
    assert bucket.head_object(Bucket=BUCKET, Key=stored.file.name)["ContentType"] == "application/pdf"


def test_erasure_deletes_the_objects_from_the_bucket(client, cast, bucket, django_capture_on_commit_callbacks):
    place = factories.EnrolmentFactory(cohort=cast.cohort_a1, status=Enrolment.Status.ACTIVE)
    stored = _upload_evidence(client, place.participant)
    key = stored.file.name
    assert bucket.head_object(Bucket=BUCKET, Key=key)
    place.status = Enrolment.Status.WITHDRAWN
    place.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        privacy.participant_erase(user=place.participant, by=cast.admin_a, today=dt.date(2026, 1, 5))
    assert bucket.list_objects_v2(Bucket=BUCKET, Prefix=key).get("KeyCount") == 0


def test_an_object_gone_from_the_bucket_is_named_in_the_zip_not_fatal(
    client, cast, bucket, django_capture_on_commit_callbacks
):
    """Issue 25 (11) on a real S3 API: the bucket's own error for a missing key leaves that file out."""
    import io
    import zipfile

    from nasenco.files.models import StoredFile

    stored = _upload_evidence(client, cast.participant_a1)
    bucket.delete_object(Bucket=BUCKET, Key=stored.file.name)
    portfolio = stored.evidence.portfolio
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portfolio:export", args=[portfolio.pk, "zip"]))
    export = StoredFile.objects.get(kind="portfolio-zip")
    assert export.status == StoredFile.Status.READY and export.missing == ["01 SEN policy review/Policy — draft.pdf"]
    body = bucket.get_object(Bucket=BUCKET, Key=export.file.name)["Body"].read()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert "Policy — draft.pdf" in archive.read("missing-files.txt").decode()
        assert "index.html" in archive.namelist()
