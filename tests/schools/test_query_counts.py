"""The schools pages do a fixed number of queries however many people or booklet items they show."""

import pytest
from django.db import connection
from django.urls import reverse

from schools import services
from tests import factories

from .helpers import head_of, make_booklet, place_a1, record_all

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("extra", [0, 4])
def test_cohort_mentors_page(client, cast, extra, django_assert_num_queries):
    make_booklet(cast.cohort_a1.programme)
    for _ in range(extra):
        place = factories.EnrolmentFactory(cohort=cast.cohort_a1)
        factories.MentorshipFactory(enrolment=place)
    client.force_login(cast.admin_a)
    with django_assert_num_queries(11):
        page = client.get(reverse("schools:cohort-mentors", args=[cast.cohort_a1.pk])).content.decode()
    assert page.count("confirmed") == 1 + extra


@pytest.mark.parametrize("items", [2, 8])
def test_a_mentees_page_with_its_booklet(client, cast, items, django_assert_num_queries):
    record_all(cast, make_booklet(cast.cohort_a1.programme, items=items))
    client.force_login(cast.mentor_a1)
    with django_assert_num_queries(22):
        page = client.get(reverse("schools:place", args=[cast.participant_a1.enrolments.get().pk])).content.decode()
    assert page.count("Ask for more<") == items


@pytest.mark.parametrize("colleagues", [0, 3])
def test_the_heads_view(client, cast, colleagues, django_assert_num_queries):
    place = place_a1(cast)
    make_booklet(cast.cohort_a1.programme)
    for n in range(colleagues):  # each on a cohort of their own, one on another programme: still no more queries
        programme = cast.cohort_a1.programme if n else factories.ProgrammeFactory(provider=cast.provider_a)
        cohort = factories.CohortFactory(programme=programme, name=f"Colleague {n}")
        factories.TeachingDayFactory(cohort=cohort, number=1)
        other = factories.EnrolmentFactory(cohort=cohort, headteacher_email=place.headteacher_email)
        factories.ProfileFactory(user=other.participant, school=place.participant.profile.school)
    token = services.head_token(head_of(place))
    with django_assert_num_queries(19):  # 19: one look for the programmes' curriculum plans (engagement)
        page = client.get(reverse("assessment:head", kwargs={"token": token})).content.decode()
    assert page.count("Statutory deadline") == 1 + colleagues


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's; CI runs it")
def test_whether_someone_heads_a_school_is_read_off_an_index_not_every_place(cast):
    """Every dashboard asks (schools_headed_by): at national size a scan of every place was its cost."""
    from enrolment.models import Enrolment

    query = Enrolment.objects.filter(headteacher_email__iexact="Head@School.example").only("pk").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "enrolment_head_email_upper" in plan, plan
