"""Checking uploads by what they contain, never by their name. The portfolio issue adds office formats."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

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


def check_upload(upload, *, allowed=("application/pdf", "image/jpeg", "image/png"), max_bytes: int) -> Checked:
    """Raise ValidationError with a message a person can act on, or say what the file really is."""
    kinds = ", ".join(LABELS[t] for t in allowed)
    if upload.size == 0:
        raise ValidationError("The file is empty. Choose the scanned or photographed form and upload it again.")
    if upload.size > max_bytes:
        raise ValidationError(
            f"The file is {upload.size / 1_048_576:.1f} MB; the limit is {max_bytes / 1_048_576:.0f} MB. "
            "Scan at a lower resolution or save it as a PDF."
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
