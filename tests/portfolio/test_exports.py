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


def squeezed(text: str) -> str:
    """Without spaces: a name can wrap at its hyphen, and PDF text extraction then adds one."""
    return "".join(text.split())


def test_the_pdf_has_contents_coverage_and_every_item(client, cast, portfolio, django_capture_on_commit_callbacks):
    content = export(client, cast.tutor_a1, portfolio, "pdf", django_capture_on_commit_callbacks)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    assert f"Portfolio: {cast.participant_a1.full_name}" in text
    assert "Coverage: 1 of 14 outcomes" in text
    assert "1. SEN policy" in text and "2. SEN policy" in text
    assert "Statutory framework" in text and squeezed(f"Accepted by {cast.tutor_a1.full_name}") in squeezed(text)


def test_the_zip_holds_the_original_files_under_unique_names(
    client, cast, portfolio, django_capture_on_commit_callbacks
):
    content = export(client, cast.participant_a1, portfolio, "zip", django_capture_on_commit_callbacks)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = sorted(archive.namelist())
        assert names == ["01 SEN policy/policy.pdf", "02 SEN policy/policy.pdf", "index.csv", "index.html"]
        assert archive.read(names[0]) == PDF


def test_an_unknown_export_is_not_found(client, cast, portfolio):
    client.force_login(cast.participant_a1)
    assert client.post(reverse("portfolio:export", args=[portfolio.pk, "docx"])).status_code == 404


