"""My work: what waits for a tutor or an admin, linked, with "Save and open the next" when marking, and an
email to a marker when work is allocated."""

import datetime as dt

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Extension
from assessment.work import my_work
from nasenco.mail.models import OutboxEmail
from portfolio import services as portfolio
from portfolio.models import Outcome
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def component(cast):
    return services.component_create(
        programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7", credits=30, word_limit=5000
    )


def _waiting(cast, component, people: int):
    places = [cast.participant_a1.enrolments.get()]
    places += [factories.EnrolmentFactory(cohort=cast.cohort_a1) for _ in range(people - 1)]
    for place in places:
        factories.hand_in(place, component)
        evidence = factories.EvidenceFactory(portfolio=portfolio.portfolio_for(place))
        outcome = Outcome.objects.filter(framework=evidence.portfolio.framework).first()
        portfolio.mapping_add(evidence=evidence, outcome=outcome, justification="x", by=place.participant)
        Extension.objects.create(enrolment=place, component=component, until=dt.date(2030, 1, 1), reason="Ill")
    services.allocate_balanced(cohort=cast.cohort_a1, markers=[cast.tutor_a1], by=cast.admin_a)
    return places


def test_a_tutor_sees_marking_review_and_todays_register_and_an_admin_the_requests(cast, component):
    _waiting(cast, component, 2)
    today = cast.cohort_a1.days.get(number=1).date
    tutor = {k.key: k for k in my_work(cast.tutor_a1, today=today)}
    assert (tutor["mark"].count, tutor["review"].count, tutor["register"].count) == (2, 2, 1)
    assert tutor["mark"].items[0]["url"].startswith("/assessment/submissions/")
    assert "extension" not in tutor  # an admin's decision
    admin = {k.key: k for k in my_work(cast.admin_a, today=today)}
    assert admin["extension"].count == 2 and "mark" not in admin
    other = my_work(cast.admin_b, today=today)  # another provider: only its own register, nothing of A's
    assert [(k.key, [i["label"] for i in k.items]) for k in other] == [("register", ["B1, Day 1"])]
    email = OutboxEmail.objects.get(template="assessment/email/allocated")
    assert (
        email.to == cast.tutor_a1.email
        and email.subject == "National Award: 2 pieces of work to mark for A1 — NASENCO Portal"
    )


def test_allocation_is_a_notification_in_the_portal_too(client, cast, component):
    from reminders.models import Reminder

    _waiting(cast, component, 2)
    notification = Reminder.objects.get(rule="allocated")
    assert notification.recipient == cast.tutor_a1 and notification.link == reverse("assessment:my-work")
    assert notification.email.template == "assessment/email/allocated" and notification.read_at is None
    client.force_login(cast.tutor_a1)
    page = client.get(reverse("reminders:notifications")).content.decode()
    assert "2 pieces of work to mark for A1" in page and reverse("assessment:my-work") in page


def test_a_marker_can_switch_allocation_emails_off_in_one_click_and_still_sees_the_work(client, cast, component):
    """Allocation emails carry List-Unsubscribe (RFC 8058) and the provider's address for replies (its contact
    email when no reply-to is set); switched off, only the email stops: the notification and My work stay."""
    from django.conf import settings

    from reminders.models import Reminder, ReminderOptOut

    cast.provider_a.reply_to, cast.provider_a.contact_email = "", "courses@provider-a.example"
    cast.provider_a.save()
    _waiting(cast, component, 1)
    email = OutboxEmail.objects.get(template="assessment/email/allocated")
    assert email.reply_to == "courses@provider-a.example"
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = email.headers["List-Unsubscribe"].strip("<>").removeprefix(settings.SITE_URL)
    assert client.post(link, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert ReminderOptOut.objects.filter(user=cast.tutor_a1, rule="allocated").exists()

    other = factories.EnrolmentFactory(cohort=cast.cohort_a1)  # another piece, allocated after switching off
    factories.hand_in(other, component)
    services.allocate_balanced(cohort=cast.cohort_a1, markers=[cast.tutor_a1], by=cast.admin_a)
    assert OutboxEmail.objects.filter(template="assessment/email/allocated").count() == 1
    assert Reminder.objects.filter(rule="allocated", recipient=cast.tutor_a1).count() == 2
    assert {k.key: k.count for k in my_work(cast.tutor_a1, today=dt.date(2030, 1, 1))}["mark"] == 2


@pytest.mark.parametrize("people", [1, 4])
def test_the_my_work_page_query_count_does_not_grow(client, cast, component, people, django_assert_num_queries):
    _waiting(cast, component, people)
    client.force_login(cast.tutor_a1)
    with django_assert_num_queries(14):
        page = client.get(reverse("assessment:my-work")).content.decode()
    assert page.count("/assessment/submissions/") == people


def test_save_and_open_the_next_goes_to_the_next_piece_then_to_my_work(client, cast, component):
    places = _waiting(cast, component, 2)
    pieces = [p.submissions.get() for p in places]
    client.force_login(cast.tutor_a1)
    marks = {f"c{c.pk}": 62 for c in component.criteria.all()}
    response = client.post(
        reverse("assessment:mark", args=[pieces[0].pk]), {"version": 1, "feedback": "Good.", "next": "1", **marks}
    )
    assert response["Location"] == reverse("assessment:mark", args=[pieces[1].pk])
    response = client.post(
        reverse("assessment:mark", args=[pieces[1].pk]), {"version": 1, "feedback": "Good.", "next": "1", **marks}
    )
    assert response["Location"] == reverse("assessment:my-work")


def test_the_marking_screen_is_read_only_once_the_mark_is_released(client, cast, component):
    from assessment.models import Submission

    piece = _waiting(cast, component, 1)[0].submissions.get()
    Submission.objects.filter(pk=piece.pk).update(status="released", final_mark=64, passed=True, feedback="Clear.")
    client.force_login(cast.tutor_a1)
    page = client.get(reverse("assessment:mark", args=[piece.pk])).content.decode()
    assert "can no longer be changed here" in page and "Save mark" not in page and "Clear." in page


def test_a_count_past_a_thousand_is_shown_as_more_than_a_thousand():
    from assessment.work import COUNT_CAP, Kind

    assert [Kind("mark", "Work to mark", n).shown_count for n in (7, COUNT_CAP, COUNT_CAP + 1)] == [
        "7",
        "1,000",
        "1,000+",
    ]
