"""Hostile and ordinary files, as every upload point's one content check sees them (evidence, assignments,
annotated copies and declaration scans share it: nasenco.files.uploads)."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from nasenco.files.samples import SMALL_PDF
from nasenco.files.uploads import check_evidence_upload, check_upload, clean_filename

MB = 1024 * 1024
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def zipped(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for position, (name, data) in enumerate(entries.items()):
            kind = zipfile.ZIP_STORED if stored_first and position == 0 else compression
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=kind)
    return buffer.getvalue()


def content_types(main: str) -> bytes:
    return (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/main" ContentType="{main}"/></Types>'
    ).encode()


def docx(**extra: bytes) -> bytes:
    return zipped({"[Content_Types].xml": content_types(WORD_MAIN), "word/document.xml": b"<w:document/>", **extra})


DOCX = docx()
XLSX = zipped(
    {
        "[Content_Types].xml": content_types(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
        ),
        "xl/workbook.xml": b"<workbook/>",
    }
)
PPTX = zipped(
    {
        "[Content_Types].xml": content_types(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
        ),
        "ppt/presentation.xml": b"<p/>",
    }
)
ODT_PARTS = {
    "mimetype": b"application/vnd.oasis.opendocument.text",
    "content.xml": b"<office:document-content/>",
    "META-INF/manifest.xml": b"<manifest:manifest/>",
}
ODT = zipped(ODT_PARTS, stored_first=True)


def pdf(change=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if change:
        change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _open_action(kind: str, **fields):
    def change(writer):
        action = DictionaryObject({NameObject("/S"): NameObject(kind)})
        action.update({NameObject(k): v for k, v in fields.items()})
        writer._root_object[NameObject("/OpenAction")] = action

    return change


def _page_action(kind: str):
    def change(writer):
        writer.pages[0][NameObject("/AA")] = DictionaryObject(
            {NameObject("/O"): DictionaryObject({NameObject("/S"): NameObject(kind)})}
        )

    return change


def _document_script(writer):
    """A script in the document's name tree, run when it opens."""
    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")})
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("run"), writer._add_object(script)])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


def _xfa(writer):
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>")}
    )


