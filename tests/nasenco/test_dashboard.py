import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def _page(client, user):
    client.force_login(user)
    return client.get(reverse("dashboard")).content.decode()


def test_admin_dashboard_counts_their_cohorts_and_shows_staff_navigation(client, cast):
    page = _page(client, cast.admin_a)
    assert "Your providers" in page and "Provider A" in page
    assert "Provider B" not in page
    assert '<dt class="fw-normal order-2">Running</dt><dd class="stat mb-0">2</dd>' in page
    assert 'href="/cohorts/"' in page
    assert "My programme" not in page


def test_tutor_dashboard_lists_only_their_cohorts(client, cast):
    page = _page(client, cast.tutor_a1)
    assert "Cohorts you teach" in page
    assert f'href="/cohorts/{cast.cohort_a1.pk}/"' in page
    assert f'href="/cohorts/{cast.cohort_a2.pk}/"' not in page
    assert "Your providers" not in page


def test_participant_dashboard_shows_their_cohort_and_progress(client, cast):
    page = _page(client, cast.participant_a1)
    assert "Your programme" in page
    assert "<strong>A1</strong>" in page
    assert "<strong>A2</strong>" not in page and "Day 1: A2" not in page
    assert 'href="/cohorts/"' not in page  # no staff navigation
    assert 'href="/programme/"' in page
    assert "All 3 teaching sessions have taken place." in page  # the factory's dates are in 2023
    assert '<progress id="teaching-progress" class="bar mb-3" max="100" value="100">' in page


def test_someone_with_no_role_gets_an_empty_state_saying_what_next(client):
    page = _page(client, factories.UserFactory())
    assert "You are not on a programme yet" in page


def test_platform_operator_is_pointed_to_the_admin(client):
    page = _page(client, factories.UserFactory(is_staff=True, is_superuser=True))
    assert 'href="/platform-admin/"' in page


@pytest.mark.parametrize("extra", [0, 5])
@pytest.mark.parametrize("role", ["admin_a", "tutor_a1", "participant_a1"])
def test_dashboard_query_count_does_not_grow(client, cast, role, extra, django_assert_num_queries):
    user = cast.by_role(role)
    for n in range(extra):  # more cohorts and days must not mean more queries
        cohort = factories.CohortFactory(programme__provider=cast.provider_a, name=f"Extra {n}")
        cohort.tutors.add(cast.tutor_a1)
        factories.TeachingDayFactory(cohort=cohort, number=1)
    client.force_login(user)
    # participant: 15 with the engagement panel's one look for a curriculum plan; admin: 21 with appeals to decide
    with django_assert_num_queries({"admin_a": 21, "tutor_a1": 13, "participant_a1": 15}[role]):
        client.get(reverse("dashboard"))


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_participant_sees_their_statutory_deadline(client, cast):
    factories.ProfileFactory(user=cast.participant_a1)  # appointed 9 January 2023, on a 2023 National Award
    page = _page(client, cast.participant_a1)
    assert "Your statutory deadline" in page
    assert "9 January 2026" in page and "passed 51 days ago" in page
    assert "rag-passed" in page


def test_admin_sees_what_is_waiting_for_them(client, cast):
    factories.DeclarationFactory(enrolment__cohort=cast.cohort_a1, status="uploaded")
    factories.awaiting_acceptance(cast.cohort_a1)
    page = _page(client, cast.admin_a)
    assert 'Declarations to verify</a></dt><dd class="stat mb-0">1</dd>' in page
    assert 'Ready to accept</a></dt><dd class="stat mb-0">1</dd>' in page


def test_an_admin_is_told_of_emails_given_up(client, cast):
    """Issue 25 (8): what the outbox gave up on shows on the provider's admins' dashboards, not elsewhere."""
    from tests.access_objects import _failed_reminder_of_a

    assert "could not be delivered" not in _page(client, cast.admin_a)
    _failed_reminder_of_a(cast)
    page = _page(client, cast.admin_a)
    assert "1 email to your participants or staff could not be delivered" in page
    assert "?status=failed" in page
    assert "could not be delivered" not in _page(client, cast.admin_b)


def test_a_draft_application_has_a_continue_link_on_the_dashboard(client, cast):
    draft = factories.EnrolmentFactory(cohort=cast.cohort_b1, status="draft")
    page = _page(client, draft.participant)
    continue_to = reverse("enrolment:application", kwargs={"cohort_pk": cast.cohort_b1.pk})
    assert f'<a class="fw-semibold" href="{continue_to}">Continue your application' in page
