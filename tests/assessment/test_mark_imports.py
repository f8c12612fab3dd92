"""Marks given offline, from a spreadsheet: checked line by line with nothing changed, applied on
confirmation as mark-history rows marked imported with who imported them; released marks untouched."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment import services
from assessment.models import MarkChange, MarkImport, Submission
from cohorts.models import ActivityEntry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def component(cast):
    return services.component_create(programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7")


def _upload(client, cast, component, text: str):
    client.force_login(cast.admin_a)
    url = reverse("assessment:marks-upload", args=[cast.cohort_a1.pk, component.pk])
    return client.post(url, {"file": SimpleUploadedFile("marks.csv", text.encode())})


def test_marks_are_checked_then_applied_once_as_imported_history(client, cast, component):
    mine = factories.hand_in(cast.participant_a1.enrolments.get(), component)
    other = factories.EnrolmentFactory(cohort=cast.cohort_a1)
    theirs = factories.hand_in(other, component)
    absent = factories.EnrolmentFactory(cohort=cast.cohort_a1).participant
    text = (
        "Email,Mark,Feedback\n"
        f"{cast.participant_a1.email.upper()},64,Well argued.\n"
        f"{theirs.candidate_number},71,\n"
        f"{absent.email},55,\n"
        "someone@else.example,abc,\n"
        f"{cast.participant_a1.email},60,\n"
    )
    response = _upload(client, cast, component, text)
    assert response.status_code == 302
    batch = MarkImport.objects.get()
    assert [r["verdict"] for r in batch.rows] == ["mark", "mark", "no-work", "invalid", "duplicate"]
    assert Submission.objects.filter(status="marked").count() == 0  # nothing changed yet
    page = client.get(response.url).content.decode()
    assert "Record 2 marks" in page and "“abc” is not a mark from 0 to 100" in page

    client.post(reverse("assessment:marks-apply", args=[batch.pk]))
    mine.refresh_from_db()
    assert (mine.raw_mark, mine.final_mark, mine.passed, mine.status) == (64, 64, True, "marked")
    assert mine.feedback == "Well argued."
    change = MarkChange.objects.get(submission=mine)
    assert change.imported and change.by == cast.admin_a and change.new_mark == 64
    assert ActivityEntry.objects.filter(action="mark.imported", by=cast.admin_a).count() == 2
    again = client.post(reverse("assessment:marks-apply", args=[batch.pk]), follow=True)
    assert "already been applied" in again.content.decode() and MarkChange.objects.count() == 2


def test_a_released_mark_is_never_changed_from_a_file(client, cast, component):
    submission = factories.hand_in(cast.participant_a1.enrolments.get(), component)
    Submission.objects.filter(pk=submission.pk).update(status="released", raw_mark=50, final_mark=50, passed=True)
    _upload(client, cast, component, f"email,mark\n{cast.participant_a1.email},80\n")
    assert MarkImport.objects.get().rows[0]["verdict"] == "released"


def test_pass_fail_components_take_pass_or_fail(client, cast):
    component = services.component_create(
        programme=cast.cohort_a1.programme, title="Professional element", kind="pass_fail"
    )
    factories.hand_in(cast.participant_a1.enrolments.get(), component)
    _upload(client, cast, component, f"email,mark\n{cast.participant_a1.email},Pass\nx@y.example,maybe\n")
    batch = MarkImport.objects.get()
    assert [r["verdict"] for r in batch.rows] == ["mark", "invalid"] and batch.rows[0]["value"] is True


def test_a_file_without_the_columns_says_what_it_needs_and_others_cannot_see_a_batch(client, cast, component):
    page = _upload(client, cast, component, "name,score\nAnn,5\n").content.decode()
    assert "“email” (or “candidate number”) and “mark”" in page
    _upload(client, cast, component, f"email,mark\n{cast.participant_a1.email},50\n")
    batch = MarkImport.objects.get()
    for who in (cast.admin_b, cast.tutor_a1):
        client.force_login(who)
        assert client.get(reverse("assessment:marks-import", args=[batch.pk])).status_code == 404
