"""CSV downloads that open safely in spreadsheet programs."""

import csv

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def csv_safe(value) -> str:
    """Neutralise formulas in people's own text (CSV injection): a leading =, +, -, @, tab or CR is quoted."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    """A UTF-8 CSV with a byte-order mark (so Excel reads the accents) and every cell made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)  # RFC 6266
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([csv_safe(value) for value in header])  # headers can carry people's text too
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return response
