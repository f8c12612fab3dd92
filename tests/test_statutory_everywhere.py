"""One truth, shown everywhere: every page that shows a person's statutory deadline shows the same date and
the same status, on the same (pinned) day."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from assessment.documents import exam_board_pdf
from assessment.models import Award
from cohorts.models import Cohort
from enrolment.models import Enrolment
from enrolment.services import enrolment_transition
from reminders import services as reminder_services
from reminders.models import Reminder
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)
DEADLINE = "31 August 2027"  # appointed 6 January 2025 on a National Award course started in 2023: capped


def _checker_answers(cohort) -> dict:
    return {
        "qualified_status": "QTS",
        "qualified_on": "2012-07-20",
        "induction": "completed",
        "setting": "maintained",
        "role": "designated",
        "appointed_on": "2025-01-06",
        "cohort": cohort.pk,
        "spells-TOTAL_FORMS": "0",
        "spells-INITIAL_FORMS": "0",
    }


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _pdf_text(response_or_bytes) -> str:
    content = getattr(response_or_bytes, "content", response_or_bytes)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def person(cast):
    cast.cohort_a1.status = Cohort.Status.OPEN  # so the public checker can name the same course
    cast.cohort_a1.save()
    factories.ProfileFactory(user=cast.participant_a1, appointed_senco_on=dt.date(2025, 1, 6))
    return cast.participant_a1.enrolments.get()


@time_machine.travel(TODAY, tick=False)
def test_every_page_shows_the_same_deadline_and_status(client, cast, person):
    status = "Due within a year"  # 183 days to go
    seen = {}

    client.force_login(cast.participant_a1)
    seen["dashboard"] = client.get(reverse("dashboard")).content.decode()
    seen["application"] = client.get(reverse("enrolment:application", args=[person.cohort_id])).content.decode()
    client.logout()
    seen["checker"] = client.post(reverse("enrolment:eligibility"), _checker_answers(person.cohort)).content.decode()

    client.force_login(cast.admin_a)
    seen["pipeline"] = client.get(reverse("enrolment:pipeline-detail", args=[person.pk])).content.decode()
    seen["at-risk"] = client.get(reverse("enrolment:at-risk")).content.decode()
    for page, html in seen.items():
        assert DEADLINE in html, page
        assert f'data-deadline-status="close">{status}<' in html, page

    [row] = list(_csv(client.get(reverse("enrolment:cohort-csv", args=[person.cohort_id])))[1:])
    assert (row[8], row[9]) == ("2027-08-31", status)
    board = _csv(client.get(reverse("assessment:exam-board-csv", args=[person.cohort_id])))
    assert board[1][-2:] == [DEADLINE, status]
    assert DEADLINE in _pdf_text(exam_board_pdf(person.cohort))

    reminder_services.reminders_sweep(today=dt.date(2027, 2, 28))  # six months before the deadline
    reminder = Reminder.objects.get(rule="statutory_deadline", recipient=cast.participant_a1)
    assert DEADLINE in reminder.body and "National Award for SEN Coordination" in reminder.body


@time_machine.travel(TODAY, tick=False)
def test_once_the_award_is_held_every_page_says_it_was_in_time(client, cast, person):
    award = Award.objects.create(
        enrolment=person, certificate_number="NASENCO-2027-TEST", scope="full", completed_on=TODAY.date()
    )
    enrolment_transition(enrolment=person, to=Enrolment.Status.COMPLETED, by=cast.admin_a)
    person.refresh_from_db()
    assert person.completed_on == TODAY.date()
    status = "Held by the deadline"

    client.force_login(cast.participant_a1)
    for url in (reverse("dashboard"), reverse("enrolment:application", args=[person.cohort_id])):
        html = client.get(url).content.decode()
        assert DEADLINE in html and f'data-deadline-status="met">{status}<' in html, url
    # The certificate states the award, not the deadline (nothing on it may read as a failure); the
    # transcript gives the deadline and how it stood on the award's day.
    certificate = " ".join(_pdf_text(client.get(reverse("assessment:certificate", args=[award.pk]))).split())
    assert "deadline" not in certificate.lower()
    transcript = _pdf_text(client.get(reverse("assessment:transcript", args=[award.pk])))
    assert f"{DEADLINE} — {status}" in " ".join(transcript.split())
    client.force_login(cast.admin_a)
    html = client.get(reverse("enrolment:pipeline-detail", args=[person.pk])).content.decode()
    assert f'data-deadline-status="met">{status}<' in html
    assert _csv(client.get(reverse("assessment:exam-board-csv", args=[person.cohort_id])))[1][-2:] == [
        DEADLINE,
        status,
    ]


@time_machine.travel(TODAY, tick=False)
def test_the_stored_answer_follows_the_facts_behind_it(client, cast, person):
    """A changed profile, a moved timetable and changed programme terms each recompute the stored answer."""
    from cohorts import services as cohort_services
    from enrolment import services

    assert person.statutory_deadline == dt.date(2027, 8, 31)
    services.profile_save(user=cast.participant_a1, school=None, appointed_senco_on=dt.date(2024, 3, 4))
    person.refresh_from_db()
    assert person.statutory_deadline == dt.date(2027, 3, 4)
    assert person.deadline_status(TODAY.date()).value == "at_risk"

    # The cohort's assessment now ends after the deadline: at risk from the start, whatever the day.
    programme = person.cohort.programme
    cohort_services.programme_update(programme=programme, by=None, submission_window_months=48)
    person.refresh_from_db()
    assert person.deadline_risk_from == dt.date.min

    # The provider stops taking EYTS holders: an EYTS applicant's stored eligibility changes with it.
    services.profile_save(user=cast.participant_a1, school=None, qualified_status="EYTS", induction="")
    person.refresh_from_db()
    assert (person.eligible, person.award_scope) == (True, "early_years")
    cohort_services.programme_update(programme=programme, by=None, accepts_eyts=False)
    person.refresh_from_db()
    assert person.eligible is False
    assert any("does not take EYTS holders" in reason["text"] for reason in person.reasons)


@time_machine.travel(TODAY, tick=False)
def test_moving_the_last_teaching_day_recomputes_the_status(cast, person):
    """The course's end comes from its timetable: moving the last day past the deadline puts the place at
    risk at once (the cohort app tells the enrolment app through the roster seam)."""
    from tests.cohorts.test_scheduling import rows_of, save

    assert person.deadline_status(TODAY.date()).value == "close"
    rows = rows_of(person.cohort)
    rows[-1].date = dt.date(2027, 9, 10)  # after the 31 August 2027 deadline
    save(person.cohort, rows, cast.admin_a, notify=False)
    person.refresh_from_db()
    assert person.deadline_status(TODAY.date()).value == "at_risk"
    assert any("after your deadline" in reason["text"] for reason in person.deadline_reasons)


@time_machine.travel(TODAY, tick=False)
def test_someone_this_course_cannot_qualify_is_not_eligible_on_every_page(client, cast, person):
    """One answer: "Not eligible for this course" on her application, her dashboard, her head's view, the
    admin's page and the exam board, never "on track" on one of them."""
    from schools import services as school_services
    from tests.schools.helpers import head_of

    Enrolment.objects.filter(pk=person.pk).update(
        eligible=False, headteacher_email="head@meadow.example", headteacher_name="Ms Head"
    )
    badge = 'data-deadline-status="not_eligible">Not eligible for this course<'
    client.force_login(cast.participant_a1)
    for url in (reverse("dashboard"), reverse("enrolment:application", args=[person.cohort_id])):
        html = client.get(url).content.decode()
        assert badge in html and 'data-deadline-status="close"' not in html, url
    token = school_services.head_token(head_of(Enrolment.objects.get(pk=person.pk)))
    client.logout()
    head = client.get(reverse("assessment:head", kwargs={"token": token})).content.decode()
    assert badge in head and 'data-deadline-status="close"' not in head
    client.force_login(cast.admin_a)
    assert badge in client.get(reverse("enrolment:pipeline-detail", args=[person.pk])).content.decode()
    rows = _csv(client.get(reverse("assessment:exam-board-csv", args=[person.cohort_id])))
    assert rows[1][-1] == "Not eligible for this course"
