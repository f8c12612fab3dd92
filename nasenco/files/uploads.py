"""The one content check for every upload (evidence, assignments, annotated copies, declaration scans):
what a file is comes from what it contains, never from its name.

- PDFs must be PDFs from byte 0 and are parsed with a real parser (pypdf): scripts, launch actions,
  embedded files, XFA forms and HTML hidden beside the PDF are refused, as are damaged and locked ones.
- Pictures are decoded in full (a bounded number of pixels) and stored re-encoded, without their metadata
  (camera, location, names).
- Office documents (Word, Excel, PowerPoint, OpenDocument text) are ZIP containers: their real unpacked size
  is measured while reading (a directory that understates sizes gains nothing), and macro-enabled documents
  or ones carrying programs or embedded objects are refused.

Every refusal is a ValidationError whose message says what to do instead; nothing is stored before it.
"""

import io
import threading
import unicodedata
import warnings
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from PIL import Image, ImageFile
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"

SIGNATURES = {PDF: b"%PDF-", JPEG: b"\xff\xd8\xff", PNG: b"\x89PNG\r\n\x1a\n"}
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", DOCX: "docx", XLSX: "xlsx", PPTX: "pptx", ODT: "odt"}
LABELS = {
    PDF: "PDF",
    JPEG: "JPEG",
    PNG: "PNG",
    DOCX: "Word (DOCX)",
    XLSX: "Excel (XLSX)",
    PPTX: "PowerPoint (PPTX)",
    ODT: "OpenDocument text (ODT)",
}
SCAN_TYPES = (PDF, JPEG, PNG)
EVIDENCE_TYPES = (PDF, JPEG, PNG, DOCX, XLSX, PPTX, ODT)
EVIDENCE_LABEL = "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument text (ODT), JPEG or PNG"

MAX_PIXELS = 40_000_000  # a 40-megapixel photo is more than any phone takes
MAX_UNZIPPED = 200 * 1024 * 1024  # a real document unpacks to far less
MAX_RATIO = 100  # and compresses far less than a zip bomb
MAX_ENTRIES = 5000
MAX_PDF_OBJECTS = 500_000
# The main part of each Office format, as [Content_Types].xml declares it (macro-enabled ones differ).
OOXML_MAIN = {
    DOCX: ("word/document.xml", "wordprocessingml.document.main+xml"),
    XLSX: ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    PPTX: ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}
PROGRAMS = (
    ".exe", ".dll", ".com", ".bat", ".cmd", ".scr", ".msi", ".js", ".jse", ".vbs", ".vbe", ".ps1", ".jar",
    ".sh", ".hta", ".lnk", ".cpl", ".wsf", ".pif", ".app", ".elf", ".so",
)  # fmt: skip
# PDF names that run something, open something else or carry a file: none has a place in coursework.
PDF_DANGERS = {
    "/JavaScript": "runs JavaScript",
    "/JS": "runs JavaScript",
    "/Launch": "opens other programs",
    "/EmbeddedFile": "carries other files inside it",
    "/EmbeddedFiles": "carries other files inside it",
    "/RichMedia": "carries embedded media",
    "/XFA": "is an XFA form that can run scripts",
    "/SubmitForm": "sends data elsewhere",
    "/ImportData": "imports data from elsewhere",
    "/GoToR": "opens other files",
}


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str
    size: int
    clean: bytes | None = None  # a picture re-encoded without its metadata; None: store the file as it came

    def file(self, upload) -> File:
        """What to store: the re-encoded picture, or the upload itself, which storage copies in chunks (a
        20 MB scan is never held in memory whole)."""
        if self.clean is not None:
            return ContentFile(self.clean)
        upload.seek(0)
        return File(upload)

    @property
    def stored_size(self) -> int:
        return len(self.clean) if self.clean is not None else self.size


def check_size(upload, *, max_bytes: int, empty: str, too_big: str) -> None:
    """Refuse an empty or oversized upload, saying how to put it right."""
    if upload.size == 0:
        raise ValidationError(f"The file is empty. {empty}")
    if upload.size > max_bytes:
        raise ValidationError(
            f"The file is {upload.size / 1_048_576:.1f} MB; the limit is {max_bytes / 1_048_576:.0f} MB. {too_big}"
        )


