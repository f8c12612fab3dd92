"""Spreadsheets in and out: CSV downloads that open safely in spreadsheet programs, and lists people
upload (CSV or Excel) read into rows."""

import csv
import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from .files.uploads import XLSX, check_file, check_size


def csv_safe(value) -> str:
    """Neutralise formulas in people's own text (CSV injection): a leading =, +, -, @, tab or CR is quoted."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_write(target, header: list[str], rows) -> None:
    """A UTF-8 CSV with a byte-order mark (so Excel reads the accents) and every cell made safe."""
    target.write("\ufeff")
    writer = csv.writer(target)
    writer.writerow([csv_safe(value) for value in header])  # headers can carry people's text too
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])


def csv_text(header: list[str], rows) -> str:
    out = io.StringIO()
    csv_write(out, header, rows)
    return out.getvalue()


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)  # RFC 6266
    csv_write(response, header, rows)
    return response


# --- Reading a table people made in a spreadsheet (participant lists, marks) ---------------------------

MAX_ROWS = 20_000


def read_table(upload, *, max_bytes: int = 10 * 1024 * 1024) -> tuple[list[str], list[dict]]:
    """(headers, rows) of a CSV or XLSX upload; headers lower-cased and trimmed, each row a {header: text}
    with its spreadsheet line as ``"_line"``. Refuses anything else, an Excel file that is not safe to open
    (macros, programs: the same check as every upload), an empty sheet, or more than MAX_ROWS rows."""
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        check_file(
            upload,
            allowed=(XLSX,),
            max_bytes=max_bytes,
            empty="The file is empty: choose the spreadsheet again.",
            too_big="Split the list into smaller files.",
        )
        lines = _xlsx_lines(upload)
    elif name.endswith(".csv"):
        check_size(upload, max_bytes=max_bytes, empty="The file is empty: choose it again.", too_big="Split the list.")
        upload.seek(0)
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
        lines = list(csv.reader(io.StringIO(text)))
    else:
        raise ValidationError("Upload the list as a CSV file or an Excel workbook (.xlsx).")
    lines = [line for line in lines if any(str(cell or "").strip() for cell in line)]
    if len(lines) < 2:
        raise ValidationError("The file has no rows under its headings: the first row names the columns.")
    if len(lines) - 1 > MAX_ROWS:
        raise ValidationError(f"The file has {len(lines) - 1:,} rows; split it into files of at most {MAX_ROWS:,}.")
    headers = [str(cell or "").strip().lower() for cell in lines[0]]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = [_text(cell) for cell in line] + [""] * (len(headers) - len(line))
        rows.append({"_line": number, **{h: cells[i] for i, h in enumerate(headers) if h}})
    return headers, rows


def _xlsx_lines(upload) -> list[list]:
    from openpyxl import load_workbook

    upload.seek(0)
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ValidationError("This Excel file could not be read: save it again from Excel, or as CSV.") from None
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    finally:
        book.close()


def _text(cell) -> str:
    """A cell as text; dates as ISO (Excel stores them as datetimes)."""
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # a TRN or URN Excel turned into a number
    return str(cell).strip()
