"""The pages: the admins' reminders and preview, wording, preferences, notifications and the dashboard."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from enrolment.models import Enrolment
from nasenco.mail.models import OutboxEmail
from reminders import services
from reminders.models import Reminder, ReminderOptOut, ReminderTemplate

pytestmark = pytest.mark.django_db


def test_admin_sees_sent_queued_and_failed_with_the_error_and_can_retry(
    client, cast, django_capture_on_commit_callbacks
):
    Enrolment.objects.filter(participant=cast.participant_a1).update(statutory_deadline=dt.date(2027, 8, 31))
    services.reminders_sweep(today=dt.date(2027, 5, 31))  # not dispatched: inside the test's transaction
    failed = OutboxEmail.objects.get(to=cast.participant_a1.email)
    OutboxEmail.objects.filter(pk=failed.pk).update(
        status="failed", attempts=5, last_error="SMTPRecipientsRefused: 550"
    )
    client.force_login(cast.admin_a)

    page = client.get(reverse("reminders:outbox")).content.decode()
    assert "SENCO qualification deadline in 3 months: 31 August 2027" in page
    failed_page = client.get(reverse("reminders:outbox") + "?status=failed").content.decode()
    assert "SMTPRecipientsRefused: 550" in failed_page and "5 attempts" in failed_page
    assert f"<td>{cast.admin_a.email}</td>" not in failed_page  # the admin's own copy is queued, not failed
    assert f"<td>{cast.admin_a.email}</td>" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reminders:retry", kwargs={"pk": failed.pk}))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "sent" and failed.attempts == 1
    again = client.post(reverse("reminders:retry", kwargs={"pk": failed.pk}), follow=True)
    assert "no longer marked as failed" in again.content.decode()


def test_the_outbox_counts_each_status_of_the_providers_own_reminders_only(cast):
    from reminders.selectors import status_counts

    Enrolment.objects.filter(participant=cast.participant_a1).update(statutory_deadline=dt.date(2027, 8, 31))
    services.reminders_sweep(today=dt.date(2027, 5, 31))  # two: the participant's and the admin's copy
    first, second = OutboxEmail.objects.order_by("pk")
    OutboxEmail.objects.filter(pk=first.pk).update(status="failed")
    OutboxEmail.objects.filter(pk=second.pk).update(status="sent")
    OutboxEmail.objects.create(to="x@elsewhere.example", subject="Not theirs", template="x", key="other")  # queued
    counts = status_counts([cast.provider_a.pk])
    assert (counts["queued"], counts["sending"], counts["sent"], counts["failed"], counts[""]) == (0, 0, 1, 1, 2)
    assert status_counts([cast.provider_b.pk])[""] == 0


def test_admin_of_another_provider_sees_none_of_them(client, cast):
    Enrolment.objects.filter(participant=cast.participant_a1).update(statutory_deadline=dt.date(2027, 8, 31))
    services.reminders_sweep(today=dt.date(2027, 5, 31))
    client.force_login(cast.admin_b)
    page = client.get(reverse("reminders:outbox")).content.decode()
    assert "31 August 2027" not in page and "No reminders sent yet" in page


def test_the_preview_lists_tomorrows_reminders(client, cast):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    Enrolment.objects.filter(participant=cast.participant_a1).update(statutory_deadline=tomorrow)
    client.force_login(cast.admin_a)
    page = client.get(reverse("reminders:outbox")).content.decode()
    assert "The sweep would send 2 reminders: statutory deadline approaching 2." in page  # participant, admin
    assert f"SENCO qualification deadline today: {tomorrow:%-d %B %Y}" in page
    client.force_login(cast.admin_b)
    assert "Nothing is due tomorrow." in client.get(reverse("reminders:outbox")).content.decode()


def test_wording_is_saved_checked_previewed_and_reset(client, cast):
    client.force_login(cast.admin_a)
    url = reverse("reminders:template-edit", kwargs={"provider_pk": cast.provider_a.pk, "rule": "due_date"})
    page = client.get(url).content.decode()
    assert "Assignment 1 is due in 3 months: 31 August 2027" in page  # the example, filled in
    bad = client.post(url, {"subject": "Due {dedline}", "body": "My own words"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "{dedline} is not a placeholder" in text and "My own words" in text  # nothing typed is lost
    assert not ReminderTemplate.objects.exists()
    good = client.post(url, {"subject": "{component}: {days_remaining} days", "body": "Hello {name}"})
    assert good.status_code == 302
    assert ReminderTemplate.objects.get(provider=cast.provider_a, rule="due_date").body == "Hello {name}"
    listing = client.get(reverse("reminders:templates", kwargs={"provider_pk": cast.provider_a.pk})).content.decode()
    assert "Yours (changed" in listing
    client.post(url, {"reset": "1", "subject": "", "body": ""})
    assert not ReminderTemplate.objects.exists()
    assert client.get(url.replace("due_date", "no_such_rule")).status_code == 404


def test_preferences_page_switches_optional_reminders_only(client, cast):
    client.force_login(cast.participant_a1)
    page = client.get(reverse("reminders:preferences")).content.decode()
    assert "Teaching day coming up" in page and "Statutory deadline approaching" in page
    assert 'name="statutory_deadline"' not in page  # listed as always sent, not a checkbox
    client.post(reverse("reminders:preferences"), {"teaching_day": "on", "portfolio_gaps": "on"})
    assert set(ReminderOptOut.objects.filter(user=cast.participant_a1).values_list("rule", flat=True)) == {
        "marking_overdue",
        "booklet_confirm",
        "booklet_incomplete",
        "appeal_deadline",
        "message",  # messages from the course's staff, and work allocated to mark, are choices too
        "allocated",
    }
    client.post(reverse("reminders:preferences"), {"statutory_deadline": "", "teaching_day": "on"})
    assert set(ReminderOptOut.objects.filter(user=cast.participant_a1).values_list("rule", flat=True)) == {
        "portfolio_gaps",
        "marking_overdue",
        "booklet_confirm",
        "booklet_incomplete",
        "appeal_deadline",
        "message",
        "allocated",
    }


def test_notifications_mirror_the_emails_on_the_dashboard_and_can_be_read(client, cast):
    Enrolment.objects.filter(participant=cast.participant_a1).update(statutory_deadline=dt.date(2027, 8, 31))
    services.reminders_sweep(today=dt.date(2027, 5, 31))
    mine = Reminder.objects.get(recipient=cast.participant_a1)
    client.force_login(cast.participant_a1)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Reminders for you" in dashboard and mine.subject in dashboard and "1 unread reminder." in dashboard
    page = client.get(reverse("reminders:notifications")).content.decode()
    assert "31 August 2027" in page and "New" in page
    client.force_login(cast.participant_a2)
    client.post(reverse("reminders:notifications-read"), {"pk": mine.pk})  # not theirs: nothing changes
    mine.refresh_from_db()
    assert mine.read_at is None
    client.force_login(cast.participant_a1)
    client.post(reverse("reminders:notifications-read"), {"pk": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "Reminders for you" not in client.get(reverse("dashboard")).content.decode()
    assert client.post(reverse("reminders:notifications-read"), {"pk": "x"}).status_code == 404


def test_on_postgresql_a_providers_unsent_emails_are_read_off_its_own_partial_index(cast):
    """The outbox's counts read only this provider's unsent emails, never every unsent email in the country."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reminders.selectors import status_counts

    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's; CI runs it")
    with CaptureQueriesContext(connection) as ran:
        status_counts([cast.provider_a.pk])
    [sql] = [q["sql"] for q in ran.captured_queries if "mail_outboxemail" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "mail_outbox_provider_unsent" in plan and "mail_outbox_due" not in plan, plan
