"""Hostile and ordinary files, as the evidence form sees them."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from nasenco.files.uploads import check_evidence_upload, clean_filename, reencoded_image

MB = 1024 * 1024


def office(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = office({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
PPTX = office({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
ODT = office({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
BOMB = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (20 * MB)})  # ~1000:1
PLAIN_ZIP = office({"holiday.txt": b"not a document"})


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (30, 20), "blue")
    exif = Image.Exif()
    exif[0x010F] = "Pupil camera"  # Make
    exif[0x9003] = "2024:03:12 09:30:00"  # DateTimeOriginal
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def upload(content: bytes, name: str = "file.bin"):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (DOCX, "policy.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (XLSX, "provision map.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (PPTX, "training.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (ODT, "notes.odt", "application/vnd.oasis.opendocument.text"),
        (b"%PDF-1.7\n%%EOF", "policy.pdf", "application/pdf"),
        (jpeg_with_exif(), "photo.jpg", "image/jpeg"),
        (DOCX, "policy.pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),  # name lies
    ],
)
def test_real_documents_are_recognised_by_content(content, name, content_type):
    assert check_evidence_upload(upload(content, name), max_bytes=20 * MB).content_type == content_type


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 an executable", "policy.docx", "not really a PDF, Word"),
        (b"<html><script>alert(1)</script>", "policy.pdf", "not really a PDF, Word"),
        (PLAIN_ZIP, "policy.docx", "not a document we accept"),
        (BOMB, "policy.docx", "unpack to far more than a real document"),
        (b"", "empty.pdf", "The file is empty"),
        (b"%PDF-1.7\n" + b"x" * (21 * MB) + b"%%EOF", "big.pdf", "the limit is 20 MB"),
        (b"\xff\xd8\xff\xe0 truncated jpeg", "photo.jpg", None),  # passes the sniff; re-encoding refuses it
    ],
)
def test_hostile_files_are_refused_with_a_reason(content, name, message):
    if message is None:
        checked = check_evidence_upload(upload(content, name), max_bytes=20 * MB)
        with pytest.raises(ValidationError, match="damaged"):
            reencoded_image(upload(content, name), checked.content_type)
        return
    with pytest.raises(ValidationError, match=message):
        check_evidence_upload(upload(content, name), max_bytes=20 * MB)


def test_photos_lose_their_metadata():
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()
    clean = reencoded_image(upload(original, "photo.jpg"), "image/jpeg")
    assert not Image.open(io.BytesIO(clean)).getexif()
    assert Image.open(io.BytesIO(clean)).size == (30, 20)


def test_a_decompression_bomb_picture_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")  # tiny on disk, 100 megapixels open
    with pytest.raises(ValidationError, match="too large"):
        reencoded_image(upload(buffer.getvalue(), "huge.png"), "image/png")


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
