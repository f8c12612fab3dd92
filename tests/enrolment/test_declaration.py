"""The headteacher's link (expiry, tampering, replacement), the upload checks, and the admin's verification."""

import datetime as dt
import io
import time

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from enrolment.models import Declaration, Enrolment
from enrolment.services import LinkExpired, LinkInvalid, declaration_from_token, declaration_issue
from enrolment.services.declarations import SALT, token_for
from nasenco.files.samples import SMALL_PDF
from nasenco.mail.models import OutboxEmail
from tests import factories

pytestmark = pytest.mark.django_db
PDF = SMALL_PDF


@pytest.fixture
def declaration(cast):
    profile = factories.ProfileFactory(user=cast.participant_a1)
    enrolment = cast.participant_a1.enrolments.get()
    enrolment.status = Enrolment.Status.AWAITING_DECLARATION
    enrolment.headteacher_name, enrolment.headteacher_email = "Ms Ada Head", "head@meadow.example"
    enrolment.save()
    assert profile.school
    return declaration_issue(enrolment=enrolment)


def url(declaration):
    return reverse("enrolment:declaration", args=[token_for(declaration)])


def upload(client, declaration, content, name="signed.pdf", **extra):
    data = {
        "scan": SimpleUploadedFile(name, content),
        "signed_by": "Ada Head",
        "dbs_confirmed": "on",
        "handwritten": "on",
        **extra,
    }
    return client.post(url(declaration), data)


def test_the_link_shows_a_summary_and_a_prefilled_pdf(client, declaration, cast):
    page = client.get(url(declaration)).content.decode()
    assert cast.participant_a1.full_name in page
    assert "up-to-date DBS check" in page
    response = client.get(reverse("enrolment:declaration-pdf", args=[token_for(declaration)]))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert cast.participant_a1.full_name in text
    assert "Ms Ada Head" in text and "Signature (by hand)" in text
    assert "contract that will continue for at least one year" in text


def test_a_tampered_link_is_not_found(client, declaration):
    token = token_for(declaration)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    response = client.get(reverse("enrolment:declaration", args=[tampered]))
    assert response.status_code == 404
    assert b"This link does not work" in response.content
    with pytest.raises(LinkInvalid):
        declaration_from_token(tampered)


def test_a_replaced_link_stops_working(client, declaration):
    old = token_for(declaration)
    declaration_issue(enrolment=declaration.enrolment)
    assert client.get(reverse("enrolment:declaration", args=[old])).status_code == 404


def test_an_old_link_has_expired(client, declaration):
    class ThirtyOneDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 31 * 24 * 3600)

    old = ThirtyOneDaysAgo(salt=SALT).sign_object({"d": declaration.pk, "n": str(declaration.nonce)}, compress=True)
    response = client.get(reverse("enrolment:declaration", args=[old]))
    assert response.status_code == 410
    assert b"This link has expired" in response.content
    declaration.expires_at = timezone.now() - dt.timedelta(minutes=1)
    declaration.save()
    with pytest.raises(LinkExpired):
        declaration_from_token(token_for(declaration))


def test_a_signed_pdf_is_stored_privately_and_awaits_verification(client, declaration):
    response = upload(client, declaration, PDF)
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.UPLOADED
    assert (declaration.signed_by, declaration.dbs_confirmed) == ("Ada Head", True)
    assert declaration.scan_content_type == "application/pdf"
    assert declaration.scan.name.endswith(".pdf") and "signed" not in declaration.scan.name  # our name
    with declaration.scan.open("rb") as handle:
        assert handle.read() == PDF


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_photo_is_accepted_too(client, declaration):
    upload(client, declaration, png_bytes(), name="photo.png")
    declaration.refresh_from_db()
    assert declaration.scan_content_type == "image/png"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"Dear provider, I agree. Signed: Ada Head", "signed.pdf", "not really a PDF, JPEG, PNG"),
        (b"", "signed.pdf", "The file is empty"),
        (b"%PDF-1.7\nno end", "signed.pdf", "incomplete or damaged"),
        (b"PK\x03\x04 a docx in disguise", "signed.jpg", "not really a PDF, JPEG, PNG"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(client, declaration, content, name, message, settings):
    page = upload(client, declaration, content, name=name).content.decode()
    assert message in page
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.SENT and not declaration.scan
    from pathlib import Path

    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    assert not [p for p in root.rglob("*") if p.is_file()]
    assert 'value="Ada Head"' in page  # what was typed is kept


def test_an_oversized_upload_is_refused(client, declaration):
    page = upload(client, declaration, PDF[:-6] + b" " * (10 * 1024 * 1024) + b"%%EOF\n").content.decode()
    assert "the limit is 10 MB" in page


def test_a_typed_signature_or_a_missing_dbs_confirmation_is_refused(client, declaration):
    page = upload(client, declaration, PDF, handwritten="", dbs_confirmed="").content.decode()
    assert "must carry your handwritten signature" in page
    assert "Confirm the DBS check" in page


def test_admin_rejects_then_verifies_then_accepts(client, declaration, cast, django_capture_on_commit_callbacks):
    upload(client, declaration, PDF)
    client.force_login(cast.admin_a)
    detail = reverse("enrolment:pipeline-detail", args=[declaration.enrolment_id])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("enrolment:declaration-reject", args=[declaration.enrolment_id]),
            {"reason": "The signature is typed, not handwritten."},
        )
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.REJECTED
    rejection = OutboxEmail.objects.filter(to="head@meadow.example").order_by("-created").first()
    assert "The signature is typed, not handwritten." in rejection.body_text

    client.logout()
    page = client.get(url(declaration)).content.decode()
    assert "The provider needs a corrected form" in page
    first_scan = declaration.scan.name
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, declaration, PDF)
    assert not declaration.scan.storage.exists(first_scan)  # the rejected scan is not kept
    client.force_login(cast.admin_a)
    client.post(reverse("enrolment:declaration-verify", args=[declaration.enrolment_id]))
    declaration.refresh_from_db()
    assert (declaration.status, declaration.decided_by) == (Declaration.Status.VERIFIED, cast.admin_a)
    client.post(
        reverse("enrolment:pipeline-transition", args=[declaration.enrolment_id]),
        {"to": "accepted", "reason": "Welcome."},
    )
    assert detail in client.get(detail).request["PATH_INFO"]
    assert Enrolment.objects.get(pk=declaration.enrolment_id).status == Enrolment.Status.ACCEPTED


def test_the_scan_is_served_only_to_the_providers_admins(client, declaration, cast):
    upload(client, declaration, PDF)
    scan = reverse("enrolment:declaration-scan", args=[declaration.enrolment_id])
    client.force_login(cast.admin_b)
    assert client.get(scan).status_code == 404
    client.force_login(cast.admin_a)
    response = client.get(scan)
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
