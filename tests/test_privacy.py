"""Personal-data rights: every field placed in the inventory, the subject-access export, erasure keeping only
what verifies a certificate, and the retention sweep."""

import datetime as dt
import io
import json
import zipfile

import pytest
import time_machine
from axes.models import AccessAttempt
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessment.models import Award
from enrolment.models import Enrolment, ParticipantProfile
from nasenco.files.models import StoredFile
from nasenco.files.samples import SMALL_PDF
from nasenco.mail.models import OutboxEmail
from nasenco.mail.services import email_queue
from portfolio import services as portfolio_services
from portfolio.models import EvidenceFile
from privacy import services
from privacy.inventory import HOLDINGS, HOLDINGS_BY_MODEL, NOT_ABOUT_PARTICIPANTS, NOT_PERSONAL
from tests import factories

pytestmark = pytest.mark.django_db
PORTAL_APPS = (
    *("accounts", "cohorts", "enrolment", "portfolio", "assessment", "reminders", "mail", "files", "schools"),
    *("curriculum", "dfe", "privacy"),
    *("axes", "sessions"),  # the sign-in log and sessions hold personal data too (issue 25, 5)
)


def test_every_field_of_every_model_is_placed_in_the_inventory():
    unplaced = []
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label not in PORTAL_APPS or label in NOT_ABOUT_PARTICIPANTS:
            continue
        holding = HOLDINGS_BY_MODEL.get(label)
        if holding is None:
            unplaced.append(f"{label}: no row in privacy/inventory.py")
            continue
        placed = {*holding.export, *holding.files, *NOT_PERSONAL["*"], *NOT_PERSONAL.get(label, {})}
        unplaced += [f"{label}.{f.name}" for f in model._meta.concrete_fields if f.name not in placed]
    assert not unplaced, "Personal data covered by neither export nor erasure: " + ", ".join(unplaced)


def test_the_inventory_names_only_real_fields():
    for holding in HOLDINGS:
        model = apps.get_model(holding.model)
        for name in (*holding.export, *holding.blank, *holding.files):
            model._meta.get_field(name)  # raises for a field that does not exist


def _person_with_everything(cast):
    person = cast.participant_a1
    factories.ProfileFactory(user=person, trn="7654321")
    enrolment = person.enrolments.get()
    Enrolment.objects.filter(pk=enrolment.pk).update(headteacher_name="Ms Head", headteacher_email="head@s.example")
    portfolio = portfolio_services.portfolio_for(enrolment)
    evidence = factories.EvidenceFactory(portfolio=portfolio, title="Provision map")
    stored = EvidenceFile(evidence=evidence, name="map.pdf", content_type="application/pdf", size=len(SMALL_PDF))
    from django.core.files.base import ContentFile

    stored.file.save("upload.pdf", ContentFile(SMALL_PDF), save=True)
    email_queue(to=person.email, template="enrolment/email/application_update", context={
        "enrolment": enrolment, "headline": "Your place is confirmed", "detail": ""})  # fmt: skip
    return person, enrolment, stored


