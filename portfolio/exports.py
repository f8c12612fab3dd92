"""The portfolio as the assessed artefact (one PDF) and its original files as a ZIP with an index.

The PDF holds contents with page numbers and bookmarks, coverage, every item (reflection, outcome mappings
with their justifications and the tutor's review, photographs embedded), the journal and the
self-evaluation with its chart; every PDF handed in as evidence follows, page by page, each page numbered
in the same sequence and bookmarked under its item. It is tagged PDF/UA-1 (see nasenco.pdf).
"""

import io
import zipfile
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from nasenco.files.exports import MISSING_NOTE, copy_into, readable
from nasenco.pdf import render_pdf, resource_url
from nasenco.spreadsheets import csv_text

from .models import EvidenceFile
from .selectors import coverage, self_evaluation_chart

IMAGES = ("image/jpeg", "image/png")
GONE = "it could not be read from the portal's file store (tell the provider's office, so they can restore it)"
PDF = "application/pdf"


@dataclass
class Appendix:
    """A PDF handed in as evidence, appended after the portfolio."""

    number: int
    stored: EvidenceFile
    sizes: list[tuple[float, float]] = field(default_factory=list)  # width, height in points, per page
    pages: list = field(default_factory=list)  # (pypdf page, the transformation that sets it upright at 0, 0)
    problem: str = ""

    @property
    def anchor(self) -> str:
        return f"appendix-{self.number}"

    @property
    def page_names(self) -> list[str]:
        """A CSS named page per appended page, sized as the original (see _page_sizes)."""
        return [_page_name(size) for size in self.sizes]


def _page_name(size: tuple[float, float]) -> str:
    return "size-{:.0f}-{:.0f}".format(*size)


def _page_sizes(appendices: list[Appendix]) -> dict[str, tuple[float, float]]:
    return {_page_name(size): size for appendix in appendices for size in appendix.sizes}


def _evidence(portfolio) -> list:
    return list(
        portfolio.evidence.prefetch_related("mappings__outcome", "mappings__reviewed_by", "files").order_by(
            "activity_date", "pk"
        )
    )


def _read(stored: EvidenceFile) -> bytes:
    with stored.file.open("rb") as handle:
        return handle.read()


