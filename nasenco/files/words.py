"""How many words a document holds, as a word processor counts them (runs of non-space characters with a
letter or digit in them), read from a DOCX, an ODT or a PDF. Used to show a participant the count of the work
they hand in, to confirm against their own (which leaves out references and appendices).

Office documents are zip files of XML: only the main text part is read, at most ``MAX_XML`` bytes of it, and
a part declaring a DOCTYPE (entities) is not read at all. A PDF's text is extracted by pypdf from at most
``MAX_PAGES`` pages. Anything unreadable gives None: the participant's own count then stands alone."""

import html
import re
import zipfile

MAX_XML = 20 * 1024 * 1024
MAX_PAGES = 150  # an assignment of 5,000 words is about 20 pages; a longer file is not read in the request

_PARTS = {"docx": "word/document.xml", "odt": "content.xml"}
# Breaks between words that the XML writes as elements, not spaces.
_BREAKS = re.compile(
    r"</w:p>|<w:tab/>|<w:br/>|<w:cr/>|</text:p>|</text:h>|<text:s(?: [^>]*)?/>|<text:tab/>|<text:line-break/>"
)
# Text a reader does not see: deleted tracked changes, field codes.
_HIDDEN = re.compile(r"<w:delText[^>]*>.*?</w:delText>|<w:instrText[^>]*>.*?</w:instrText>", re.S)
_TAG = re.compile(r"<[^>]+>")


def count_words_in_text(text: str) -> int:
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


def _office_text(upload, part: str) -> str | None:
    with zipfile.ZipFile(upload) as archive:
        info = archive.getinfo(part)
        if info.file_size > MAX_XML:
            return None
        with archive.open(info) as stream:
            xml = stream.read(MAX_XML + 1).decode("utf-8", errors="replace")
    if len(xml) > MAX_XML or "<!DOCTYPE" in xml[:2000]:
        return None
    xml = _HIDDEN.sub("", xml)
    return html.unescape(_TAG.sub("", _BREAKS.sub(" ", xml)))


def _pdf_text(upload) -> str | None:
    from pypdf import PdfReader

    reader = PdfReader(upload)
    if len(reader.pages) > MAX_PAGES:
        return None
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def count_words(upload, extension: str) -> int | None:
    """The words in ``upload`` (a file object, read from the start and rewound after), or None."""
    try:
        upload.seek(0)
        if extension in _PARTS:
            text = _office_text(upload, _PARTS[extension])
        elif extension == "pdf":
            text = _pdf_text(upload)
        else:
            return None
    except Exception:
        return None
    finally:
        upload.seek(0)
    return None if text is None else count_words_in_text(text)
