"""Reading one row of a participant list: pure rules, no database. The services decide what each valid row
means against the people already held (enrolment/services/imports.py)."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .choices import Induction, QualifiedStatus, Role, Setting

# Each field and the headings people give it (lower case). Only name and email are required.
HEADINGS = {
    "name": ("name", "full name", "participant"),
    "email": ("email", "email address", "e-mail"),
    "trn": ("trn", "teacher reference number"),
    "urn": ("school urn", "urn"),
    "school": ("school", "school name"),
    "setting": ("setting", "kind of setting", "school type"),
    "role": ("role",),
    "appointed": ("date appointed", "appointed", "date appointed as senco", "appointed senco on"),
    "qualification": ("qualification", "qualified status", "qts"),
    "qualified_on": ("qualification date", "date qualified", "qualified on"),
    "induction": ("induction",),
}
ROLES = {"designated": Role.DESIGNATED, "senco": Role.DESIGNATED, "aspiring": Role.ASPIRING}
ROLES |= {"headteacher": Role.HEADTEACHER, "head": Role.HEADTEACHER, "acting headteacher": Role.HEADTEACHER}
# The spellings providers' spreadsheets really have (issue 28): SENDCo, "Designated SENCO", "Head teacher" …
for senco in ("senco", "sendco", "sen coordinator", "send coordinator", "special educational needs coordinator"):
    ROLES |= {senco: Role.DESIGNATED, f"designated {senco}": Role.DESIGNATED, f"aspiring {senco}": Role.ASPIRING}
    ROLES |= {f"trainee {senco}": Role.ASPIRING, f"headteacher and {senco}": Role.HEADTEACHER}
ROLES |= {"head teacher": Role.HEADTEACHER, "acting head": Role.HEADTEACHER, "principal": Role.HEADTEACHER}
QUALIFICATIONS = {"qts": QualifiedStatus.QTS, "qtls": QualifiedStatus.QTLS, "eyts": QualifiedStatus.EYTS}
QUALIFICATIONS |= {"qts (eu partial access)": QualifiedStatus.QTS_PARTIAL, "none": QualifiedStatus.NONE}
QUALIFICATIONS |= {"qts england": QualifiedStatus.QTS, "qualified teacher status": QualifiedStatus.QTS}
QUALIFICATIONS |= {"qualified teacher learning and skills": QualifiedStatus.QTLS, "no qts": QualifiedStatus.NONE}
QUALIFICATIONS |= {"early years teacher status": QualifiedStatus.EYTS, "none of these": QualifiedStatus.NONE}
INDUCTIONS = {"completed": Induction.COMPLETED, "yes": Induction.COMPLETED, "exempt": Induction.EXEMPT}
INDUCTIONS |= {"not completed": Induction.NOT_COMPLETED, "no": Induction.NOT_COMPLETED}
INDUCTIONS |= {"complete": Induction.COMPLETED, "passed": Induction.COMPLETED, "in progress": Induction.NOT_COMPLETED}
SETTINGS = {value.replace("_", " "): value for value in Setting.values} | {"academy or free school": Setting.ACADEMY}
SETTINGS |= {"mainstream school": Setting.MAINSTREAM, "maintained nursery school": Setting.MAINTAINED_NURSERY}
SETTINGS |= {"maintained school": Setting.MAINTAINED, "free school": Setting.ACADEMY, "special school": Setting.SPECIAL}
SETTINGS |= {"independent school": Setting.INDEPENDENT, "nursery": Setting.EARLY_YEARS_PVI, "pru": Setting.ALTERNATIVE}
SETTINGS |= {"pupil referral unit": Setting.ALTERNATIVE, "college": Setting.FURTHER_EDUCATION}
# What the upload page lists under each column: each meaning, with every spelling read as it.
ACCEPTED = {
    column: [
        (choices(value).label, sorted(k for k, v in table.items() if v == value))
        for value in choices.values
        if value in table.values()
    ]
    for column, table, choices in (
        ("role", ROLES, Role),
        ("qualification", QUALIFICATIONS, QualifiedStatus),
        ("induction", INDUCTIONS, Induction),
        ("setting", SETTINGS, Setting),
    )
}


def _spelling(text: str) -> str:
    """A cell as the tables above spell it: lower case, "co-ordinator" as "coordinator", "(England)" and full
    stops dropped, "/" read as "or", hyphens as spaces, spaces single."""
    text = text.lower().replace("co-ordinator", "coordinator").replace("(england)", "england")
    text = re.sub(r"[.'’]", "", text).replace("/", " or ").replace("-", " ")
    return " ".join(text.split())


@dataclass
class Row:
    line: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def missing_headings(headers: list[str]) -> list[str]:
    found = {name for name, names in HEADINGS.items() if any(h in names for h in headers)}
    return [f"“{HEADINGS[name][0]}”" for name in ("name", "email") if name not in found]


def read_row(raw: dict) -> Row:
    """One line of the list → its values in the portal's terms, or the reasons it cannot be used."""
    row = Row(line=raw.get("_line", 0))
    cell = {name: next((raw[h] for h in names if raw.get(h)), "") for name, names in HEADINGS.items()}
    name, email = " ".join(cell["name"].split()), cell["email"].strip().lower()
    if not name:
        row.errors.append("no name")
    elif len(name) > 150:
        row.errors.append("the name is longer than 150 characters")
    try:
        validate_email(email)
    except ValidationError:
        row.errors.append(f"“{email}” is not an email address" if email else "no email address")
    trn = re.sub(r"\s", "", cell["trn"])
    if trn and not re.fullmatch(r"\d{7}", trn):
        row.errors.append(f"the TRN “{cell['trn']}” is not 7 digits")
    urn = cell["urn"].strip()
    if urn and not re.fullmatch(r"\d{5,7}", urn):
        row.errors.append(f"the school URN “{urn}” is not 5 to 7 digits")
    values = {"name": name, "email": email, "trn": trn, "urn": urn, "school": cell["school"][:200]}
    for key, choices, label in (
        ("role", ROLES, "role"),
        ("qualification", QUALIFICATIONS, "qualification"),
        ("induction", INDUCTIONS, "induction"),
        ("setting", SETTINGS, "setting"),
    ):
        text = cell[key].strip().lower()
        values[key] = (choices.get(text) or choices.get(_spelling(text), "")) if text else ""
        if text and not values[key]:
            row.errors.append(
                f"the {label} “{cell[key]}” is not one we read: write one of {', '.join(sorted(choices))}"
            )
    for key, label in (("appointed", "date appointed"), ("qualified_on", "qualification date")):
        values[key] = None
        if cell[key]:
            values[key] = parse_date(cell[key])
            if values[key] is None:
                row.errors.append(f"the {label} “{cell[key]}” is not a date (write 5 October 2023 or 2023-10-05)")
    row.values = values
    return row


DATE_PATTERNS = (
    "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d-%b-%y", "%d/%m/%y",
    "%d %B, %Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S",
)  # fmt: skip
EXCEL_EPOCH = dt.date(1899, 12, 30)  # a date cell read as its number: days since this day


def parse_date(text: str) -> dt.date | None:
    """A date as people and spreadsheets write it in the UK (day before month), or Excel's day number."""
    text = " ".join(text.strip().split())
    if text.isdigit() and 20_000 <= int(text) <= 80_000:  # 1954 to 2119
        return EXCEL_EPOCH + dt.timedelta(days=int(text))
    for pattern in DATE_PATTERNS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