def check_file(upload, *, allowed, max_bytes: int, empty: str, too_big: str) -> Checked:
    """What ``upload`` really is, if it is one of ``allowed`` and safe to keep; else ValidationError."""
    kinds = ", ".join(LABELS[t] for t in allowed)
    check_size(upload, max_bytes=max_bytes, empty=empty, too_big=too_big)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    try:
        if head.startswith(b"PK\x03\x04") and any(t not in SCAN_TYPES for t in allowed):
            content_type = _check_container(upload)
        else:
            content_type = next((t for t in SCAN_TYPES if t in allowed and head.startswith(SIGNATURES[t])), None)
        if content_type is None or content_type not in allowed:
            raise ValidationError(f"This file is not really a {kinds}, whatever its name says. Upload a {kinds}.")
        clean = None
        if content_type == PDF:
            _check_pdf(upload)
        elif content_type in (JPEG, PNG):
            clean = _reencoded(upload, content_type)
        return Checked(content_type, EXTENSIONS[content_type], upload.size, clean)
    finally:
        upload.seek(0)


def check_upload(upload, *, allowed=SCAN_TYPES, max_bytes: int) -> Checked:
    """A scanned or photographed form (the headteacher's declaration)."""
    return check_file(
        upload,
        allowed=allowed,
        max_bytes=max_bytes,
        empty="Choose the scanned or photographed form and upload it again.",
        too_big="Scan at a lower resolution or save it as a PDF.",
    )


def check_evidence_upload(upload, *, max_bytes: int) -> Checked:
    """Evidence, an assignment or an annotated copy: a PDF, a picture or an office document."""
    try:
        return check_file(
            upload,
            allowed=EVIDENCE_TYPES,
            max_bytes=max_bytes,
            empty="Choose the document again.",
            too_big="Save a smaller copy (for example as PDF, or with images compressed).",
        )
    except ValidationError as error:
        if "not really" in error.messages[0]:
            raise ValidationError(f"This file is not really a {EVIDENCE_LABEL}, whatever its name says.") from None
        raise


# --- PDF ------------------------------------------------------------------------------------------------------


MARKUP = (b"<html", b"<script", b"<!doctype")
CHUNK = 1 << 18


def _holds_markup(upload) -> bool:
    """A web page inside the PDF (a polyglot), read 256 KB at a time, matches across chunk edges."""
    upload.seek(0)
    overlap = max(len(m) for m in MARKUP) - 1
    carried = b""
    while chunk := upload.read(CHUNK):
        window = carried + chunk.lower()
        if any(marker in window for marker in MARKUP):
            return True
        carried = window[-overlap:]
    return False


def _check_pdf(upload) -> None:
    """Read as a stream from the upload's own (temporary) file, never whole into memory."""
    damaged = "This PDF is incomplete or damaged. Save or scan it again and upload the new copy."
    upload.seek(max(0, upload.size - 1024))
    if b"%%EOF" not in upload.read():
        raise ValidationError(damaged)
    if _holds_markup(upload):
        raise ValidationError("This PDF also holds a web page. Save it again as a plain PDF (Print to PDF).")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about the small flaws most real PDFs have
            reader = PdfReader(upload, strict=False)
            if reader.is_encrypted:
                raise ValidationError("This PDF is locked with a password. Save an unlocked copy and upload that.")
            if not reader.pages:
                raise ValidationError("This PDF has no pages. Save or scan it again and upload the new copy.")
            danger = _pdf_danger(reader)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError):
        raise ValidationError(damaged) from None
    if danger:
        raise ValidationError(
            f"This PDF {danger}, which we do not accept. Save it again as a plain PDF (Print to PDF)."
        )


def _pdf_danger(reader: PdfReader) -> str | None:
    """What the first dangerous object does, looking at every object, including those in object streams."""
    size = min(int(reader.trailer.get("/Size", 0)), MAX_PDF_OBJECTS)
    for number in range(1, size):
        try:
            obj = reader.get_object(number)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
            continue
        found = _danger_in(obj)
        if found:
            return found
        if isinstance(obj, StreamObject) and obj.get("/Type") != "/ObjStm":
            # Checked: let it go, so a scan's pages pass through one at a time (object streams stay cached
            # because the objects inside them are read from them).
            reference = getattr(obj, "indirect_reference", None)
            reader.resolved_objects.pop((getattr(reference, "generation", 0), number), None)
    return _danger_in(reader.trailer["/Root"].get_object())


def _danger_in(obj, depth: int = 0) -> str | None:
    """A dangerous name among a dictionary's keys and values or an array's items, a few levels down."""
    if depth > 3 or not isinstance(obj, DictionaryObject | ArrayObject):
        return None
    keys = list(obj.keys()) if isinstance(obj, DictionaryObject) else []
    values = list(obj.values()) if isinstance(obj, DictionaryObject) else list(obj)
    for name in keys + [v for v in values if isinstance(v, NameObject)]:
        if name in PDF_DANGERS:
            return PDF_DANGERS[name]
    for value in values:
        found = _danger_in(value, depth + 1)
        if found:
            return found
    return None


# --- Pictures -------------------------------------------------------------------------------------------------


_strict = threading.Lock()


