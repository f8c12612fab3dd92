"""The exam-board report: CSV (safe against formula injection) and PDF, with a fixed number of queries."""

import csv
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessment import services
from nasenco.files.models import StoredFile
from nasenco.files.samples import SMALL_PDF
from tests import factories

pytestmark = pytest.mark.django_db
PDF = SMALL_PDF


def with_marks(cast, extra_people: int):
    components = [
        services.component_create(programme=cast.cohort_a1.programme, title=f"Component {n}", kind="level7", credits=15)
        for n in range(4)
    ]
    people = [cast.participant_a1.enrolments.get()]
    people += [factories.EnrolmentFactory(cohort=cast.cohort_a1) for _ in range(extra_people)]
    for enrolment in people:
        for component in components:
            submission = factories.hand_in(enrolment, component, words=1000)
            services.allocate(submission=submission, marker=cast.tutor_a1, by=cast.admin_a)
            services.mark_save(
                submission=submission,
                by=cast.tutor_a1,
                criterion_marks={c.pk: 64 for c in component.criteria.all()},
                feedback="x",
                expected_version=1,
            )
    for component in components:
        factories.moderate_and_release(
            cohort=cast.cohort_a1, component=component, moderator=cast.admin_a, admin=cast.admin_a
        )
    return components


def test_csv_lists_marks_attendance_and_awards_and_defuses_formulas(client, cast):
    with_marks(cast, 0)
    cast.participant_a1.full_name = "=cmd|'/c calc'!A1"
    cast.participant_a1.save()
    client.force_login(cast.admin_a)
    response = client.get(reverse("assessment:exam-board-csv", args=[cast.cohort_a1.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Participant",
        "Component 0",
        "Component 1",
        "Component 2",
        "Component 3",
        "Attendance %",
        "Award",
        "Statutory deadline",
        "Deadline status",
    ]
    assert rows[1][0] == "'=cmd|'/c calc'!A1"
    assert rows[1][1] == "64 pass"
    assert rows[1][-3] == "not yet"
    assert rows[1][-1] == "We need to know more"  # no profile yet: the statutory answer says so


def test_pdf_report_is_rendered_by_a_worker(client, cast, django_capture_on_commit_callbacks):
    with_marks(cast, 0)
    client.force_login(cast.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessment:exam-board-pdf", args=[cast.cohort_a1.pk]))
    stored = StoredFile.objects.get(kind="exam-board")
    assert response["Location"] == reverse("files:status", args=[stored.pk])
    assert client.get(response["Location"]).status_code == 200
    download = client.get(reverse("files:download", args=[stored.pk]))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages)
    assert "Exam board report: A1" in text and "64 pass" in text


@pytest.mark.parametrize("extra_people", [0, 4])
def test_report_query_count_does_not_grow(client, cast, extra_people, django_assert_num_queries):
    with_marks(cast, extra_people)
    client.force_login(cast.admin_a)
    with django_assert_num_queries(15):
        response = client.get(reverse("assessment:exam-board-csv", args=[cast.cohort_a1.pk]))
    assert response.content.decode("utf-8-sig").count("64 pass") == 4 * (1 + extra_people)


@pytest.mark.parametrize("extra_people", [0, 4])
def test_marking_queue_query_count_does_not_grow(client, cast, extra_people, django_assert_num_queries):
    with_marks(cast, extra_people)
    client.force_login(cast.admin_a)
    with django_assert_num_queries(9):
        page = client.get(reverse("assessment:queue", args=[cast.cohort_a1.pk])).content.decode()
    assert page.count("Moderated, ready for release") + page.count("Released") >= 4 * (1 + extra_people)
