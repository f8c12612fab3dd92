"""Spreadsheets in and out: CSV downloads that open safely in spreadsheet programs, and lists people
upload (CSV or Excel) read into rows."""

import csv
import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from .files.uploads import XLSX, check_file, check_size

# What a spreadsheet runs as a formula when a cell starts with it (OWASP's CSV injection list), including the
# full-width forms some spreadsheets read as the same, after any leading spaces and line breaks.
_ALWAYS = ("=", "@", "\uff1d", "\uff20")
_SIGNS = ("+", "-", "\uff0b", "\uff0d")
# A sign starts a formula only if what follows could compute something: "-Smith" and "+44 20 7946 0000"
# are text to a spreadsheet; "-2+3", "+A1" and "-cmd|' /C calc'!A0" are not.
_FORMULA_AFTER_SIGN = set("0123456789(=+-*/^&|!:$\"'@\uff1d\uff0b\uff0d\uff08")


def csv_safe(value) -> str:
    """Neutralise formulas in people's own text (CSV injection) with a leading apostrophe: a cell starting
    (after spaces, tabs and line breaks) with = or @, or with + or - followed by anything that computes, or
    a tab or carriage return of its own. Plain text that starts with a dash ("-Smith") is left alone."""
    text = str(value)
    stripped = text.lstrip(" \t\r\n\u3000")
    if text[:1] in ("\t", "\r"):
        return "'" + text
    if stripped.startswith(_ALWAYS):
        return "'" + text
    if stripped.startswith(_SIGNS):
        rest = stripped[1:].lstrip()
        if rest and (rest[0] in _FORMULA_AFTER_SIGN or _looks_like_a_reference(rest)):
            return "'" + text
    return text


def _looks_like_a_reference(text: str) -> bool:
    """A cell reference or a function call after a sign, such as "A1", "SUM(" or "cmd|"."""
    head = text.split(None, 1)[0]
    letters = head.rstrip("0123456789")
    return (letters.isalpha() and letters.isascii() and letters != head and len(letters) <= 3) or any(
        mark in head for mark in "(|!"
    )


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
