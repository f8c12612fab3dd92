"""An admin imports a provider's own spreadsheet (the spellings and dates it really has) and sees every person
accounted for: placed, on the waiting list when the cohort is full, refused with the reason, never dropped;
and the same list into a National Award course started after August 2024 places nobody (reg. 49(7))."""

import datetime as dt

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from cohorts.demo import open_npq_cohort
from cohorts.models import Cohort, Programme, TeachingDay
from cohorts.services import cohort_create
from enrolment.models import Enrolment, ImportBatch
from nasenco.mail.models import OutboxEmail
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# As a provider's spreadsheet exports them: its own headings, Excel dates, "Designated SENCO" and the like.
HEADINGS = [
    "Full name", "Email address", "TRN", "URN", "School name", "School type", "Role", "Date appointed as SENCO",
    "Qualified status", "Date qualified", "Induction",
]  # fmt: skip
PEOPLE = [
    ["Zoë O'Brien", "zoe.obrien@school.example", "2345678", "100561", "Hillside Primary", "Mainstream school",
     "Designated SENCO", dt.datetime(2026, 9, 1), "QTS (England)", dt.datetime(2014, 7, 18), "Completed"],
    ["Ravi Shah", "ravi.shah@school.example", "", "", "Rainbow Nursery", "Maintained nursery school",
     "Aspiring SENCO", "01/09/2026", "QTLS", "15/07/2016", "Yes"],
    ["Grace Ellis", "grace.ellis@school.example", "", "", "Brook Academy", "Academy", "SENCO", "1-Sep-2026",
     "QTS", "2010-07-20", "completed"],
    ["No Address", "not-an-email", "", "", "", "", "", "", "", "", ""],
]  # fmt: skip


def _spreadsheet(tmp_path) -> str:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADINGS)
    for row in PEOPLE:
        sheet.append(row)
    path = tmp_path / "SENCO course list autumn.xlsx"
    book.save(path)
    return str(path)


def _upload(page, cohort, file) -> None:
    page.goto(f"/applications/?cohort={cohort.pk}")
    page.get_by_role("link", name="Import participants into this cohort").click()
    page.get_by_text("The values each column may hold").click()
    page.get_by_text("Designated SENCO").first.wait_for()  # the accepted spellings are listed
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(file)
    page.get_by_role("button", name="Check the list").click()
    page.get_by_role("heading", name=f"SENCO course list autumn.xlsx → {cohort.name}").wait_for()


def test_a_providers_spreadsheet_is_imported_with_every_person_accounted_for(page, demo, tmp_path):
    cohort = open_npq_cohort()
    taken = cohort.enrolments.filter(status__in=Enrolment.ON_PROGRAMME).count()
    Cohort.objects.filter(pk=cohort.pk).update(capacity=taken + 2)  # room for two of the three
    sheet = _spreadsheet(tmp_path)
    sign_in(page, "admin@bpn.example")
    _upload(page, cohort, sheet)

    # The preview says, line by line, what will happen: nothing is added yet.
    assert_accessible(page)
    table = page.get_by_role("table")
    for name in ("Zoë O'Brien", "Ravi Shah", "Grace Ellis", "No Address"):
        expect(table.get_by_text(name)).to_be_visible()
    expect(page.get_by_text("1 of these people do not fit")).to_be_visible()
    expect(table.get_by_text("Does not fit: the cohort is full by then")).to_be_visible()
    expect(table.get_by_text("is not an email address")).to_be_visible()
    assert (
        not Enrolment.objects.filter(participant__email__endswith="@school.example", cohort=cohort)
        .filter(participant__email__in=[p[1] for p in PEOPLE])
        .exists()
    )
    page.get_by_role("button", name="Add 2 and put 1 on the waiting list").click()
    page.get_by_text("2 participant(s) added to").wait_for()
    assert_accessible(page)

    places = dict(
        Enrolment.objects.filter(cohort=cohort, participant__email__in=[p[1] for p in PEOPLE]).values_list(
            "participant__email", "status"
        )
    )
    assert places == {
        "zoe.obrien@school.example": Enrolment.Status.ACCEPTED,
        "ravi.shah@school.example": Enrolment.Status.ACCEPTED,
        "grace.ellis@school.example": Enrolment.Status.WAITING,
    }
    zoe = Enrolment.objects.get(cohort=cohort, participant__email="zoe.obrien@school.example").participant.profile
    assert (zoe.role, zoe.qualified_status, zoe.appointed_senco_on, zoe.school.setting) == (
        "designated", "QTS", dt.date(2026, 9, 1), "mainstream",
    )  # fmt: skip
    assert OutboxEmail.objects.filter(to="grace.ellis@school.example", template="enrolment/email/waiting_list").exists()
    batch = ImportBatch.objects.get(cohort=cohort)
    assert sorted(row["verdict"] for row in batch.rows) == ["invalid", "new", "new", "waiting"]  # all four

    # The same list into a National Award course started after 31 August 2024: nobody, each line says why.
    programme = Programme.objects.get(provider__slug="best-practice-network", qualification="NASENCO")
    closed = cohort_create(
        programme=programme, name="National Award spring 2027", academic_year="2026-27", delivery="virtual",
        status=Cohort.Status.OPEN,
        days=[{"number": 1, "date": dt.date(2027, 1, 14), "start_time": dt.time(9, 30), "end_time": dt.time(15, 30),
               "mode": TeachingDay.Mode.VIRTUAL, "joining_link": "https://classroom.bpn.example/na"}],
    )  # fmt: skip
    _upload(page, closed, sheet)
    expect(page.get_by_text("Nothing to add.")).to_be_visible()
    assert page.get_by_role("table").get_by_text("Refused: this course cannot count (reg. 49(7))").count() == 3
    assert_accessible(page)
    assert not closed.enrolments.exists()
