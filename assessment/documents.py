"""Documents that grow with a cohort, rendered by a worker rather than in a request."""

from django.utils import timezone

from nasenco.dates import long_date
from nasenco.pdf import render_pdf

from .selectors import exam_board


def exam_board_lines(board) -> tuple[list[str], list[list[str]]]:
    """The exam-board report as a header and rows of text, for the CSV and the PDF alike."""
    header = [
        "Participant",
        *[c.title for c in board["components"]],
        "Attendance %",
        "Award",
        "Statutory deadline",
        "Deadline status",
    ]
    today = timezone.localdate()
    lines = []
    for row in board["rows"]:
        cells = []
        for cell in row["cells"]:
            mark = "" if cell["final"] is None else str(cell["final"])
            result = "" if cell["passed"] is None else ("pass" if cell["passed"] else "fail")
            extra = [f"attempts {cell['attempts']}"] if cell["attempts"] > 1 else []
            if cell["late"]:
                extra.append("late")
            if cell["extension"]:
                extra.append(f"extension to {cell['extension'].until:%d/%m/%Y}")
            cells.append(" ".join(p for p in [mark, result, f"({', '.join(extra)})" if extra else ""] if p) or "—")
        award, answer = row["award"], row["enrolment"].statutory
        lines.append(
            [
                row["enrolment"].participant.full_name,
                *cells,
                str(row["attendance"]),
                award.certificate_number if award else "not yet",
                long_date(answer.deadline) if answer.deadline else "",
                answer.status_on(today).label,
            ]
        )
    return header, lines


def exam_board_pdf(cohort) -> bytes:
    header, lines = exam_board_lines(exam_board(cohort))
    return render_pdf(
        "assessment/exam_board_pdf.html",
        {"cohort": cohort, "header": header, "lines": lines, "generated": timezone.localtime()},
    )
