"""Checking uploads by what they contain, never by their name. The portfolio issue adds office formats."""

import io
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image

SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
LABELS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str
    size: int


def sniff(head: bytes, allowed) -> str | None:
    for content_type in allowed:
        if any(head.startswith(signature) for signature in SIGNATURES[content_type]):
            return content_type
    return None


def check_size(upload, *, max_bytes: int, empty: str, too_big: str) -> None:
    """Refuse an empty or oversized upload, saying how to put it right."""
    if upload.size == 0:
        raise ValidationError(f"The file is empty. {empty}")
    if upload.size > max_bytes:
        raise ValidationError(
            f"The file is {upload.size / 1_048_576:.1f} MB; the limit is {max_bytes / 1_048_576:.0f} MB. {too_big}"
        )


def check_upload(upload, *, allowed=("application/pdf", "image/jpeg", "image/png"), max_bytes: int) -> Checked:
    """Raise ValidationError with a message a person can act on, or say what the file really is."""
    kinds = ", ".join(LABELS[t] for t in allowed)
    check_size(
        upload,
        max_bytes=max_bytes,
        empty="Choose the scanned or photographed form and upload it again.",
        too_big="Scan at a lower resolution or save it as a PDF.",
    )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head, allowed)
    if content_type is None:
        raise ValidationError(f"This file is not really a {kinds}, whatever its name says. Upload a {kinds}.")
    if content_type == "application/pdf":
        upload.seek(-1024, 2) if upload.size > 1024 else upload.seek(0)
        tail = upload.read()
        upload.seek(0)
        if b"%%EOF" not in tail:
            raise ValidationError("This PDF is incomplete or damaged. Save or scan it again and upload the new copy.")
    return Checked(content_type, EXTENSIONS[content_type], upload.size)


# Office documents are ZIP containers; what is inside says what they really are.
OFFICE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx", "word/document.xml"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx", "xl/workbook.xml"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx", "ppt/presentation.xml"),
    "application/vnd.oasis.opendocument.text": ("odt", None),
}
EVIDENCE_TYPES = ("application/pdf", "image/jpeg", "image/png", *OFFICE)
EVIDENCE_LABEL = "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument text (ODT), JPEG or PNG"
MAX_UNZIPPED = 200 * 1024 * 1024  # a real document unpacks to far less
MAX_RATIO = 100  # and compresses far less than a zip bomb
MAX_ENTRIES = 5000


def _office_type(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise ValidationError("This file holds too many parts to be a real document.")
            unpacked = sum(e.file_size for e in entries)
            packed = max(sum(e.compress_size for e in entries), 1)
            if unpacked > MAX_UNZIPPED or unpacked / packed > MAX_RATIO:
                raise ValidationError("This file would unpack to far more than a real document: it is refused.")
            names = {e.filename for e in entries}
            if "mimetype" in names and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                return "application/vnd.oasis.opendocument.text"
            if "[Content_Types].xml" in names:
                for content_type, (_, marker) in OFFICE.items():
                    if marker and marker in names:
                        return content_type
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    return None


def check_evidence_upload(upload, *, max_bytes: int) -> Checked:
    """Evidence may also be an office document: recognised from inside the ZIP, with zip-bomb limits."""
    check_size(
        upload,
        max_bytes=max_bytes,
        empty="Choose the document again.",
        too_big="Save a smaller copy (for example as PDF, or with images compressed).",
    )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        content_type = _office_type(upload)
        if content_type is None:
            raise ValidationError(f"This ZIP file is not a document we accept. Upload a {EVIDENCE_LABEL}.")
        return Checked(content_type, OFFICE[content_type][0], upload.size)
    try:
        return check_upload(upload, max_bytes=max_bytes)
    except ValidationError as error:
        if "not really" in str(error):
            raise ValidationError(f"This file is not really a {EVIDENCE_LABEL}, whatever its name says.") from None
        raise


def reencoded_image(upload, content_type: str) -> bytes:
    """The picture again, without its metadata (camera, location, names). Refuses decompression bombs."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.width * image.height > 40_000_000:
                    raise ValidationError("This picture is too large (over 40 megapixels). Resize it and try again.")
                image.load()
                if content_type == "image/jpeg":
                    clean, fmt = image.convert("RGB"), "JPEG"
                else:
                    clean, fmt = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"), "PNG"
                clean.info = {}  # nothing of the original's metadata travels with it
                buffer = io.BytesIO()
                clean.save(buffer, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
                return buffer.getvalue()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError("This picture is too large to open safely. Resize it and try again.") from None
    except OSError:
        raise ValidationError(
            "This picture is damaged and cannot be opened. Save it again and upload the copy."
        ) from None
    finally:
        upload.seek(0)


def clean_filename(name: str) -> str:
    """The last part of a name, without control characters or path parts; never empty."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")
    return name[:200] or "file"
