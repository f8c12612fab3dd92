"""Participant lists: every line checked into a preview with nothing written, added on confirmation, new
people invited, eligibility and deadline decided for each, the same file adding nothing twice."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cohorts.models import ActivityEntry
from enrolment.imports import read_row
from enrolment.models import Enrolment, ImportBatch, ParticipantProfile
from nasenco.mail.models import OutboxEmail
from tests import factories

pytestmark = pytest.mark.django_db
HEADER = "Name,Email,TRN,School URN,School,Role,Date appointed,Qualification,Qualification date,Induction,Setting\n"


def _csv(*lines: str, name="list.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + "\n".join(lines) + "\n").encode("utf-8"))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ({"name": "", "email": "a@b.example"}, "no name"),
        ({"name": "Ann", "email": "not-an-address"}, "“not-an-address” is not an email address"),
        ({"name": "Ann", "email": "a@b.example", "trn": "12345"}, "the TRN “12345” is not 7 digits"),
        ({"name": "Ann", "email": "a@b.example", "school urn": "12"}, "the school URN “12” is not 5 to 7 digits"),
        (
            {"name": "Ann", "email": "a@b.example", "role": "deputy"},
            "the role “deputy” is not one we read: write one of",
        ),
        ({"name": "Ann", "email": "a@b.example", "date appointed": "31/02/2024"}, "is not a date"),
        ({"name": "Ann", "email": "a@b.example", "induction": "maybe"}, "the induction “maybe” is not one we read"),
    ],
)
def test_each_bad_line_says_why(line, reason):
    row = read_row({"_line": 2, **line})
    assert any(reason in error for error in row.errors), row.errors


def test_a_good_line_in_the_portals_terms():
    row = read_row(
        {"_line": 3, "name": " Sarah  Ahmed ", "email": "Sarah@School.example", "trn": "1234567", "role": "SENCO",
         "date appointed": "05/10/2023", "qualification": "QTS", "induction": "Completed"}
    )  # fmt: skip
    assert row.errors == []
    assert row.values["name"] == "Sarah Ahmed" and row.values["email"] == "sarah@school.example"
    assert (row.values["role"], row.values["appointed"], row.values["qualification"]) == (
        "designated",
        dt.date(2023, 10, 5),
        "QTS",
    )


@pytest.mark.parametrize(
    ("column", "cell", "value"),
    [
        ("role", "Designated SENCO", "designated"),
        ("role", "SENDCo", "designated"),
        ("role", "Special Educational Needs Co-ordinator", "designated"),
        ("role", "Aspiring SENCO", "aspiring"),
        ("role", "Head teacher", "headteacher"),
        ("qualification", "QTS (England)", "QTS"),
        ("qualification", "Q.T.S.", "QTS"),
        ("qualification", "Qualified Teacher Status", "QTS"),
        ("qualification", "Early Years Teacher Status", "EYTS"),
        ("setting", "Mainstream school", "mainstream"),
        ("setting", "Maintained nursery school", "maintained_nursery"),
        ("setting", "Academy / free school", "academy"),
        ("setting", "Pupil Referral Unit", "alternative"),
        ("induction", "Complete", "completed"),
    ],
)
def test_the_spellings_providers_spreadsheets_really_have(column, cell, value):
    key = {"role": "role", "qualification": "qualification", "setting": "setting", "induction": "induction"}[column]
    row = read_row({"_line": 2, "name": "Ann", "email": "a@b.example", key: cell})
    assert row.errors == [] and row.values[column] == value


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("05/10/2023", dt.date(2023, 10, 5)),
        ("5/10/23", dt.date(2023, 10, 5)),
        ("05.10.2023", dt.date(2023, 10, 5)),
        ("5-Oct-2023", dt.date(2023, 10, 5)),
        ("05-Oct-23", dt.date(2023, 10, 5)),
        ("2023-10-05 00:00:00", dt.date(2023, 10, 5)),
        ("45204", dt.date(2023, 10, 5)),  # Excel's day number
        ("5 October 2023", dt.date(2023, 10, 5)),
    ],
)
def test_dates_as_a_spreadsheet_writes_them(cell, day):
    assert (
        read_row({"_line": 2, "name": "Ann", "email": "a@b.example", "date appointed": cell}).values["appointed"] == day
    )


def test_the_upload_page_lists_what_each_column_may_hold(client, cast):
    client.force_login(cast.admin_a)
    page = client.get(reverse("enrolment:import", args=[cast.cohort_a1.pk])).content.decode()
    assert "The values each column may hold" in page
    assert "<code>designated senco</code>" in page and "<code>mainstream school</code>" in page


def test_a_mainstream_school_of_unknown_kind_carries_the_deadline():
    from enrolment.choices import Setting

    assert Setting.MAINSTREAM in Setting.relevant()


def _preview(client, cast, upload):
    client.force_login(cast.admin_a)
    response = client.post(reverse("enrolment:import", args=[cast.cohort_a1.pk]), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.latest("created")


def test_preview_writes_nothing_then_confirm_adds_invites_and_decides_each_and_a_second_import_adds_none(client, cast):
    existing = factories.UserFactory(email="Existing@School.example", full_name="Ed Existing")
    lines = (
        "Sarah Ahmed,sarah@school.example,1234567,123456,Meadow Primary,designated,2023-10-05,QTS,2012-07-20,completed,"
        "maintained",
        "Ed Existing,existing@school.example,,,,,,,,",
        "Sam Repeat,sarah@school.example,,,,,,,,",
        f"{cast.participant_a1.full_name},{cast.participant_a1.email},,,,,,,,",
        "No Email,,,,,,,,,",
    )
    users, places = type(existing).objects.count(), Enrolment.objects.filter(cohort=cast.cohort_a1).count()
    batch = _preview(client, cast, _csv(*lines))
    assert [r["verdict"] for r in batch.rows] == ["new", "existing", "duplicate", "on-cohort", "invalid"]
    assert batch.rows[2]["reasons"] == ["the same email as line 2"]
    written = (type(existing).objects.count(), Enrolment.objects.filter(cohort=cast.cohort_a1).count())
    assert written == (users, places)  # nothing written yet
    page = client.get(reverse("enrolment:import-preview", args=[batch.pk])).content.decode()
    assert "Add 2 participants to A1" in page and "No email address" in page

    assert client.post(reverse("enrolment:import-confirm", args=[batch.pk])).status_code == 302
    batch.refresh_from_db()
    assert batch.status == "done" and batch.added == 2
    sarah = Enrolment.objects.get(cohort=cast.cohort_a1, participant__email="sarah@school.example")
    assert sarah.status == Enrolment.Status.ACCEPTED and sarah.eligible is True  # QTS, induction, designated
    assert sarah.statutory_deadline == dt.date(2026, 10, 5)  # third anniversary of 5 October 2023
    assert ParticipantProfile.objects.get(user=sarah.participant).school.urn == "123456"
    assert Enrolment.objects.filter(cohort=cast.cohort_a1, participant=existing).exists()
    assert OutboxEmail.objects.filter(to="sarah@school.example", template="accounts/email/welcome").count() == 1
    assert not OutboxEmail.objects.filter(to__iexact="existing@school.example", template="accounts/email/welcome")
    assert ActivityEntry.objects.filter(action="enrolment.imported", by=cast.admin_a).count() == 1
    assert client.post(reverse("enrolment:import-confirm", args=[batch.pk])).status_code == 302  # twice: nothing
    assert Enrolment.objects.filter(cohort=cast.cohort_a1).count() == places + 2

    again = _preview(client, cast, _csv(*lines))  # the same file again
    assert again.to_add == 0 and again.count("on-cohort") == 3
    page = client.get(reverse("enrolment:import-preview", args=[again.pk])).content.decode()
    assert "This same file was imported on" in page and "Nothing to add" in page


def test_an_excel_list_with_dates_and_numbers_as_excel_stores_them(client, cast):
    book = Workbook()
    sheet = book.active
    sheet.append(["Full name", "Email address", "TRN", "Date appointed", "Qualification", "Induction", "Role"])
    sheet.append(["Priya Shah", "priya@school.example", 7654321, dt.datetime(2024, 1, 8), "QTLS", "exempt", "aspiring"])
    data = io.BytesIO()
    book.save(data)
    batch = _preview(client, cast, SimpleUploadedFile("list.xlsx", data.getvalue()))
    assert batch.rows[0]["verdict"] == "new"
    assert batch.rows[0]["values"]["trn"] == "7654321" and batch.rows[0]["values"]["appointed"] == "2024-01-08"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("list.txt", b"Name,Email\nA,a@b.example\n"), "as a CSV file or an Excel workbook"),
        (SimpleUploadedFile("list.csv", b""), "The submitted file is empty"),
        (SimpleUploadedFile("list.csv", b"Name,Email\n"), "no rows under its headings"),
        (SimpleUploadedFile("list.csv", b"Name,Phone\nAnn,0123\n"), "has no “email” column"),
        (SimpleUploadedFile("list.xlsx", b"PK\x03\x04 not really a workbook"), "This document is damaged"),
        (SimpleUploadedFile("list.xlsx", b"%PDF-1.7 a PDF renamed"), "not really"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_what_to_do(client, cast, upload, message):
    client.force_login(cast.admin_a)
    response = client.post(reverse("enrolment:import", args=[cast.cohort_a1.pk]), {"file": upload})
    assert response.status_code == 200 and message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_long_list_is_added_by_the_worker_and_who_does_not_fit_goes_on_the_waiting_list(
    client, cast, django_capture_on_commit_callbacks
):
    cast.cohort_a1.capacity = 205
    cast.cohort_a1.save(update_fields=["capacity"])
    lines = [f"Listed Person {n},listed{n}@import.example,,,,,,,,," for n in range(210)]
    batch = _preview(client, cast, _csv(*lines))
    assert (batch.to_add, batch.count("over")) == (204, 6)  # participant_a1 already holds one place
    page = client.get(reverse("enrolment:import-preview", args=[batch.pk])).content.decode()
    assert "6 of these people do not fit A1" in page and "Add 204 and put 6 on the waiting list" in page
    refused = client.post(reverse("enrolment:import-confirm", args=[batch.pk]), follow=True).content.decode()
    assert "choose whether to put them on the waiting list or to add nobody" in refused
    assert not Enrolment.objects.filter(participant__email__endswith="@import.example").exists()
    with django_capture_on_commit_callbacks(execute=True):  # handed to the worker (eager in tests)
        client.post(reverse("enrolment:import-confirm", args=[batch.pk]), {"over": "wait"})
    batch.refresh_from_db()
    assert batch.status == "done" and batch.added == 204 and batch.count("waiting") == 6
    waiting = Enrolment.objects.filter(cohort=cast.cohort_a1, status="waiting")
    assert waiting.count() == 6
    assert OutboxEmail.objects.filter(to="listed209@import.example", subject__contains="waiting list").exists()
    # A place frees: the admin accepts one from the waiting list; the capacity rule still holds for the next.
    from enrolment.services import enrolment_transition
    from enrolment.services.transitions import TransitionRefused

    Enrolment.objects.filter(participant__email="listed0@import.example").update(status="withdrawn")
    enrolment_transition(enrolment=waiting.first(), to="accepted", by=cast.admin_a)
    with pytest.raises(TransitionRefused, match="full"):
        enrolment_transition(enrolment=waiting.first(), to="accepted", by=cast.admin_a)


def test_an_admin_can_add_nobody_from_a_list_that_does_not_fit(client, cast):
    cast.cohort_a1.capacity = 2
    cast.cohort_a1.save(update_fields=["capacity"])
    batch = _preview(client, cast, _csv("Ann,ann@x.example,,,,,,,,", "Ben,ben@x.example,,,,,,,,"))
    assert (batch.to_add, batch.count("over")) == (1, 1)
    response = client.post(reverse("enrolment:import-confirm", args=[batch.pk]), {"over": "refuse"}, follow=True)
    assert "0 participant(s) added" in response.content.decode()
    assert not Enrolment.objects.filter(participant__email__endswith="@x.example").exists()
    assert ActivityEntry.objects.filter(action="enrolment.import-refused").exists()


def test_another_providers_list_is_not_found(client, cast):
    batch = _preview(client, cast, _csv("Ann,ann@school.example,,,,,,,,"))
    client.force_login(cast.admin_b)
    assert client.get(reverse("enrolment:import-preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("enrolment:import-confirm", args=[batch.pk])).status_code == 404
    assert client.get(reverse("enrolment:import", args=[cast.cohort_a1.pk])).status_code == 404


def test_an_import_into_a_national_award_course_starting_after_august_2024_places_nobody(client, cast):
    """The rule the application form applies (reg. 49(7)): an import asks it too, for every line."""
    from cohorts.models import TeachingDay

    cast.cohort_a1.programme.qualification = "NASENCO"
    cast.cohort_a1.programme.save()
    TeachingDay.objects.filter(cohort=cast.cohort_a1).update(date=dt.date(2027, 1, 13))
    batch = _preview(client, cast, _csv("Ann,ann@y.example,,,,,,,,", "Ben,ben@y.example,,,,,,,,"))
    assert batch.to_add == 0 and batch.count("closed") == 2
    assert (
        "meets the requirement only if it is the National Professional Qualification for SENCOs"
        in (batch.rows[0]["reasons"][0])
    )
    page = client.get(reverse("enrolment:import-preview", args=[batch.pk])).content.decode()
    assert "Nothing to add." in page and "Refused: this course cannot count (reg. 49(7))" in page


def test_a_transfer_into_a_course_that_cannot_count_is_refused(cast):
    from enrolment.services import enrolment_transfer
    from enrolment.services.transitions import TransitionRefused

    late = factories.CohortFactory(programme=cast.cohort_a1.programme, name="Late NASENCO", status="open")
    factories.TeachingDayFactory(cohort=late, number=1, date=dt.date(2025, 1, 8))  # started after August 2024
    with pytest.raises(TransitionRefused, match="Late NASENCO cannot take places"):
        enrolment_transfer(enrolment=cast.participant_a1.enrolments.get(), to_cohort=late, by=cast.admin_a)
    assert cast.participant_a1.enrolments.count() == 1


def test_every_way_of_making_a_place_asks_the_same_course_rule(cast):
    """One rule, one service (``refuse_place``): placing directly, onto a waiting list, and accepting an
    application already made are refused on a National Award course started after August 2024, as the
    application form and imports refuse it (reg. 49(7))."""
    from enrolment.models import Enrolment
    from enrolment.services import CourseClosed, enrolment_place, enrolment_transition

    late = factories.CohortFactory(programme=cast.cohort_a1.programme, name="Late NASENCO", status="open")
    factories.TeachingDayFactory(cohort=late, number=1, date=dt.date(2027, 1, 13))
    person = factories.UserFactory()
    for status in (Enrolment.Status.ACTIVE, Enrolment.Status.ACCEPTED, Enrolment.Status.WAITING):
        with pytest.raises(CourseClosed, match=r"Late NASENCO cannot take places.*reg\. 49"):
            enrolment_place(cohort=late, participant=person, status=status, by=cast.admin_a)
    assert not Enrolment.objects.filter(cohort=late).exists()
    applied = factories.awaiting_acceptance(late)  # a declaration verified, only the admin's acceptance to come
    with pytest.raises(CourseClosed, match="Late NASENCO cannot take places"):
        enrolment_transition(enrolment=applied, to=Enrolment.Status.ACCEPTED, by=cast.admin_a)
    applied.refresh_from_db()
    assert applied.status == Enrolment.Status.AWAITING_DECLARATION
    # The same cohort dated before 1 September 2024 takes them.
    late.days.update(date=dt.date(2024, 8, 29))
    assert enrolment_transition(enrolment=applied, to=Enrolment.Status.ACCEPTED, by=cast.admin_a).status == "accepted"
