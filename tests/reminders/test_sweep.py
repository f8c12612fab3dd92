"""The sweep: exactly once however often it runs, people's choices, provider wording, preview = sweep."""

import datetime as dt
import os
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohorts.models import Membership
from enrolment.models import Enrolment
from nasenco.mail.models import OutboxEmail
from reminders import selectors, services
from reminders.models import Reminder
from tests import factories

D = dt.date
DAY = D(2027, 5, 31)  # three months before 31 August 2027: participant, head and admin


def _due_on_day(cast, n: int = 1):
    """``n`` participants of A1 whose statutory deadline is three months after DAY, each with a head."""
    enrolments = [cast.participant_a1.enrolments.get()] + [
        factories.EnrolmentFactory(cohort=cast.cohort_a1) for _ in range(n - 1)
    ]
    Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).update(
        statutory_deadline=D(2027, 8, 31), headteacher_email="head@school.example", headteacher_name="Ms Head"
    )
    return enrolments


@pytest.mark.django_db
def test_running_twice_stores_each_reminder_once(cast):
    _due_on_day(cast)
    first = services.reminders_sweep(today=DAY)
    second = services.reminders_sweep(today=DAY)
    assert (first.found, first.stored) == (3, 3)
    assert (second.found, second.stored) == (0, 0)  # everything due is already stored: nothing even rendered
    assert Reminder.objects.count() == OutboxEmail.objects.filter(template__startswith="reminders/").count() == 3
    assert all(r.email.key == r.key for r in Reminder.objects.select_related("email"))


@pytest.mark.django_db
def test_sending_happens_after_commit_and_only_once(cast, mailoutbox, django_capture_on_commit_callbacks):
    _due_on_day(cast)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.reminders_sweep(today=DAY)
    assert len(callbacks) == 1  # one hand-over for the whole sweep
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [cast.participant_a1.email, "head@school.example", cast.admin_a.email]
    )
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {"sent"}
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_sweep(today=DAY)
        services.reminders_dispatch(run=str(Reminder.objects.first().run))  # a duplicated hand-over
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_query_count_does_not_grow_with_participants(cast):
    def queries():
        Reminder.objects.all().delete()
        OutboxEmail.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            services.reminders_sweep(today=DAY)
        return len(ctx)

    _due_on_day(cast, 2)
    few = queries()
    _due_on_day(cast, 16)  # small enough that SQLite too inserts each kind of row in one statement (999 values)
    many = queries()
    assert Reminder.objects.count() == 17 * 3  # 17 enrolments: participant, head and admin for each
    # The providers' reply-to addresses: one query per batch. On PostgreSQL each of the two inserts also
    # makes sure its staging table exists (nasenco.bulk: the rows themselves go by COPY), and the emails'
    # ids come back from their insert instead of a lookup. The NPQ's four rules: one query each for the windows
    # or results on the day (none here).
    assert few == many == (25 if connection.vendor == "postgresql" else 24)


@pytest.mark.django_db
def test_optional_reminders_follow_preferences_required_ones_do_not(cast):
    day = factories.TeachingDayFactory(cohort=cast.cohort_a1, number=5, date=DAY + dt.timedelta(days=1))
    _due_on_day(cast)
    services.preferences_save(user=cast.participant_a1, wanted=set())  # switch every optional one off
    stored = services.reminders_sweep(today=DAY).prepared
    rules = {item.due.rule.code for item in stored if item.due.user_id == cast.participant_a1.pk}
    assert rules == {"statutory_deadline"}
    services.preferences_save(user=cast.participant_a1, wanted={"teaching_day"})
    Reminder.objects.all().delete()
    OutboxEmail.objects.all().delete()
    stored = services.reminders_sweep(today=DAY).prepared
    rules = {item.due.rule.code for item in stored if item.due.user_id == cast.participant_a1.pk}
    assert rules == {"statutory_deadline", "teaching_day"}
    assert day.cohort == cast.cohort_a1
    with pytest.raises(ValidationError, match="cannot be chosen"):
        services.preferences_save(user=cast.participant_a1, wanted={"statutory_deadline"})


