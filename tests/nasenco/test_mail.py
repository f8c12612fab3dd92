import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from nasenco.mail.models import OutboxEmail
from nasenco.mail.services import GIVE_UP_AFTER, email_queue, email_send, emails_due, subject_line
from tests import factories

pytestmark = pytest.mark.django_db


def _queue(**extra):
    user = factories.UserFactory(full_name="Sarah Ahmed", email="sarah@school.example")
    context = {"user": user, "uid": "MQ", "token": "abc-123"}
    return email_queue(to=user.email, template="accounts/email/password_reset", context=context, **extra)


def test_queue_stores_rendered_row_and_sends_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue()
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert email.subject == "Reset your NASENCO Portal password"
    assert "/accounts/password/reset/MQ/abc-123/" in email.body_text
    assert '<a href="http://localhost:8000/accounts/password/reset/MQ/abc-123/">' in email.body_html
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["sarah@school.example"]
    assert sent.alternatives[0][1] == "text/html"


def test_nothing_is_sent_if_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _queue()
    assert len(callbacks) == 1  # queued for after commit, not sent inside the transaction
    assert mail.outbox == []


def test_a_keyed_email_is_stored_once():
    first = _queue(key="reminder:42:90-days")
    second = email_queue(
        to="sarah@school.example",
        template="accounts/email/password_reset",
        context={"user": first, "uid": "MQ", "token": "x"},
        key="reminder:42:90-days",
    )
    assert second is None
    assert OutboxEmail.objects.filter(key="reminder:42:90-days").count() == 1


def test_sending_twice_sends_once():
    email = _queue()
    assert email_send(email_id=email.pk) is True
    assert email_send(email_id=email.pk) is False
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1 and email.sent_at is not None


class _BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("connection lost")


def test_a_mail_server_down_is_tried_for_a_day_then_given_up(settings):
    """Issue 25 (8): five minutes without SMTP used to fail most emails for good after five quick tries."""
    settings.EMAIL_BACKEND = f"{__name__}._BrokenBackend"
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        email = _queue()
        waits = []
        while True:
            with pytest.raises(smtplib.SMTPServerDisconnected):
                email_send(email_id=email.pk)
            email.refresh_from_db()
            if email.status == OutboxEmail.Status.FAILED:
                break
            assert email.status == OutboxEmail.Status.QUEUED and "connection lost" in email.last_error
            waits.append(email.next_attempt_at - timezone.now())
            assert list(emails_due()) == []  # not before its time
            clock.move_to(email.next_attempt_at)
            assert list(emails_due()) == [email]
    assert waits[:6] == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 30)]
    assert max(waits) == dt.timedelta(minutes=30)  # never longer: well inside the broker's visibility timeout
    assert timezone.now() - start >= GIVE_UP_AFTER
    assert email.attempts > 50  # a day of tries, not five
    assert email_send(email_id=email.pk) is False  # a failed row is not retried by accident


class _RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"nobody@school.example": (550, b"5.1.1 No such mailbox")})


def test_a_recipient_refused_for_good_fails_at_once(settings):
    settings.EMAIL_BACKEND = f"{__name__}._RefusingBackend"
    email = _queue()
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.FAILED and "No such mailbox" in email.last_error


@pytest.mark.parametrize(
    "subject, programme, expected",
    [
        ("Your mark is ready", "NPQSENCO", "NPQSENCO: Your mark is ready — NASENCO Portal"),
        ("Your mark is ready", "National Award", "National Award: Your mark is ready — NASENCO Portal"),
        ("NPQSENCO: already named", "NPQSENCO", "NPQSENCO: already named — NASENCO Portal"),
        ("Reset your NASENCO Portal password", "", "Reset your NASENCO Portal password"),
        ("  Spread\n over lines ", "", "Spread over lines — NASENCO Portal"),
    ],
)
def test_every_subject_names_the_programme_and_the_portal(subject, programme, expected):
    assert subject_line(subject, programme=programme) == expected


@pytest.mark.django_db
def test_an_npqsenco_applicant_is_told_about_the_npqsenco():
    from enrolment.services.transitions import applicant_tell

    enrolment = factories.EnrolmentFactory(cohort__programme__qualification="NPQSENCO")
    applicant_tell(enrolment, headline="Your place is confirmed", detail="", key="confirmed")
    email = OutboxEmail.objects.get(to=enrolment.participant.email)
    assert email.subject == "NPQSENCO: Your place is confirmed — NASENCO Portal"
    assert "example" not in email.subject and "localhost" not in email.subject
