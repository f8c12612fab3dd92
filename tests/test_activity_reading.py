"""Reading the activity log: opening sensitive files is recorded, the log cannot be edited, admins read only
their own provider's entries with filters, and erasure empties the detail about the erased person. (Which
services write it: tests/test_activity_log.py.)"""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorts import services as cohorts
from cohorts.models import ActivityEntry, Venue
from enrolment import services as enrolment
from enrolment.models import Enrolment
from nasenco.files.samples import SMALL_PDF
from nasenco.files.uploads import check_upload
from portfolio import services as portfolio
from privacy import services as privacy
from tests import factories
from tests.test_activity_log import _evidence, _uploaded_declaration, _work, make_component

pytestmark = pytest.mark.django_db


@pytest.fixture
def component(cast):
    return make_component(cast)


def _entries(**filters):
    return list(ActivityEntry.objects.filter(**filters).order_by("pk"))


def _download(client, url) -> int:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def test_staff_opening_sensitive_files_and_exports_is_recorded_and_the_owner_opening_theirs_is_not(
    client, cast, component
):
    declaration = _uploaded_declaration(cast)
    submission = _work(cast, component)
    evidence, _ = _evidence(cast)
    upload = SimpleUploadedFile("minutes.pdf", SMALL_PDF)
    stored = portfolio.evidence_save(
        portfolio=evidence.portfolio,
        evidence=evidence,
        fields={},
        files=[(upload, check_upload(upload, max_bytes=10_000_000))],
        expected_version=evidence.version,
    ).files.get()
    client.force_login(cast.participant_a1)
    assert _download(client, reverse("portfolio:evidence-file", args=[evidence.pk, stored.pk])) == 200
    assert _download(client, reverse("assessment:submission-file", args=[submission.pk])) == 200
    assert not _entries(action="download.opened"), "a participant opening their own files is not an access"

    client.force_login(cast.admin_a)
    opened = [
        reverse("enrolment:declaration-scan", args=[declaration.enrolment_id]),
        reverse("portfolio:evidence-file", args=[evidence.pk, stored.pk]),
        reverse("assessment:submission-file", args=[submission.pk]),
        reverse("enrolment:cohort-csv", args=[cast.cohort_a1.pk]),
        reverse("assessment:exam-board-csv", args=[cast.cohort_a1.pk]),
    ]
    for url in opened:
        assert _download(client, url) == 200, url
    entries = _entries(action="download.opened")
    assert [e.by for e in entries] == [cast.admin_a] * 5
    assert {e.provider_id for e in entries} == {cast.provider_a.pk}
    assert [e.summary for e in entries] == [
        "Opened the signed headteacher declaration",
        f"Opened evidence “{evidence.title}”",
        "Opened the work handed in",
        "Opened the participants' CSV (2 rows)",
        "Opened the exam-board report (CSV)",
    ]
    assert entries[0].about == declaration.enrolment.participant
    assert entries[1].about == entries[2].about == cast.participant_a1


def test_the_log_is_append_only(cast):
    entry = cohorts.activity_record(
        provider_id=cast.provider_a.pk, by=cast.admin_a, action="staff.granted", summary="x"
    )
    entry.summary = "changed"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    with pytest.raises(ValueError, match="Unknown kind"):
        cohorts.activity_record(provider_id=cast.provider_a.pk, by=None, action="nonsense.thing", summary="x")
    assert ActivityEntry.objects.get(pk=entry.pk).summary == "x"


def _log(client, **params):
    response = client.get(reverse("cohorts:activity"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_admins_read_their_own_providers_log_filtered_by_person_words_kind_date_and_object(client, cast):
    with time_machine.travel(dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC)):
        cohorts.venue_create(provider=cast.provider_a, name="Old Library", by=cast.admin_a)
    with time_machine.travel(dt.datetime(2025, 3, 10, 10, tzinfo=dt.UTC)):
        cohorts.attendance_record(
            day=cast.cohort_a1.days.get(number=1), marks={cast.participant_a1.pk: "absent"}, by=cast.tutor_a1
        )
        cohorts.venue_create(provider=cast.provider_b, name="Provider B's secret hall", by=cast.admin_b)
    venue = Venue.objects.get(name="Old Library")
    with time_machine.travel(dt.datetime(2025, 3, 12, 10, tzinfo=dt.UTC)):
        cohorts.venue_update(venue=venue, postcode="CB1 1AA", by=cast.admin_a)

    client.force_login(cast.admin_a)
    page = _log(client)
    assert "Old Library" in page and "Register taken" in page and "secret hall" not in page
    assert "3 March 2025" in page and "<del>" in page  # the postcode's old value struck through
    assert "Old Library" not in _log(client, who=cast.tutor_a1.full_name)
    assert "Register taken" in _log(client, who=cast.tutor_a1.full_name)
    assert "Register taken" not in _log(client, kind="settings")
    assert "Venue added" not in _log(client, since="2025-03-04")
    assert "Venue added" in _log(client, until="2025-03-03") and "Register taken" not in _log(
        client, until="2025-03-03"
    )
    history = _log(client, object=f"cohorts.venue:{venue.pk}")
    assert "Venue added" in history and "Venue changed" in history and "Register taken" not in history
    assert "Nothing matches these filters" in _log(client, text="no such words")
    bad = _log(client, since="2025-03-12", until="2025-03-01")
    assert "The end date is before the start date." in bad and "Venue added" not in bad
    assert "Enter a valid date" in _log(client, since="31/02/2025")

    client.force_login(cast.admin_b)
    assert "Old Library" not in _log(client) and "secret hall" in _log(client)


@pytest.mark.parametrize("entries", [3, 30])
def test_the_log_page_query_count_does_not_grow(client, cast, entries, django_assert_num_queries):
    for n in range(entries):
        cohorts.activity_record(
            provider_id=cast.provider_a.pk, by=cast.admin_a, action="staff.granted", summary=f"Entry {n}"
        )
    client.force_login(cast.admin_a)
    with django_assert_num_queries(7):
        _log(client)


def test_erasure_keeps_what_was_done_but_not_about_whom(cast):
    place = factories.EnrolmentFactory(cohort=cast.cohort_a1, status=Enrolment.Status.ACCEPTED)
    person = place.participant
    enrolment.enrolment_transition(enrolment=place, to=Enrolment.Status.WITHDRAWN, by=cast.admin_a, reason="Left")
    cohorts.activity_record(
        provider_id=cast.provider_a.pk, by=person, action="portfolio.mapping", summary="x", label="y", about=None
    )
    about = ActivityEntry.objects.filter(about=person)
    assert about.exists() and person.full_name in about.first().object_label
    privacy.participant_erase(user=person, by=cast.admin_a, today=dt.date(2026, 1, 5))
    for entry in ActivityEntry.objects.filter(about=person):
        assert (entry.summary, entry.object_label, entry.changes) == ("", "", {})
        assert entry.by_name == cast.admin_a.full_name  # who did it stays
    assert ActivityEntry.objects.get(by=person).by_name == privacy.ERASED
    erased = ActivityEntry.objects.get(action="privacy.erased")
    assert erased.by == cast.admin_a and erased.object_label == privacy.ERASED
    assert not ActivityEntry.objects.filter(object_label__contains=person.email).exists()