@pytest.mark.django_db
def test_provider_wording_is_used_and_checked(cast):
    _due_on_day(cast)
    services.template_save(
        provider=cast.provider_a,
        rule="statutory_deadline",
        subject="{days_remaining} days to go, {name}",
        body="Finish by {deadline} ({cohort}).",
        by=cast.admin_a,
    )
    services.reminders_sweep(today=DAY)
    stored = Reminder.objects.get(to=cast.participant_a1.email)
    first_name = cast.participant_a1.full_name.split(" ")[0]
    assert stored.subject == f"National Award: 92 days to go, {first_name} — NASENCO Portal"
    assert stored.body == "Finish by 31 August 2027 (A1)."
    for bad, message in [
        ("{deadlin}", "not a placeholder"),
        ("{name.__class__}", "not a placeholder"),
        ("{deadline:>99999}", "nothing after the name"),
        ("Due {deadline", "not closed"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.template_save(provider=cast.provider_a, rule="statutory_deadline", subject=bad, body="x", by=None)


@pytest.mark.django_db
def test_preview_matches_what_the_sweep_then_stores(cast):
    _due_on_day(cast)
    factories.TeachingDayFactory(cohort=cast.cohort_a1, number=6, date=DAY + dt.timedelta(days=7))
    factories.TeachingDayFactory(cohort=cast.cohort_b1, number=6, date=DAY + dt.timedelta(days=7))
    preview_a = selectors.preview(DAY, [cast.provider_a.pk])
    preview_b = selectors.preview(DAY, [cast.provider_b.pk])
    result = services.reminders_sweep(today=DAY)
    stored = Reminder.objects.filter(run=result.run)
    assert [(p.key, p.subject, p.body) for p in preview_a] == list(
        stored.filter(provider=cast.provider_a).order_by("key").values_list("key", "subject", "body")
    )
    assert {p.key for p in preview_b} == set(stored.filter(provider=cast.provider_b).values_list("key", flat=True))
    assert preview_a and not ({p.key for p in preview_a} & {p.key for p in preview_b})
    assert selectors.preview(DAY, [cast.provider_a.pk]) == []  # already stored: nothing left to send


@pytest.mark.django_db
def test_the_pages_preview_counts_shows_fifty_keeps_ten_minutes_and_follows_a_sweep(
    cast, django_capture_on_commit_callbacks
):
    _due_on_day(cast, 30)  # 30 participants, their head and the admin: 90 reminders
    with time_machine.travel(dt.datetime(2026, 5, 31, 6, tzinfo=dt.UTC), tick=False):
        summary = selectors.preview_summary(DAY, [cast.provider_a.pk])
        assert summary["total"] == 90 and summary["by_rule"] == [("Statutory deadline approaching", 90)]
        assert len(summary["shown"]) == 50
        factories.EnrolmentFactory(cohort=cast.cohort_a1)  # a change within the ten minutes is not seen yet
        Enrolment.objects.filter(cohort=cast.cohort_a1).update(statutory_deadline=D(2027, 8, 31))
        assert selectors.preview_summary(DAY, [cast.provider_a.pk])["total"] == 90
    with time_machine.travel(dt.datetime(2026, 5, 31, 6, 11, tzinfo=dt.UTC), tick=False):
        assert selectors.preview_summary(DAY, [cast.provider_a.pk])["total"] == 92  # them and the admin
        with django_capture_on_commit_callbacks(execute=True):
            services.reminders_sweep(today=DAY)
        assert selectors.preview_summary(DAY, [cast.provider_a.pk])["total"] == 0  # stored: worked out again


@pytest.mark.django_db
def test_command_dry_run_stores_nothing_and_a_bad_date_is_explained(cast, capsys):
    _due_on_day(cast)
    call_command("send_reminders", "--today", "2027-05-31", "--dry-run")
    out = capsys.readouterr().out
    assert "3 to store. Dry run" in out and "Statutory deadline approaching: 3" in out
    assert not Reminder.objects.exists()
    call_command("send_reminders", "--today", "2027-05-31")
    assert "3 to store, 3 stored now" in capsys.readouterr().out
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--today", "31/05/2027")


@pytest.mark.django_db(transaction=True)
def test_four_concurrent_sweeps_store_every_reminder_exactly_once(cast):
    """Run against PostgreSQL in CI: four threads, four connections, the same day."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run this test on PostgreSQL (DATABASE_URL)")
        pytest.skip("concurrent inserts need PostgreSQL; CI runs this test there")
    _due_on_day(cast, 30)
    factories.MembershipFactory(provider=cast.provider_a, role=Membership.Role.ADMIN)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def sweep():
        from django.db import connections

        try:
            barrier.wait()
            results.append(services.reminders_sweep(today=DAY))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    expected = 30 * 2 + 30 * 2  # participant + head, and two admins, per enrolment
    assert len(results) == 4 and all(r.found <= expected for r in results)
    assert sum(r.stored for r in results) == expected
    assert Reminder.objects.count() == expected
    assert OutboxEmail.objects.filter(template__startswith="reminders/").count() == expected


def test_a_very_long_address_keeps_a_unique_key():
    from reminders.finders import Due
    from reminders.schedule import DECLARATION

    def due(to):
        return Due(
            rule=DECLARATION, milestone="7d", about="declaration:1:x", provider_id=1, to=to, user_id=None, values={}
        )

    one, two = due("a" * 190 + "@school.example"), due("a" * 189 + "b@school.example")
    assert len(one.key) <= 200 and len(two.key) <= 200 and one.key != two.key
    assert due("head@school.example").key == "declaration_chase:head@school.example:declaration:1:x:7d"
