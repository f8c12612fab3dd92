"""Optional reminders carry a one-click unsubscribe (RFC 8058) and every automatic email says it is one
(RFC 3834); the Message-ID and sender use the site's own domain."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.test import Client
from django.urls import reverse

from nasenco.mail.services import email_queue, email_send
from reminders.models import ReminderOptOut
from reminders.unsubscribe import SALT, unsubscribe_url
from tests import factories

from .conftest import fires_only_on

D = dt.date
pytestmark = pytest.mark.django_db


def test_an_optional_reminder_unsubscribes_in_one_click_and_a_statutory_one_cannot(cast, mailoutbox):
    factories.TeachingDayFactory(cohort=cast.cohort_a1, number=5, date=D(2027, 1, 20))
    stored = [r for r in fires_only_on(D(2027, 1, 13), "teaching_day") if r.to == cast.participant_a1.email]
    email = stored[0].email
    assert email.headers["Auto-Submitted"] == "auto-generated"
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = email.headers["List-Unsubscribe"].strip("<>")
    assert link.startswith(settings.SITE_URL + "/reminders/unsubscribe/")

    email_send(email_id=email.pk)
    sent = mailoutbox[-1]
    assert sent.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert sent.message()["Message-ID"].endswith(f"@{settings.EMAIL_DOMAIN}>")

    mail_client = Client(enforce_csrf_checks=True)  # a mail client: no session, no CSRF token
    path = link.removeprefix(settings.SITE_URL)
    assert "Switch it off" in mail_client.get(path).content.decode()
    assert not ReminderOptOut.objects.filter(user=cast.participant_a1).exists()  # opening it changes nothing
    response = mail_client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Reminder switched off" in response.content.decode()
    assert ReminderOptOut.objects.filter(user=cast.participant_a1, rule="teaching_day").exists()

    forged = unsubscribe_url(user_id=cast.participant_a1.pk, rule="statutory_deadline").removeprefix(settings.SITE_URL)
    assert mail_client.post(forged).status_code == 404  # required reminders cannot be switched off
    assert mail_client.post(path[:-6] + "xx/").status_code == 404  # altered


def test_a_message_written_by_staff_is_not_marked_automatic():
    person = email_queue(
        to="a@school.example",
        template="reminders/email/message",
        context={"subject": "Hi", "body": "Hi"},
        automatic=False,
    )
    automatic = email_queue(
        to="b@school.example", template="reminders/email/message", context={"subject": "Hi", "body": "Hi"}
    )
    assert "Auto-Submitted" not in person.headers and automatic.headers["Auto-Submitted"] == "auto-generated"


def test_the_link_is_what_reversing_the_url_with_the_token_gives():
    """The URL is reversed once and the token put in its place (a sweep writes thousands of links)."""
    with time_machine.travel(dt.datetime(2026, 11, 24, 6, tzinfo=dt.UTC), tick=False):
        for user_id in (1, 4021, 987654):
            token = signing.dumps({"u": user_id, "r": "teaching_day"}, salt=SALT, compress=True)
            expected = settings.SITE_URL + reverse("reminders:unsubscribe", kwargs={"token": token})
            assert unsubscribe_url(user_id=user_id, rule="teaching_day") == expected
