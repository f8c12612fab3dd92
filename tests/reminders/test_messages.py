"""Staff write to a cohort or a group of it: a draft shows who it goes to and how it reads, sending stores
one email and one notification per person (never twice), with placeholders filled, an optional
attachment only its recipients and the cohort's staff can open, and a log per cohort."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment import services as assessment
from cohorts.models import ActivityEntry, Attendance
from nasenco.files.samples import SMALL_PDF
from nasenco.mail.models import OutboxEmail
from reminders.messages import recipients
from reminders.models import Message, Reminder
from tests import factories

pytestmark = pytest.mark.django_db


def _compose(client, cast, **data):
    client.force_login(cast.admin_a)
    form = {
        "audience": "everyone",
        "subject": "Day 2 moves, {name}",
        "body": "Dear {participant},\nsee {link}.",
        **data,
    }
    return client.post(reverse("reminders:cohort-messages", args=[cast.cohort_a1.pk]), form)


def test_write_check_and_send_to_everyone_with_placeholders_and_an_attachment(client, cast):
    second = factories.EnrolmentFactory(cohort=cast.cohort_a1).participant
    response = _compose(client, cast, attachment=SimpleUploadedFile("Reading list.pdf", SMALL_PDF))
    assert response.status_code == 302
    draft = Message.objects.get()
    assert draft.sent_at is None and not OutboxEmail.objects.filter(template="reminders/email/message").exists()
    page = client.get(response.url).content.decode()
    assert "Send to 2 people" in page and cast.participant_a1.full_name in page and second.full_name in page

    assert client.post(reverse("reminders:message-send", args=[draft.pk])).status_code == 302
    emails = OutboxEmail.objects.filter(template="reminders/email/message").order_by("to")
    assert emails.count() == 2
    mine = emails.get(to=cast.participant_a1.email)
    assert mine.subject == f"National Award: Day 2 moves, {cast.participant_a1.get_short_name()} — NASENCO Portal"
    assert f"Dear {cast.participant_a1.full_name}," in mine.body_text and "Reading list.pdf" in mine.body_text
    notice = Reminder.objects.get(recipient=cast.participant_a1, rule="message")
    assert notice.link == reverse("reminders:message-attachment", args=[draft.pk])
    assert ActivityEntry.objects.filter(action="message.sent", by=cast.admin_a).count() == 1

    again = client.post(reverse("reminders:message-send", args=[draft.pk]), follow=True)
    assert "already been sent" in again.content.decode() and emails.count() == 2  # never twice
    log = client.get(reverse("reminders:cohort-messages", args=[cast.cohort_a1.pk])).content.decode()
    assert "Day 2 moves, {name}" in log and "Everyone on A1" in log

    client.force_login(cast.participant_a1)
    download = client.get(reverse("reminders:message-attachment", args=[draft.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == SMALL_PDF
    client.force_login(cast.participant_a2)  # not a recipient, not staff
    assert client.get(reverse("reminders:message-attachment", args=[draft.pk])).status_code == 404


def test_wrong_placeholders_and_hostile_attachments_keep_the_form(client, cast):
    page = _compose(client, cast, body="Dear {nmae}").content.decode()
    assert "{nmae}" in page and "Dear {nmae}" in page
    page = _compose(client, cast, attachment=SimpleUploadedFile("x.pdf", b"MZ\x90 not a pdf")).content.decode()
    assert "not really" in page and "Day 2 moves, {name}" in page
    assert not Message.objects.exists()


def test_groups_not_handed_in_and_attendance_below_the_minimum(cast):
    component = assessment.component_create(programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7")
    late = factories.EnrolmentFactory(cohort=cast.cohort_a1).participant
    factories.hand_in(cast.participant_a1.enrolments.get(), component)
    today = dt.date(2030, 1, 1)  # every session held
    assert recipients(cast.cohort_a1, f"not-handed-in:{component.pk}", today=today) == [late]
    for day in cast.cohort_a1.days.filter(number__gt=0):
        Attendance.objects.create(day=day, participant=cast.participant_a1, status="present")
    assert recipients(cast.cohort_a1, "attendance-below", today=today) == [late]
    first_day = cast.cohort_a1.days.order_by("date").first().date
    assert recipients(cast.cohort_a1, "attendance-below", today=first_day - dt.timedelta(days=1)) == []


def test_nobody_in_the_group_means_nothing_to_send_and_a_draft_can_be_discarded(client, cast):
    component = assessment.component_create(programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7")
    factories.hand_in(cast.participant_a1.enrolments.get(), component)
    response = _compose(client, cast, audience=f"not-handed-in:{component.pk}")
    draft = Message.objects.get()
    assert "Nobody is in this group today" in client.get(response.url).content.decode()
    refused = client.post(reverse("reminders:message-send", args=[draft.pk]), follow=True)
    assert "no one to send it to" in refused.content.decode()
    client.post(reverse("reminders:message-discard", args=[draft.pk]))
    assert not Message.objects.exists()


def test_tutors_of_the_cohort_may_write_others_not(client, cast):
    client.force_login(cast.tutor_a1)
    assert client.get(reverse("reminders:cohort-messages", args=[cast.cohort_a1.pk])).status_code == 200
    assert client.get(reverse("reminders:cohort-messages", args=[cast.cohort_a2.pk])).status_code == 404
    client.force_login(cast.participant_a1)
    assert client.get(reverse("reminders:cohort-messages", args=[cast.cohort_a1.pk])).status_code == 404
    client.force_login(cast.admin_b)
    assert client.get(reverse("reminders:cohort-messages", args=[cast.cohort_a1.pk])).status_code == 404


def test_a_participant_can_switch_messages_off_in_one_click_and_still_sees_them_in_the_portal(client, cast):
    from django.conf import settings

    from reminders.models import ReminderOptOut

    _compose(client, cast)
    client.post(reverse("reminders:message-send", args=[Message.objects.get().pk]))
    email = OutboxEmail.objects.get(template="reminders/email/message", to=cast.participant_a1.email)
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Auto-Submitted" not in email.headers  # written by a person: replies are welcome
    link = email.headers["List-Unsubscribe"].strip("<>").removeprefix(settings.SITE_URL)
    client.logout()
    assert client.post(link, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert ReminderOptOut.objects.filter(user=cast.participant_a1, rule="message").exists()

    _compose(client, cast, subject="Day 3 too")
    client.post(reverse("reminders:message-send", args=[Message.objects.get(subject="Day 3 too").pk]))
    assert not OutboxEmail.objects.filter(to=cast.participant_a1.email, subject__contains="Day 3").exists()
    notice = Reminder.objects.get(recipient=cast.participant_a1, subject="Day 3 too")
    assert notice.email is None
