"""insert_skipping_conflicts: COPY on PostgreSQL, bulk_create elsewhere; the same rows either way."""

import pytest
from django.db import connection

from nasenco.bulk import insert_skipping_conflicts
from nasenco.mail.models import OutboxEmail

pytestmark = pytest.mark.django_db(transaction=True)  # the staging table lives until commit


def email(key: str) -> dict:
    return {
        "to": "sam@school.example",
        "subject": f"Subject {key}",
        "body_text": 'Tab\\tand\nnew line, quote " and backslash \\ kept',
        "template": "reminders/teaching_day",
        "key": key,
        "attachments": [{"name": "day.ics", "content": "BEGIN:VCALENDAR", "mimetype": "text/calendar"}],
        "headers": {"Auto-Submitted": "auto-generated"},
    }


def test_rows_arrive_whole_and_clashing_keys_are_skipped():
    OutboxEmail.objects.create(to="first@school.example", subject="Already there", body_text="", template="x", key="k1")
    insert_skipping_conflicts(OutboxEmail, [email("k1"), email("k2"), email("k3")])
    assert OutboxEmail.objects.get(key="k1").to == "first@school.example"  # not overwritten
    stored = OutboxEmail.objects.get(key="k2")
    assert stored.body_text == 'Tab\\tand\nnew line, quote " and backslash \\ kept'
    assert stored.attachments[0]["name"] == "day.ics" and stored.headers == {"Auto-Submitted": "auto-generated"}
    assert stored.status == OutboxEmail.Status.QUEUED and stored.created is not None and stored.sent_at is None
    insert_skipping_conflicts(
        OutboxEmail, [email("k3"), email("k4")]
    )  # again in the same connection: the staging table is reused
    assert sorted(OutboxEmail.objects.values_list("key", flat=True)) == ["k1", "k2", "k3", "k4"]
    assert insert_skipping_conflicts(OutboxEmail, []) == {}


def test_the_ids_of_the_rows_inserted_now_come_back_on_postgresql():
    OutboxEmail.objects.create(to="first@school.example", subject="Already there", body_text="", template="x", key="k1")
    ids = insert_skipping_conflicts(OutboxEmail, [email("k1"), email("k5")], returning="key")
    if connection.vendor == "postgresql":
        assert ids == {"k5": OutboxEmail.objects.get(key="k5").pk}  # not k1: it was there before
    else:
        assert ids == {}  # bulk_create gives no ids for skipped conflicts: the caller looks them up
    assert OutboxEmail.objects.filter(key__in=["k1", "k5"]).count() == 2


def test_update_in_bulk_sets_only_the_named_fields_of_the_named_rows():
    """COPY and one UPDATE … FROM on PostgreSQL, bulk_update elsewhere: the same rows either way, JSON, text
    with tabs and backslashes, and nulls included; rows not named and fields not named are left alone."""
    from nasenco.bulk import update_in_bulk

    insert_skipping_conflicts(OutboxEmail, [email("k1"), email("k2"), email("k3")])
    ids = dict(OutboxEmail.objects.values_list("key", "pk"))
    changed = update_in_bulk(
        OutboxEmail,
        [
            {"pk": ids["k1"], "subject": "New\tone \\ here", "headers": {"X-Changed": "1"}, "last_error": ""},
            {"pk": ids["k2"], "subject": "Second", "headers": {}, "last_error": "Refused: 550"},
        ],
        ["subject", "headers", "last_error"],
    )
    assert changed == 2
    first, second, third = (OutboxEmail.objects.get(key=k) for k in ("k1", "k2", "k3"))
    assert (first.subject, first.headers) == ("New\tone \\ here", {"X-Changed": "1"})
    assert (second.subject, second.headers, second.last_error) == ("Second", {}, "Refused: 550")
    assert first.body_text == email("k1")["body_text"]  # not named: kept
    assert third.subject == "Subject k3"  # not named: untouched
    assert update_in_bulk(OutboxEmail, [], ["subject"]) == 0