def test_a_participant_downloads_everything_held_about_them(client, cast, django_capture_on_commit_callbacks):
    person, _, _ = _person_with_everything(cast)
    client.force_login(person)
    assert "Your personal data" in client.get(reverse("privacy:my-data")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:my-data-export"))
    stored = StoredFile.objects.get(kind="subject-access")
    assert response["Location"] == reverse("files:status", args=[stored.pk])
    download = client.get(reverse("files:download", args=[stored.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    data = json.loads(archive.read("data.json"))["holdings"]
    assert data["enrolment.ParticipantProfile"]["rows"][0]["trn"] == "7654321"
    assert data["portfolio.Evidence"]["rows"][0]["title"] == "Provision map"
    assert data["mail.OutboxEmail"]["rows"][0]["subject"] == "Your place is confirmed — NASENCO Portal"
    assert "statutory deadline" in data["enrolment.ParticipantProfile"]["why"]
    files = [name for name in archive.namelist() if name.startswith("files/")]
    assert len(files) == 1 and archive.read(files[0]) == SMALL_PDF


def test_erasure_waits_until_the_place_is_withdrawn_then_keeps_only_verification(
    client, cast, django_capture_on_commit_callbacks
):
    person, enrolment, stored = _person_with_everything(cast)
    client.force_login(cast.admin_a)
    page = client.get(reverse("privacy:participant", args=[enrolment.pk])).content.decode()
    assert "Not yet" in page and "Withdraw the place first" in page
    with pytest.raises(ValidationError):
        services.participant_erase(user=person, by=cast.admin_a, today=dt.date(2026, 1, 1))

    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    unconfirmed = client.post(reverse("privacy:participant-erase", args=[enrolment.pk]), follow=True)
    assert "Tick the box to confirm" in unconfirmed.content.decode()
    assert ParticipantProfile.objects.filter(user=person).exists()

    from reminders import services as reminder_services
    from reminders.models import Reminder

    Enrolment.objects.filter(pk=enrolment.pk).update(statutory_deadline=dt.date(2027, 8, 31))
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.ACTIVE)
    reminder_services.reminders_sweep(today=dt.date(2027, 5, 31))  # copies go to the head and the admins
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    assert Reminder.objects.filter(to="head@s.example").exists()
    storage, name = stored.file.storage, stored.file.name
    with django_capture_on_commit_callbacks(execute=True):  # files go once the erasure commits
        client.post(reverse("privacy:participant-erase", args=[enrolment.pk]), {"confirm": "erase"})
    person.refresh_from_db()
    assert (person.full_name, person.search_name, person.is_active, person.has_usable_password()) == (
        "",
        "",
        False,
        False,
    )
    assert person.email == f"erased-{person.pk}@erased.invalid"
    assert not ParticipantProfile.objects.filter(user=person).exists()
    assert not EvidenceFile.objects.exists() and not storage.exists(name)
    enrolment.refresh_from_db()
    assert (enrolment.headteacher_name, enrolment.headteacher_email, enrolment.reasons) == ("", "", [])
    assert not OutboxEmail.objects.filter(to__icontains="school.example").exists()
    assert not Reminder.objects.filter(to="head@s.example").exists()  # copies about them went too
    assert not OutboxEmail.objects.filter(to="head@s.example").exists()
    # The provider's pages name what they are, never an empty link, and say nothing more about them.
    listed = client.get(reverse("enrolment:pipeline")).content.decode()
    assert '">An erased participant</a>' in listed and "></a>" not in listed
    detail = client.get(reverse("enrolment:pipeline-detail", args=[enrolment.pk])).content.decode()
    assert "personal data was erased" in detail and "Eligibility" not in detail and "Statutory deadline" not in detail


def test_after_the_retention_period_an_award_stays_verifiable(client, cast):
    person, enrolment, _ = _person_with_everything(cast)
    Award.objects.create(
        enrolment=enrolment,
        certificate_number="NASENCO-2025-VERIFY01",
        holder_name=person.full_name,
        scope="full",
        completed_on=dt.date(2025, 7, 1),
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status=Enrolment.Status.COMPLETED, completed_on=dt.date(2025, 7, 1)
    )
    with pytest.raises(ValidationError, match="kept for 6 years, until 1 July 2031"):
        services.participant_erase(user=person, by=cast.admin_a, today=dt.date(2031, 6, 30))
    name = person.full_name
    services.participant_erase(user=person, by=cast.admin_a, today=dt.date(2031, 7, 1))
    page = client.get(reverse("assessment:verify") + "?number=NASENCO-2025-VERIFY01").content.decode()
    assert f"{name} was awarded" in page


def test_one_provider_cannot_erase_what_another_also_holds(client, cast):
    person = cast.participant_a1
    factories.EnrolmentFactory(cohort=cast.cohort_b1, participant=person, status=Enrolment.Status.WITHDRAWN)
    Enrolment.objects.filter(participant=person).update(status=Enrolment.Status.WITHDRAWN)
    client.force_login(cast.admin_a)
    enrolment = person.enrolments.get(cohort=cast.cohort_a1)
    response = client.post(reverse("privacy:participant-erase", args=[enrolment.pk]), {"confirm": "erase"}, follow=True)
    assert "Another provider holds some of this person" in response.content.decode()
    person.refresh_from_db()
    assert person.is_active


def test_the_retention_sweep(cast, tmp_path):
    now = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
    with time_machine.travel(now - dt.timedelta(days=8)):
        old = StoredFile.objects.create(kind="subject-access", name="old.zip", created_by=cast.participant_a1)
        AccessAttempt.objects.create(
            username="x", ip_address="192.0.2.1", user_agent="", path_info="/", failures_since_start=1
        )
    fresh = StoredFile.objects.create(kind="subject-access", name="fresh.zip", created_by=cast.participant_a1)
    OutboxEmail.objects.create(
        to="a@b.example", subject="Hi", body_text="Personal words", status="sent", sent_at=now - dt.timedelta(days=91)
    )
    from enrolment.models import ImportBatch

    for days in (31, 29):
        with time_machine.travel(now - dt.timedelta(days=days)):
            ImportBatch.objects.create(cohort=cast.cohort_a1, file_name=f"{days}.csv", digest="x", rows=[])
    with time_machine.travel(now):
        assert services.retention_sweep() == {
            "files": 1,
            "attempts": 0,
            "sign_ins": 0,
            "sessions": 0,
            "email_bodies": 1,
            "imports": 1,
        }
    assert list(ImportBatch.objects.values_list("file_name", flat=True)) == ["29.csv"]
    assert not StoredFile.objects.filter(pk=old.pk).exists() and StoredFile.objects.filter(pk=fresh.pk).exists()
    assert OutboxEmail.objects.get(to="a@b.example").body_text == ""


def test_docs_privacy_lists_every_holding():
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "privacy.md").read_text()
    missing = [holding.model for holding in HOLDINGS if f"`{holding.model}`" not in text]
    assert not missing, f"docs/privacy.md does not list: {missing}"


def test_registers_sign_ins_and_emails_to_others_are_exported_and_erased(client, cast):
    """Issue 25 (5): erasure left, and the export missed, register entries naming the person and their
    attendance, the sign-in log (address, browser) and emails about them sent to their mentor."""
    from axes.models import AccessLog

    from cohorts.models import ActivityEntry, Attendance
    from cohorts.services.attendance import attendance_record

    person = cast.participant_a1
    enrolment = person.enrolments.get()
    day = cast.cohort_a1.days.first()
    attendance_record(day=day, marks={person.pk: Attendance.Status.ABSENT}, by=cast.tutor_a1)
    legacy = ActivityEntry.objects.create(  # a register entry as older versions wrote it: everyone in one
        provider=cast.provider_a,
        at=timezone.now(),
        by_name="Tutor",
        action="register.taken",
        summary="Register taken: 2 mark(s) changed",
        changes={person.full_name: [None, "absent"], "Someone Else": [None, "present"]},
    )
    AccessLog.objects.create(
        username=person.email, ip_address="192.0.2.44", user_agent="Firefox", http_accept="*/*", path_info="/"
    )
    mentor = cast.mentor_a1
    email_queue(
        to=mentor.email, template="accounts/email/password_reset", context={"user": person, "uid": "MQ", "token": "t"}
    )
    OutboxEmail.objects.filter(to=mentor.email).update(body_text=f"{person.full_name} has recorded a booklet entry.")

    data = json.loads(zipfile.ZipFile(io.BytesIO(services.subject_access_zip(person))).read("data.json"))["holdings"]
    assert data["cohorts.ActivityEntry"]["rows"][0]["changes"] == {"attendance": [None, "absent"]}
    assert data["cohorts.ActivityEntry (registers naming the person)"]["rows"][0]["attendance"] == [None, "absent"]
    assert data["axes.AccessLog"]["rows"][0]["ip_address"] == "192.0.2.44"
    assert "booklet entry" in data["mail.OutboxEmail (about the person, sent to others)"]["rows"][0]["body_text"]

    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    services.participant_erase(user=person, by=cast.admin_a, today=dt.date(2026, 1, 1))
    own = ActivityEntry.objects.get(action="register.taken", about=person)
    assert own.changes == {} and person.full_name not in own.summary
    legacy.refresh_from_db()
    assert legacy.changes == {"Someone Else": [None, "present"]}
    assert not AccessLog.objects.exists()
    assert not OutboxEmail.objects.filter(to=mentor.email).exists()


def test_the_retention_sweep_deletes_the_sign_in_log_and_expired_sessions(cast):
    from axes.models import AccessLog
    from django.contrib.sessions.models import Session

    with time_machine.travel(dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)):
        AccessLog.objects.create(
            username="a@b.example", ip_address="192.0.2.1", user_agent="x", http_accept="*/*", path_info="/"
        )
    Session.objects.create(session_key="old", session_data="x", expire_date=timezone.now() - dt.timedelta(days=1))
    Session.objects.create(session_key="live", session_data="x", expire_date=timezone.now() + dt.timedelta(days=1))
    result = services.retention_sweep(now=timezone.now())
    assert result["sign_ins"] == 1 and result["sessions"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]


def test_a_missing_file_does_not_fail_the_export_and_is_named_in_it(client, cast, django_capture_on_commit_callbacks):
    """Issue 25 (11): one file gone from storage failed the whole export, and "try again" failed forever."""
    person, _, _ = _person_with_everything(cast)
    evidence_file = EvidenceFile.objects.get(evidence__portfolio__enrolment__participant=person)
    evidence_file.file.storage.delete(evidence_file.file.name)
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:my-data-export"))
    stored = StoredFile.objects.get(kind="subject-access")
    assert stored.status == StoredFile.Status.READY and len(stored.missing) == 1
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(client.get(reverse("files:download", args=[stored.pk])).streaming_content))
    )
    assert "portfolio.Evidence" in json.loads(archive.read("data.json"))["holdings"]  # everything else is there
    assert stored.missing[0] in archive.read("missing-files.txt").decode()
    assert "could not be read" in client.get(reverse("files:status", args=[stored.pk])).content.decode()


