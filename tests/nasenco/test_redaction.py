"""Keys that are addresses (declaration links, calendar feeds, password-reset links) never reach a log."""

import logging
import re

import pytest
from django.urls import reverse

from cohorts.services import calendar_feed_for
from enrolment.models import Declaration
from enrolment.services.declarations import token_for
from nasenco.mail.models import OutboxEmail
from nasenco.redaction import redact
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("line", "clean"),
    [
        ('"GET /declaration/eyJh.Zm9v:1s:abc/ HTTP/1.1" 200', '"GET /declaration/[redacted]/ HTTP/1.1" 200'),
        ("Not Found: /declaration/abc:def/form.pdf", "Not Found: /declaration/[redacted]/form.pdf"),
        ("GET /cohorts/calendar/Zx9-token_1.ics", "GET /cohorts/calendar/[redacted].ics"),
        ("POST /cohorts/calendar/renew/", "POST /cohorts/calendar/renew/"),
        ("GET /accounts/password/reset/MQ/set-password/", "GET /accounts/password/reset/[redacted]/"),
        ("GET /accounts/password/reset/sent/", "GET /accounts/password/reset/sent/"),
        ("GET /schools/mentor/join/eyJp.abc:1x:def/", "GET /schools/mentor/join/[redacted]/"),
        ("Not Found: /assessment/heads/eyJo.x:1y:z/booklets/4/", "Not Found: /assessment/heads/[redacted]/booklets/4/"),
        ("POST /assessment/heads/new-link/", "POST /assessment/heads/new-link/"),
        ("GET /assessment/heads/mine/", "GET /assessment/heads/mine/"),
        ("POST /reminders/unsubscribe/eJyr.q:1z:w/", "POST /reminders/unsubscribe/[redacted]/"),
    ],
)
def test_redact(line, clean):
    assert redact(line) == clean


def test_a_whole_journey_logs_no_key(client, cast, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.DEBUG)
    declaration = factories.DeclarationFactory(enrolment__cohort=cast.cohort_a1, status=Declaration.Status.SENT)
    token = token_for(declaration)
    feed = calendar_feed_for(cast.participant_a1).token
    secrets = [token, feed]

    assert client.get(reverse("enrolment:declaration", args=[token])).status_code == 200
    assert client.get(reverse("enrolment:declaration-pdf", args=[token])).status_code == 200
    tampered = token[:-3] + "xyz"
    secrets.append(tampered)
    assert client.get(reverse("enrolment:declaration", args=[tampered])).status_code == 404
    assert client.get(reverse("cohorts:calendar-feed", args=[feed])).status_code == 200
    assert client.get(reverse("cohorts:calendar-feed", args=[feed + "x"])).status_code == 404

    factories.UserFactory(email="sam@school.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": "sam@school.example"})
    link = re.search(r"(/accounts/password/reset/\S+/)", OutboxEmail.objects.get(to="sam@school.example").body_text)
    reset_token = link.group(1).split("/")[-2]
    secrets.append(reset_token)
    client.get(link.group(1) + "x/")  # a broken reset link: 404, logged

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "[redacted]" in logged  # the 404s were logged, without their keys
    for secret in secrets:
        assert secret not in logged
