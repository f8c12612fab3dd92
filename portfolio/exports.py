"""The portfolio as one PDF (for tutors and, later, external examiners) and its original files as a ZIP."""

import io
import zipfile

from django.utils import timezone

from nasenco.pdf import render_pdf

from .selectors import coverage


def portfolio_pdf(portfolio, *, progress=lambda percent: None) -> bytes:
    evidence = list(portfolio.evidence.prefetch_related("mappings__outcome", "files").order_by("activity_date", "pk"))
    progress(40)
    pdf = render_pdf(
        "portfolio/export_pdf.html",
        {
            "portfolio": portfolio,
            "coverage": coverage(portfolio),
            "evidence": evidence,
            "generated": timezone.localtime(),
        },
    )
    progress(90)
    return pdf


def portfolio_zip(portfolio, *, progress=lambda percent: None) -> bytes:
    """Every file, in a folder per item, under the names people gave them (made unique)."""
    buffer = io.BytesIO()
    files = list(portfolio.evidence.prefetch_related("files").order_by("activity_date", "pk"))
    total = sum(len(item.files.all()) for item in files) or 1
    done, seen = 0, set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, item in enumerate(files, start=1):
            folder = f"{number:02d} {item.title[:60]}".replace("/", "-")
            for stored in item.files.all():
                name = f"{folder}/{stored.name}"
                while name in seen:
                    name = name.replace(".", " (2).", 1) if "." in name else name + " (2)"
                seen.add(name)
                with stored.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
                done += 1
                progress(10 + int(80 * done / total))
    return buffer.getvalue()


EXPORTS = {
    "pdf": ("Portfolio — {name}.pdf", "application/pdf", portfolio_pdf),
    "zip": ("Portfolio files — {name}.zip", "application/zip", portfolio_zip),
}