def _appendix(number: int, stored: EvidenceFile, missing: list[str]) -> Appendix:
    """Open a PDF piece of evidence; one that cannot be read is listed with the reason, never fatal."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    appendix = Appendix(number=number, stored=stored)
    try:
        content = _read(stored)
    except Exception:  # missing from storage, or storage's own errors: listed, and the rest goes on
        appendix.problem = GONE
        missing.append(stored.name)
        return appendix
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            appendix.problem = "it is protected by a password"
            return appendix
        for page in reader.pages:
            move, size = _upright(page)
            appendix.pages.append((page, move))
            appendix.sizes.append(size)
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        appendix.problem = f"it could not be read as a PDF ({type(exc).__name__})"
        appendix.pages, appendix.sizes = [], []
    if not appendix.pages and not appendix.problem:
        appendix.problem = "it has no pages"
    return appendix


def _upright(page):
    """The transformation that turns a page's /Rotate into its content and moves its box to the origin,
    and the upright size (as pypdf's transfer_rotation_to_content, without changing the page)."""
    from pypdf import Transformation

    box = page.mediabox
    left, bottom, width, height = float(box.left), float(box.bottom), float(box.width), float(box.height)
    move = Transformation().translate(-(left + width / 2), -(bottom + height / 2)).rotate(-page.rotation)
    corners = [move.apply_on((left, bottom)), move.apply_on((left + width, bottom + height))]
    move = move.translate(-min(x for x, _ in corners), -min(y for _, y in corners))
    turned = page.rotation % 180 == 90
    return move, ((height, width) if turned else (width, height))


def _lay_appendices(pdf: bytes, appendices: list[Appendix]) -> bytes:
    """Draw each appended page under its numbered placeholder page (the last pages of ``pdf``)."""
    from pypdf import PdfWriter

    placed = [page for appendix in appendices for page in appendix.pages]
    if not placed:
        return pdf
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    first = len(writer.pages) - len(placed)
    for offset, (page, move) in enumerate(placed):
        writer.pages[first + offset].merge_transformed_page(page, move, over=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def portfolio_pdf(portfolio, *, progress=lambda percent: None, missing: list[str] | None = None) -> bytes:
    """The assessed PDF. A photograph or PDF that storage cannot give is named where it would be (and in
    ``missing``), never silently left out (issue 25, 11)."""
    missing = [] if missing is None else missing
    evidence = _evidence(portfolio)
    resources, appendices = {}, []
    for item in evidence:
        item.images, item.appendices, item.missing = [], [], []
        for stored in item.files.all():
            if stored.content_type in IMAGES and not readable(stored.file):
                item.missing.append(stored.name)
                missing.append(stored.name)
            elif stored.content_type in IMAGES:
                url = resource_url(f"evidence-{stored.pk}")
                resources[url] = (stored.content_type, lambda stored=stored: _read(stored))
                item.images.append({"url": url, "file": stored})
            elif stored.content_type == PDF:
                appendix = _appendix(len(appendices) + 1, stored, missing)
                appendix.item = item
                appendices.append(appendix)
                item.appendices.append(appendix)
    progress(30)
    pdf = render_pdf(
        "portfolio/export_pdf.html",
        {
            "portfolio": portfolio,
            "enrolment": portfolio.enrolment,
            "coverage": coverage(portfolio),
            "evidence": evidence,
            "journal": list(portfolio.journal.select_related("teaching_day").order_by("written_on", "pk")),
            "chart": self_evaluation_chart(portfolio),
            "appendices": appendices,
            "page_sizes": _page_sizes(appendices),
            "generated": timezone.localtime(),
        },
        resources=resources,
    )
    progress(80)
    pdf = _lay_appendices(pdf, appendices)
    progress(95)
    return pdf


def _unique(name: str, seen: set) -> str:
    stem, dot, extension = name.rpartition(".")
    candidate, copy = name, 2
    while candidate in seen:
        candidate = f"{stem} ({copy}).{extension}" if dot else f"{name} ({copy})"
        copy += 1
    seen.add(candidate)
    return candidate


def portfolio_zip(portfolio, *, progress=lambda percent: None, missing: list[str] | None = None) -> bytes:
    """Every file, in a folder per item, under the names people gave them (made unique), and an index
    (index.html and index.csv) of every item and where its files are, even when there are none. A file
    storage cannot give is left out and named in the index, in ``missing-files.txt`` and in ``missing``."""
    missing = [] if missing is None else missing
    buffer = io.BytesIO()
    evidence = _evidence(portfolio)
    total = sum(len(item.files.all()) for item in evidence) or 1
    done, seen, rows = 0, {"index.html", "index.csv"}, []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, item in enumerate(evidence, start=1):
            folder = f"{number:02d} {item.title[:60]}".replace("/", "-").replace("\\", "-")
            paths, gone = [], []
            for stored in item.files.all():
                path = _unique(f"{folder}/{stored.name}", seen)
                if copy_into(archive, path, stored.file):  # a megabyte at a time, never a whole file
                    paths.append(path)
                else:
                    gone.append(stored.name)
                    missing.append(path)
                done += 1
                progress(10 + int(80 * done / total))
            rows.append({"number": number, "item": item, "paths": paths, "missing": gone})
        context = {"portfolio": portfolio, "rows": rows, "generated": timezone.localtime()}
        archive.writestr("index.html", render_to_string("portfolio/export_index.html", context))
        archive.writestr("index.csv", _index_csv(rows))
        if missing:
            archive.writestr("missing-files.txt", MISSING_NOTE + "".join(f"- {path}\n" for path in missing))
    return buffer.getvalue()


def _index_csv(rows: list[dict]) -> str:
    header = ["Number", "Title", "Kind", "Date of the activity", "Outcomes", "Files"]
    return csv_text(
        header,
        (
            [
                row["number"],
                row["item"].title,
                row["item"].get_kind_display(),
                row["item"].activity_date.isoformat(),
                "; ".join(f"{m.outcome.code} ({m.get_status_display().lower()})" for m in row["item"].mappings.all()),
                "; ".join(row["paths"] + [f"missing: {name}" for name in row["missing"]]),
            ]
            for row in rows
        ),
    )


EXPORTS = {
    "pdf": ("Portfolio — {name}.pdf", "application/pdf", portfolio_pdf),
    "zip": ("Portfolio files — {name}.zip", "application/zip", portfolio_zip),
}
