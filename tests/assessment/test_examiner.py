"""External examiners: invited for named cohorts until a date, they read the sample with every mark, the
sampled work and portfolios, the scheme and the exam-board report (no contact details), and file reports
the provider answers. Access ends with the date, on the next request."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assessment import services
from assessment.models import ExaminerReport, Submission
from cohorts.models import ActivityEntry, Membership
from cohorts.services import invitation_send
from nasenco.mail.models import OutboxEmail
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "kettle-harbour-lantern"


@pytest.fixture
def sampled(cast):
    component = services.component_create(programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7")
    submission = factories.hand_in(cast.participant_a1.enrolments.get(), component)
    marks = {c.pk: 62 for c in component.criteria.all()}
    services.mark_save(
        submission=submission,
        by=cast.tutor_a1,
        criterion_marks=marks,
        feedback="Clear analysis.",
        expected_version=submission.version,
    )
    services.sample_draw(cohort=cast.cohort_a1, component=component, by=cast.admin_a)
    services.moderation_mark_save(submission=submission, by=cast.admin_a, mark=64, comment="Agree, slightly generous.")
    return Submission.objects.get(pk=submission.pk)


def test_an_invited_examiner_joins_for_one_cohort_and_reads_the_sample_without_contact_details(client, cast, sampled):
    ends = timezone.localdate() + dt.timedelta(days=90)
    invitation_send(
        provider=cast.provider_a,
        email="ex@uni.example",
        role="examiner",
        by=cast.admin_a,
        ends_on=ends,
        cohorts=[cast.cohort_a1],
    )
    body = OutboxEmail.objects.get(to="ex@uni.example").body_text
    link = re.search(r"https?://[^/\s]+(/cohorts/join/\S+/)", body).group(1)
    client.post(link, {"full_name": "Prof. Eve Examiner", "password1": PASSWORD, "password2": PASSWORD})
    membership = Membership.objects.get(user__email="ex@uni.example")
    assert (
        membership.role == "examiner"
        and membership.ends_on == ends
        and list(membership.cohorts.all()) == [cast.cohort_a1]
    )

    page = client.get(reverse("assessment:examiner-cohort", args=[cast.cohort_a1.pk])).content.decode()
    assert "Clear analysis." in page and "Second marker: 64" in page and "Agree, slightly generous." in page
    assert cast.participant_a1.full_name in page and cast.participant_a1.email not in page  # no contact details
    assert client.get(reverse("assessment:examiner-cohort", args=[cast.cohort_a2.pk])).status_code == 404
    assert client.get(reverse("cohorts:cohort-detail", args=[cast.cohort_a1.pk])).status_code == 404  # not staff
    work = client.get(reverse("assessment:examiner-work", args=[sampled.pk]))
    assert work.status_code == 200 and b"".join(work.streaming_content).startswith(b"%PDF")
    assert ActivityEntry.objects.filter(
        action="download.opened", by=membership.user, about=cast.participant_a1
    ).exists()
    assert client.get(reverse("assessment:examiner-portfolio", args=[sampled.pk])).status_code == 200


def test_a_report_is_filed_answered_and_seen_by_both(client, cast, sampled):
    client.force_login(cast.examiner_a1)
    url = reverse("assessment:examiner-cohort", args=[cast.cohort_a1.pk])
    assert client.post(url, {"text": "Marking is consistent and well moderated."}).status_code == 302
    report = ExaminerReport.objects.get()
    client.force_login(cast.admin_a)
    page = client.get(reverse("assessment:examiner-reports", args=[cast.cohort_a1.pk])).content.decode()
    assert "Marking is consistent" in page
    client.post(
        reverse("assessment:examiner-report-answer", args=[report.pk]), {"response": "Thank you; noted for next year."}
    )
    client.force_login(cast.examiner_a1)
    assert "Thank you; noted for next year." in client.get(url).content.decode()
    assert set(ActivityEntry.objects.values_list("action", flat=True)) >= {"examiner.report", "examiner.answered"}


def test_an_empty_report_is_refused_with_what_to_do(client, cast):
    client.force_login(cast.examiner_a1)
    page = client.post(reverse("assessment:examiner-cohort", args=[cast.cohort_a1.pk]), {"text": ""}).content.decode()
    assert "Fill this in to continue." in page and not ExaminerReport.objects.exists()


def test_access_ends_after_the_last_day_on_the_next_request(client, cast):
    membership = cast.examiner_a1.memberships.get()
    last = membership.ends_on
    with time_machine.travel(dt.datetime.combine(last, dt.time(20), tzinfo=dt.UTC)):
        client.force_login(cast.examiner_a1)
        assert client.get(reverse("assessment:examiner-cohort", args=[cast.cohort_a1.pk])).status_code == 200
    with time_machine.travel(dt.datetime.combine(last + dt.timedelta(days=1), dt.time(6), tzinfo=dt.UTC)):
        assert client.get(reverse("assessment:examiner-cohort", args=[cast.cohort_a1.pk])).status_code == 403


def test_an_examiner_invitation_needs_cohorts_and_an_end_date(client, cast):
    client.force_login(cast.admin_a)
    page = client.post(
        reverse("cohorts:staff-invite"), {"email": "ex@uni.example", "role": "examiner", "provider": cast.provider_a.pk}
    ).content.decode()
    assert "Choose the cohorts of yours this examiner sees" in page
    page = client.post(
        reverse("cohorts:staff-invite"),
        {"email": "ex@uni.example", "role": "examiner", "provider": cast.provider_a.pk, "cohorts": [cast.cohort_b1.pk]},
    ).content.decode()
    assert "Select a valid choice" in page  # another provider's cohort is not offered


def test_an_examiners_menu_offers_examining_not_applying(client, cast):
    client.force_login(cast.examiner_a1)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("assessment:examiner") in page and reverse("enrolment:apply") not in page