def test_a_participant_asks_for_erasure_and_the_provider_sees_the_one_month_clock(client, cast):
    from cohorts.models import ActivityEntry
    from privacy.models import ErasureRequest

    with time_machine.travel(dt.datetime(2027, 1, 31, 12, tzinfo=dt.UTC), tick=False):
        client.force_login(cast.participant_a1)
        response = client.post(reverse("privacy:my-erasure-request"), {"reason": "I have left teaching."}, follow=True)
        page = response.content.decode()
        assert "they answer by 28 February 2027" in page  # one calendar month, to the month's end
        assert "answer due by 28 February 2027" in page
        again = client.post(reverse("privacy:my-erasure-request"), follow=True).content.decode()
        assert "You have asked already" in again
    request = ErasureRequest.objects.get()
    assert (request.provider, request.status, request.reason) == (cast.provider_a, "open", "I have left teaching.")
    assert OutboxEmail.objects.filter(to=cast.admin_a.email, subject__contains="answer by 28 February 2027").exists()
    assert not OutboxEmail.objects.filter(to=cast.admin_b.email).exists()
    assert ActivityEntry.objects.filter(action="privacy.erasure-asked", about=cast.participant_a1).exists()
    client.force_login(cast.admin_a)
    enrolment = cast.participant_a1.enrolments.get()
    page = client.get(reverse("privacy:participant", args=[enrolment.pk])).content.decode()
    assert "answer by <strong>28 February 2027</strong>" in page and "I have left teaching." in page
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    services.participant_erase(user=cast.participant_a1, by=cast.admin_a, today=dt.date(2027, 2, 10))
    request.refresh_from_db()
    assert (request.status, request.reason) == ("erased", "")  # answered, and what they wrote is gone
    # Nobody without a place has anyone to ask.
    client.force_login(cast.tutor_a1)
    assert "nothing to ask" in client.post(reverse("privacy:my-erasure-request"), follow=True).content.decode()


def test_the_export_has_a_readable_index_beside_the_json(cast):
    person, _, _ = _person_with_everything(cast)
    archive = zipfile.ZipFile(io.BytesIO(services.subject_access_zip(person)))
    assert {"data.json", "index.html"} <= set(archive.namelist())
    index = archive.read("index.html").decode()
    assert "<h1>Your personal data</h1>" in index and "Why it is held:" in index
    assert person.email in index and "Provision map" in index
    assert 'href="files/portfolio.EvidenceFile/' in index
