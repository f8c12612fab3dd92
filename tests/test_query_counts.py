"""Pages that had no query-count test: each is read at two sizes, and more rows must not mean more queries."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.models import Cohort
from nasenco.mail.models import OutboxEmail
from reminders.models import Reminder
from tests import factories

pytestmark = pytest.mark.django_db


def _reminders(cast, n, *, to_user):
    """``n`` reminders of provider A, each with its outbox email, to ``to_user``."""
    run = uuid.uuid4()
    for _ in range(n):
        key = uuid.uuid4().hex
        email = OutboxEmail.objects.create(to=to_user.email, subject="Reminder", body_text="Hello", key=key)
        Reminder.objects.create(
            key=key,
            rule="statutory_deadline",
            milestone="12m",
            provider=cast.provider_a,
            recipient=to_user,
            to=to_user.email,
            subject="Statutory deadline in 12 months",
            body="Hello",
            email=email,
            run=run,
            sweep_date=dt.date(2026, 9, 1),
        )


def _more_participants(cast, n):
    for _ in range(n):
        factories.EnrolmentFactory(cohort=cast.cohort_a1)


def _more_tutored_cohorts(cast, n):
    for _ in range(n):
        cohort = factories.CohortFactory(programme=cast.cohort_a1.programme, name=f"More {uuid.uuid4().hex[:8]}")
        cohort.tutors.add(cast.tutor_a1)
        factories.TeachingDayFactory(cohort=cohort, number=1)


def _more_open_cohorts(cast, n):
    for _ in range(n):
        cohort = factories.CohortFactory(
            programme=cast.cohort_a1.programme, status=Cohort.Status.OPEN, name=f"Open {uuid.uuid4().hex[:8]}"
        )
        factories.TeachingDayFactory(cohort=cohort, number=0)


PAGES = [
    # (name, who reads it, url kwargs, how the page grows)
    (
        "cohorts:venue-list",
        "admin_a",
        None,
        lambda c, n: [factories.VenueFactory(provider=c.provider_a) for _ in range(n)],
    ),
    (
        "cohorts:programme-list",
        "admin_a",
        None,
        lambda c, n: [factories.ProgrammeFactory(provider=c.provider_a) for _ in range(n)],
    ),
    (
        "cohorts:register",
        "tutor_a1",
        lambda c: {"pk": c.cohort_a1.pk, "day_pk": c.cohort_a1.days.get(number=1).pk},
        _more_participants,
    ),
    ("cohorts:my-calendar", "tutor_a1", None, _more_tutored_cohorts),
    ("reminders:outbox", "admin_a", None, lambda c, n: _reminders(c, n, to_user=c.participant_a1)),
    ("reminders:notifications", "participant_a1", None, lambda c, n: _reminders(c, n, to_user=c.participant_a1)),
    ("reminders:templates", "admin_a", lambda c: {"provider_pk": c.provider_a.pk}, lambda c, n: None),
    ("assessment:mine", "participant_a1", None, lambda c, n: None),
    ("enrolment:apply", "participant_a1", None, _more_open_cohorts),
]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(("name", "role", "kwargs", "grow"), PAGES, ids=[row[0] for row in PAGES])
def test_the_query_count_does_not_grow_with_the_rows(client, cast, name, role, kwargs, grow):
    url = reverse(name, kwargs=kwargs(cast) if kwargs else None)
    client.force_login(cast.by_role(role))
    grow(cast, 1)
    client.get(url)  # a first visit may set something up (a calendar address): count the visits after it
    small = _count(client, url)
    grow(cast, 6)
    assert _count(client, url) == small, f"{name}: more rows made more queries"