def png(width: int, height: int, *, truncate: bool = False) -> bytes:
    """A PNG whose header declares ``width`` × ``height``, with a tiny body (or none at all)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    body = chunk(b"IDAT", zlib.compress(b"\0" * 64))
    return b"\x89PNG\r\n\x1a\n" + header + (b"" if truncate else body + chunk(b"IEND", b""))


def picture(fmt: str, size=(30, 20), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Pupil camera"  # Make
    exif[0x8825] = {1: "N"}  # GPS
    return picture("JPEG", exif=exif)


def jpeg_declaring(width: int, height: int) -> bytes:
    """A real JPEG whose start-of-frame claims another size."""
    data = bytearray(picture("JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def upload(content: bytes, name: str = "file.bin"):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (DOCX, "policy.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (XLSX, "provision map.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (PPTX, "training.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (ODT, "notes.odt", "application/vnd.oasis.opendocument.text"),
        (SMALL_PDF, "policy.pdf", "application/pdf"),
        (jpeg_with_exif(), "photo.jpg", "image/jpeg"),
        (picture("PNG"), "chart.png", "image/png"),
        (DOCX, "policy.pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),  # name lies
        (docx(**{"word/embeddings/chart.xlsx": XLSX}), "with chart.docx", WORD_MAIN.removesuffix(".main+xml")),
    ],
)
def test_real_documents_are_recognised_by_content(content, name, content_type):
    assert check_evidence_upload(upload(content, name), max_bytes=20 * MB).content_type == content_type


HOSTILE = [
    # (what it is, bytes, name it claims, what the refusal says)
    ("an executable", b"MZ\x90\x00 an executable", "policy.docx", "not really a PDF, Word"),
    ("a web page", b"<html><script>alert(1)</script>", "policy.pdf", "not really a PDF, Word"),
    ("an SVG with a script", b"<svg onload='alert(1)'/>", "chart.png", "not really a PDF, Word"),
    ("a GIF", picture("GIF"), "photo.png", "not really a PDF, Word"),
    ("a BMP", picture("BMP"), "photo.jpg", "not really a PDF, Word"),
    ("junk before the PDF header", b"junk" + SMALL_PDF, "policy.pdf", "not really a PDF, Word"),
    ("an empty file", b"", "empty.pdf", "The file is empty"),
    ("an oversized PDF", SMALL_PDF + b"x" * (21 * MB), "big.pdf", "the limit is 20 MB"),
    ("a plain ZIP", zipped({"holiday.txt": b"not a document"}), "policy.docx", "not really a PDF, Word"),
    ("a zip bomb", docx(**{"word/media/blank.bin": b"\0" * (30 * MB)}), "policy.docx", "unpack to far more"),
    (
        "a Word file with macros",
        zipped(
            {
                "[Content_Types].xml": content_types("application/vnd.ms-word.document.macroEnabled.main+xml"),
                "word/document.xml": b"<w:document/>",
                "word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros",
            }
        ),
        "policy.docx",
        "contains macros",
    ),
    (
        "an Excel file with macros",
        zipped(
            {
                "[Content_Types].xml": content_types("application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
                "xl/workbook.xml": b"<workbook/>",
                "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros",
            }
        ),
        "budget.xlsx",
        "contains macros",
    ),
    ("macros hidden behind ordinary content types", docx(**{"word/vbaProject.bin": b"macros"}), "a.docx", "macros"),
    ("a Word file carrying a program", docx(**{"word/media/setup.exe": b"MZ"}), "policy.docx", "carries a program"),
    ("a Word file carrying a script", docx(**{"customXml/run.vbs": b"WScript"}), "policy.docx", "carries a program"),
    ("an embedded OLE object", docx(**{"word/embeddings/oleObject1.bin": b"\xd0\xcf"}), "a.docx", "embedded object"),
    ("an ActiveX control", docx(**{"word/activeX/activeX1.xml": b"<ax/>"}), "policy.docx", "embedded object"),
    (
        "a ZIP with only an ODT mimetype",
        zipped({"mimetype": ODT_PARTS["mimetype"]}, stored_first=True),
        "n.odt",
        "not really a PDF, Word",
    ),
    ("an ODT whose mimetype is compressed", zipped(ODT_PARTS), "notes.odt", "not really a PDF, Word"),
    (
        "an ODT with Basic macros",
        zipped({**ODT_PARTS, "Basic/Standard/Module1.xml": b"<script/>"}, stored_first=True),
        "notes.odt",
        "contains macros",
    ),
    ("a PDF that runs JavaScript", pdf(_document_script), "policy.pdf", "runs JavaScript"),
    (
        "a PDF opening with JavaScript",
        pdf(_open_action("/JavaScript", **{"/JS": TextStringObject("x")})),
        "p.pdf",
        "runs JavaScript",
    ),
    (
        "a PDF that launches a program",
        pdf(_open_action("/Launch", **{"/F": TextStringObject("calc.exe")})),
        "p.pdf",
        "opens other programs",
    ),
    (
        "a PDF carrying a file",
        pdf(lambda w: w.add_attachment("payload.exe", b"MZ")),
        "policy.pdf",
        "carries other files",
    ),
    ("a PDF page running a script when opened", pdf(_page_action("/JavaScript")), "p.pdf", "runs JavaScript"),
    ("a PDF that submits a form elsewhere", pdf(_page_action("/SubmitForm")), "p.pdf", "sends data elsewhere"),
    ("an XFA form", pdf(_xfa), "form.pdf", "XFA form"),
    (
        "a PDF/HTML polyglot",
        SMALL_PDF.replace(b"%%EOF", b"<html><script>alert(1)</script>\n%%EOF"),
        "p.pdf",
        "also holds a web page",
    ),
    ("a PDF locked with a password", pdf(lambda w: w.encrypt("secret")), "locked.pdf", "locked with a password"),
    ("a PDF with no end", SMALL_PDF[: len(SMALL_PDF) // 2], "half.pdf", "incomplete or damaged"),
    ("a PDF that is only a header", b"%PDF-1.7\n%%EOF", "policy.pdf", "damaged"),
    ("a truncated PNG", png(40, 30, truncate=True), "chart.png", "damaged"),
    ("a truncated JPEG", picture("JPEG")[:200], "photo.jpg", "damaged"),
    ("a 900-megapixel PNG", png(30_000, 30_000), "huge.png", "too large"),
    ("a JPEG declaring 65000 × 65000", jpeg_declaring(65_000, 65_000), "huge.jpg", "too large"),
    ("a decompression-bomb PNG", picture("PNG", size=(10_000, 10_000)), "bomb.png", "too large"),
]


@pytest.mark.parametrize(("what", "content", "name", "message"), HOSTILE, ids=[row[0] for row in HOSTILE])
def test_hostile_files_are_refused_with_a_reason(what, content, name, message):
    with pytest.raises(ValidationError, match=message):
        check_evidence_upload(upload(content, name), max_bytes=20 * MB)


def test_the_table_is_long_enough_to_mean_something():
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize(
    ("what", "content", "name", "message"),
    [row for row in HOSTILE if row[2].endswith((".pdf", ".png", ".jpg"))],
    ids=[row[0] for row in HOSTILE if row[2].endswith((".pdf", ".png", ".jpg"))],
)
def test_declaration_scans_get_the_same_check(what, content, name, message):
    with pytest.raises(ValidationError):
        check_upload(upload(content, name), max_bytes=20 * MB)


def test_photos_lose_their_metadata_wherever_they_are_uploaded():
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()
    for check in (check_evidence_upload, check_upload):
        checked = check(upload(original, "photo.jpg"), max_bytes=20 * MB)
        clean = checked.file(upload(original, "photo.jpg")).read()
        assert not Image.open(io.BytesIO(clean)).getexif()
        assert Image.open(io.BytesIO(clean)).size == (30, 20)


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\sam\\Policy.docx", "Policy.docx"),
        ("report\x00\x07.pdf", "report.pdf"),
        ("\u202ecod.exe", "cod.exe"),  # right-to-left override stripped
        ("...", "file"),
    ],
)
def test_file_names_lose_paths_and_control_characters(name, clean):
    assert clean_filename(name) == clean


@pytest.mark.django_db
@pytest.mark.parametrize(("what", "content", "name", "message"), HOSTILE, ids=[row[0] for row in HOSTILE])
def test_the_evidence_form_refuses_each_hostile_file_and_keeps_what_was_typed(
    client, cast, what, content, name, message
):
    from django.urls import reverse

    from portfolio.models import Evidence, EvidenceFile

    client.force_login(cast.participant_a1)
    response = client.post(
        reverse("portfolio:evidence-create"),
        {
            "title": "Case study of a Year 5 pupil",
            "kind": "case_study",
            "activity_date": "2024-03-12",
            "reflection": "What I learned.",
            "pupils_not_identifiable": "on",
            "files": [SimpleUploadedFile(name, content)],
        },
    )
    assert response.status_code == 200, what  # the form again, never a 500
    page = response.content.decode()
    assert "Case study of a Year 5 pupil" in page
    assert name in page or "empty" in page  # each refusal names the file (Django words the empty one itself)
    assert not Evidence.objects.exists() and not EvidenceFile.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (png(40, 30, truncate=True), "scan.png", "damaged"),
        (jpeg_declaring(65_000, 65_000), "scan.jpg", "too large"),
        (pdf(_document_script), "scan.pdf", "runs JavaScript"),
        (SMALL_PDF.replace(b"%%EOF", b"<html><script>alert(1)</script>\n%%EOF"), "scan.pdf", "web page"),
    ],
)
def test_the_declaration_upload_refuses_hostile_scans(client, content, name, message):
    from enrolment.models import Declaration
    from tests.enrolment.test_declaration import upload as upload_scan
    from tests.factories import DeclarationFactory

    declaration = DeclarationFactory(status=Declaration.Status.SENT)
    response = upload_scan(client, declaration, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.SENT and not declaration.scan


@pytest.mark.django_db
def test_a_declaration_photo_is_stored_without_its_location(client):
    from enrolment.models import Declaration
    from tests.enrolment.test_declaration import upload as upload_scan
    from tests.factories import DeclarationFactory

    declaration = DeclarationFactory(status=Declaration.Status.SENT)
    assert upload_scan(client, declaration, jpeg_with_exif(), "signed.jpg").status_code == 302
    declaration.refresh_from_db()
    with declaration.scan.open("rb") as stored:
        assert not Image.open(stored).getexif()


@pytest.mark.django_db
def test_unwritable_storage_keeps_the_evidence_form_and_asks_to_try_again(client, cast, settings, tmp_path):
    """A storage that refuses writes (here a folder that cannot exist: its parent is a file; root ignores
    permission bits) answers the form again with what was typed, stores nothing, and logs it."""
    from django.urls import reverse

    from nasenco.files.storage import STORAGE_TRY_AGAIN
    from portfolio.models import Evidence, EvidenceFile

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "nasenco.files.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(blocker / "private-media")},
        },
    }
    client.force_login(cast.participant_a1)
    response = client.post(
        reverse("portfolio:evidence-create"),
        {
            "title": "Case study of a Year 5 pupil",
            "kind": "case_study",
            "activity_date": "2024-03-12",
            "reflection": "What I learned.",
            "pupils_not_identifiable": "on",
            "files": [SimpleUploadedFile("policy.pdf", SMALL_PDF)],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Case study of a Year 5 pupil" in page and "What I learned." in page
    assert "We could not store your file just now" in page and STORAGE_TRY_AGAIN.split(":")[0] in page
    assert not Evidence.objects.exists() and not EvidenceFile.objects.exists()


@pytest.mark.django_db
def test_more_files_than_the_proxy_takes_in_one_save_is_refused_with_what_to_do(client, cast, settings):
    from django.urls import reverse

    from portfolio.models import Evidence

    client.force_login(cast.participant_a1)
    response = client.post(
        reverse("portfolio:evidence-create"),
        {
            "title": "Six documents",
            "kind": "policy",
            "activity_date": "2024-03-12",
            "reflection": "What I learned.",
            "pupils_not_identifiable": "on",
            "files": [SimpleUploadedFile(f"part {n}.pdf", SMALL_PDF) for n in range(6)],
        },
    )
    assert response.status_code == 200
    assert "Add at most 5 files at a time" in response.content.decode() and not Evidence.objects.exists()


@pytest.mark.parametrize("check", [check_evidence_upload, check_upload], ids=["evidence", "scans and logos"])
@pytest.mark.parametrize(
    ("content", "name"),
    [
        (picture("JPEG", size=(200, 200))[:-400], "photo.jpg"),
        (png(40, 30, truncate=True), "chart.png"),
        (picture("PNG", size=(300, 300), compress_level=0)[:-5000], "cut.png"),
    ],
)
def test_truncated_pictures_are_refused_even_after_weasyprint_is_imported(check, content, name):
    """Issue 25 (6): WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process, which let these
    through; the check holds it off while it decodes, and leaves the process's setting as it found it."""
    import weasyprint  # noqa: F401 - importing it is what switches the setting on
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    with pytest.raises(ValidationError, match="damaged"):
        check(upload(content, name), max_bytes=20 * MB)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