@contextmanager
def _truncated_pictures_refused():
    """Decode with Pillow's ``LOAD_TRUNCATED_IMAGES`` off, whatever the process set: WeasyPrint switches it
    on for the whole process when imported, which let a truncated picture through (issue 25, 6). Pillow
    reads the flag as it decodes, so it is held off (under a lock) for exactly the decoding, then restored."""
    with _strict:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _reencoded(upload, content_type: str) -> bytes:
    """The picture decoded in full and saved again without its metadata; a bounded number of pixels."""
    upload.seek(0)
    expected = "JPEG" if content_type == JPEG else "PNG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format != expected:
                    raise ValidationError(
                        f"This picture is not really a {expected}. Save it again and upload the copy."
                    )
                if image.width * image.height > MAX_PIXELS:
                    raise ValidationError(
                        f"This picture is too large ({image.width} × {image.height} pixels; the limit is "
                        f"{MAX_PIXELS // 1_000_000} megapixels). Resize it and try again."
                    )
                with _truncated_pictures_refused():
                    image.load()
                if content_type == JPEG:
                    clean, fmt = image.convert("RGB"), "JPEG"
                else:
                    clean, fmt = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"), "PNG"
                clean.info = {}  # nothing of the original's metadata travels with it
                buffer = io.BytesIO()
                clean.save(buffer, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
                return buffer.getvalue()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError("This picture is too large to open safely. Resize it and try again.") from None
    except (OSError, SyntaxError, ValueError, MemoryError, EOFError):
        raise ValidationError(
            "This picture is damaged and cannot be opened. Save it again and upload the copy."
        ) from None


def reencoded_image(upload, content_type: str) -> bytes:
    """The picture again, without its metadata (kept for callers that hold only the upload)."""
    return _reencoded(upload, content_type)


# --- Office documents -----------------------------------------------------------------------------------------


def _check_container(upload) -> str | None:
    """The office format inside a ZIP, after measuring what it really unpacks to; None if it is none."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise ValidationError("This file holds too many parts to be a real document.")
            _measure(archive, entries, packed=upload.size)
            names = [e.filename for e in entries]
            _refuse_programs(names)
            if names and names[0] == "mimetype":
                return _odf_type(archive, entries, names)
            if "[Content_Types].xml" in names:
                return _ooxml_type(archive, names)
    except zipfile.BadZipFile:
        raise ValidationError("This document is damaged. Save it again and upload the new copy.") from None
    except RuntimeError:  # an encrypted entry
        raise ValidationError("This document is locked with a password. Save an unlocked copy.") from None
    return None


def _measure(archive: zipfile.ZipFile, entries, *, packed: int) -> None:
    """Unpack every part, counting the bytes as they come: the directory's own figures are not trusted."""
    total = 0
    for entry in entries:
        with archive.open(entry) as part:
            while chunk := part.read(1 << 16):
                total += len(chunk)
                if total > MAX_UNZIPPED or total > MAX_RATIO * max(packed, 1) + 1_000_000:
                    raise ValidationError("This file would unpack to far more than a real document: it is refused.")


def _refuse_programs(names) -> None:
    for name in names:
        lower = name.lower()
        if lower.endswith(PROGRAMS):
            raise ValidationError("This document carries a program inside it, which we do not accept.")
        if ("/embeddings/" in f"/{lower}" and lower.endswith(".bin")) or "/activex/" in f"/{lower}":
            raise ValidationError(
                "This document carries an embedded object or control. Save a copy without it (or as PDF)."
            )


def _ooxml_type(archive: zipfile.ZipFile, names) -> str | None:
    declared = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    if "macroenabled" in declared.lower() or any(n.lower().endswith(("vbaproject.bin", "vbadata.xml")) for n in names):
        raise ValidationError(
            "This document contains macros, which we do not accept. Save it as an ordinary (macro-free) "
            "document, or as PDF, and upload that."
        )
    for content_type, (main_part, declared_type) in OOXML_MAIN.items():
        if main_part in names and declared_type in declared:
            return content_type
    return None


def _odf_type(archive: zipfile.ZipFile, entries, names) -> str | None:
    """An OpenDocument text: the mimetype first and stored plainly, its content and manifest present."""
    first = entries[0]
    if first.compress_type != zipfile.ZIP_STORED or archive.read(first).strip() != ODT.encode():
        return None
    if "content.xml" not in names or "META-INF/manifest.xml" not in names:
        return None
    if any(n.startswith(("Basic/", "Scripts/")) for n in names):
        raise ValidationError(
            "This document contains macros, which we do not accept. Save it without them, or as PDF, and upload that."
        )
    return ODT


def clean_filename(name: str) -> str:
    """The last part of a name, without control characters or path parts; never empty."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")
    return name[:200] or "file"