def pdf_of_pages(*sizes, rotate=0) -> bytes:
    """A real PDF whose pages carry their own text, so an appended page can be recognised."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for number, (width, height) in enumerate(sizes, start=1):
        page = writer.add_blank_page(width=width, height=height)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 14 Tf 72 {height / 2:.0f} Td (Evidence page {number} of the scheme) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
        if rotate:
            page.rotate(rotate)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def add_item(portfolio, title, *uploads):
    files = [(upload, check_evidence_upload(upload, max_bytes=10_000_000)) for upload in uploads]
    return services.evidence_save(
        portfolio=portfolio,
        evidence=None,
        fields={
            "title": title,
            "kind": "observation",
            "activity_date": "2024-04-02",
            "reflection": "Watched the provision in Year 4.",
            "pupils_not_identifiable": True,
        },
        files=files,
    )


def test_the_pdf_is_the_assessed_artefact(client, cast, portfolio, django_capture_on_commit_callbacks):
    """Contents with page numbers, bookmarks, the tutor's review, the journal and self-evaluation, photographs
    embedded, and every handed-in PDF appended page by page (upright, at its own size) and numbered."""
    from portfolio.models import JournalEntry, SelfEvaluation

    add_item(
        portfolio,
        "Year 4 observation",
        SimpleUploadedFile("photo.png", png_photo()),
        SimpleUploadedFile("scheme.pdf", pdf_of_pages((595, 842), (842, 595), (612, 792))),
        SimpleUploadedFile("turned.pdf", pdf_of_pages((595, 842), rotate=90)),
    )
    JournalEntry.objects.create(portfolio=portfolio, written_on="2024-04-03", title="After day 3", body="Useful.")
    outcome = Outcome.objects.get(code="A1", framework=portfolio.framework)
    for stage, rating in (("start", 1), ("end", 3)):
        SelfEvaluation.objects.create(portfolio=portfolio, stage=stage, outcome=outcome, rating=rating)
    content = export(client, cast.tutor_a1, portfolio, "pdf", django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(content))
    texts = [page.extract_text() for page in reader.pages]
    whole = " ".join(" ".join(texts).split())
    total = len(reader.pages)

    # PDF/UA-1: tagged, titled, in English.
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata.title == f"Portfolio — {cast.participant_a1.full_name}"
    # The tutor's review, the justification, the journal and the self-evaluation.
    assert "Statutory framework" in whole and squeezed(f"Accepted by {cast.tutor_a1.full_name}") in squeezed(whole)
    assert "After day 3" in whole and "Self-evaluation" in whole
    # The photograph is an image in the PDF.
    assert any(page.images for page in reader.pages)
    # Four pages appended at the end, at their own sizes, upright and numbered in the one sequence.
    appended = reader.pages[-4:]
    assert [round(float(p.mediabox.width)) for p in appended] == [595, 842, 612, 842]
    assert all(p.get("/Rotate", 0) == 0 for p in appended)
    for index, text in enumerate(texts[-4:]):
        assert f"Page {total - 3 + index} of {total}" in text
    assert "Evidence page 1 of the scheme" in texts[-4] and "Evidence page 3 of the scheme" in texts[-2]
    assert "Evidence page 1 of the scheme" in texts[-1]
    # Bookmarks: each section, each item, each appendix (opening on its first appended page).
    marks = {}

    def walk(outline):
        for entry in outline:
            if isinstance(entry, list):
                walk(entry)
            else:
                marks[entry.title] = reader.get_destination_page_number(entry)

    walk(reader.outline)
    assert "Evidence" in marks and "3. Year 4 observation" in marks
    assert marks["Appendix 3: scheme.pdf"] == total - 4 and marks["Appendix 4: turned.pdf"] == total - 1
    # The contents give each part its page.
    assert "Appendix 3: scheme.pdf" in texts[0] and "Appendix 4: turned.pdf . . ." in texts[0]


def test_an_unreadable_pdf_is_listed_not_fatal(client, cast, portfolio, django_capture_on_commit_callbacks):
    from portfolio.models import EvidenceFile

    item = add_item(portfolio, "Broken scan", SimpleUploadedFile("scan.pdf", PDF))
    stored = EvidenceFile.objects.get(evidence=item)
    stored.file.save("scan.pdf", io.BytesIO(b"%PDF-1.7\nnot really"), save=True)
    content = export(client, cast.tutor_a1, portfolio, "pdf", django_capture_on_commit_callbacks)
    whole = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "scan.pdf is in the ZIP of files but not appended here" in whole


def test_the_zip_has_an_index_even_with_no_files(client, cast, django_capture_on_commit_callbacks):
    portfolio = services.portfolio_for(cast.participant_a1.enrolments.get())
    services.evidence_save(
        portfolio=portfolio,
        evidence=None,
        fields={
            "title": "=HYPERLINK(1)",
            "kind": "meeting",
            "activity_date": "2024-03-12",
            "reflection": "Minutes.",
            "pupils_not_identifiable": True,
        },
        files=[],
    )
    content = export(client, cast.participant_a1, portfolio, "zip", django_capture_on_commit_callbacks)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == ["index.csv", "index.html"]
        index = archive.read("index.html").decode()
        table = archive.read("index.csv").decode("utf-8-sig")
    assert "No files (written in the portal)" in index and "=HYPERLINK(1)" in index
    assert "'=HYPERLINK(1)" in table  # a title is never a formula in a spreadsheet
    assert table.splitlines()[0] == "Number,Title,Kind,Date of the activity,Outcomes,Files"


def _photo(name: str = "display.jpg") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _lose(field_file) -> str:
    """Delete a stored file behind the portal's back (an operator's mistake, a restore without files)."""
    field_file.storage.delete(field_file.name)
    return field_file.name


def test_one_missing_file_does_not_fail_the_zip_or_the_pdf_and_both_say_so(
    client, cast, portfolio, django_capture_on_commit_callbacks
):
    """Issue 25 (11): one missing file failed the whole ZIP ("try again" failed forever), and the PDF was
    marked ready with a photograph silently left out."""
    from portfolio.models import EvidenceFile

    item = add_item(portfolio, "Sensory room", _photo("sensory room.jpg"))
    _lose(EvidenceFile.objects.get(evidence=item).file)
    _lose(EvidenceFile.objects.filter(evidence__title="SEN policy").order_by("pk").first().file)

    content = export(client, cast.tutor_a1, portfolio, "zip", django_capture_on_commit_callbacks)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "02 SEN policy/policy.pdf" in archive.namelist()  # the rest is there
        note = archive.read("missing-files.txt").decode()
        assert "01 SEN policy/policy.pdf" in note and "03 Sensory room/sensory room.jpg" in note
        assert "Missing:</strong> sensory room.jpg" in archive.read("index.html").decode()
    stored = StoredFile.objects.get(kind="portfolio-zip")
    page = client.get(reverse("files:status", args=[stored.pk])).content.decode()
    assert "2 files could not be read" in page and "03 Sensory room/sensory room.jpg" in page

    content = export(client, cast.tutor_a1, portfolio, "pdf", django_capture_on_commit_callbacks)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    assert squeezed("sensory room.jpg (a photograph) is not included") in squeezed(text)
    assert squeezed("policy.pdf is in the ZIP of files but not appended here: it could not be read") in squeezed(text)
    assert sorted(StoredFile.objects.get(kind="portfolio-pdf").missing) == ["policy.pdf", "sensory room.jpg"]
