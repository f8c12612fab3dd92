"""The provider admin's pipeline: filters, bulk acceptance, the cohort CSV and the at-risk list."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from enrolment.models import Enrolment
from tests import factories

pytestmark = pytest.mark.django_db
S = Enrolment.Status


def test_filters_by_state_and_drafts_stay_private(client, cast):
    factories.EnrolmentFactory(cohort=cast.cohort_a1, status=S.DRAFT, participant__full_name="Dora Draft")
    ready = factories.awaiting_acceptance(cast.cohort_a1)
    client.force_login(cast.admin_a)
    page = client.get(reverse("enrolment:pipeline")).content.decode()
    assert "Dora Draft" not in page  # a draft is the teacher's until submitted
    assert cast.participant_a1.full_name in page
    page = client.get(reverse("enrolment:pipeline"), {"status": "ready"}).content.decode()
    assert ready.participant.full_name in page and cast.participant_a1.full_name not in page


def test_another_providers_admin_sees_none_of_it(client, cast):
    client.force_login(cast.admin_b)
    page = client.get(reverse("enrolment:pipeline")).content.decode()
    assert cast.participant_a1.full_name not in page


def test_bulk_accept_takes_whom_it_can_and_says_why_not_for_the_rest(client, cast):
    cast.cohort_a1.capacity = 2  # participant_a1 holds one place
    cast.cohort_a1.save()
    first, second = factories.awaiting_acceptance(cast.cohort_a1), factories.awaiting_acceptance(cast.cohort_a1)
    unverified = factories.DeclarationFactory(enrolment__cohort=cast.cohort_a1, status="uploaded").enrolment
    outsider = factories.awaiting_acceptance(cast.cohort_b1)
    client.force_login(cast.admin_a)
    ticked = {"action": "accept", "enrolment": [first.pk, second.pk, unverified.pk, outsider.pk]}
    question = client.post(reverse("enrolment:pipeline-bulk"), ticked).content.decode()
    # First a confirmation: who (only this provider's), what they will be told, and nothing changed yet.
    assert "Accept their places: 3 applications?" in question
    assert f"{first.participant.full_name}: awaiting headteacher declaration → place accepted" in question
    assert outsider.participant.full_name not in question
    assert "Subject:</strong> National Award: Your place is confirmed — NASENCO Portal" in question
    for pk in (first.pk, second.pk, unverified.pk, outsider.pk):  # every ticked box is carried to the next step
        assert f'name="enrolment" value="{pk}"' in question
    assert not Enrolment.objects.filter(pk__in=[first.pk, second.pk], status=S.ACCEPTED).exists()
    response = client.post(reverse("enrolment:pipeline-bulk"), {**ticked, "confirmed": "1"}, follow=True)
    statuses = {e.pk: e.status for e in Enrolment.objects.filter(pk__in=[first.pk, second.pk, unverified.pk])}
    assert sorted(statuses.values()) == sorted([S.ACCEPTED, S.AWAITING_DECLARATION, S.AWAITING_DECLARATION])
    page = response.content.decode()
    assert "1 updated." in page
    assert "is full" in page and "has not been verified" in page
    outsider.refresh_from_db()
    assert outsider.status == S.AWAITING_DECLARATION  # another provider's: untouched


def test_bulk_action_never_returns_to_another_site(client, cast):
    place = factories.awaiting_acceptance(cast.cohort_a1)
    client.force_login(cast.admin_a)
    data = {"action": "accept", "enrolment": [place.pk], "confirmed": "1", "back": "https://evil.example/"}
    response = client.post(reverse("enrolment:pipeline-bulk"), data)
    assert response["Location"] == reverse("enrolment:pipeline")


@pytest.mark.parametrize("rows", [1, 5])
def test_pipeline_query_count_does_not_grow(client, cast, rows, django_assert_num_queries):
    for _ in range(rows):
        factories.ProfileFactory(user=factories.awaiting_acceptance(cast.cohort_a1).participant)
    client.force_login(cast.admin_a)
    with django_assert_num_queries(7):
        client.get(reverse("enrolment:pipeline"))


def test_cohort_csv_lists_the_places_and_defuses_formulas(client, cast):
    profile = factories.ProfileFactory(user=cast.participant_a1, trn="7654321", school__name='=HYPERLINK("x")')
    client.force_login(cast.admin_a)
    response = client.get(reverse("enrolment:cohort-csv", args=[cast.cohort_a1.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "Email", "TRN"]
    assert rows[1][0] == cast.participant_a1.full_name and rows[1][2] == "7654321"
    assert rows[1][3] == '\'=HYPERLINK("x")'
    assert rows[1][8] == (profile.appointed_senco_on.replace(year=profile.appointed_senco_on.year + 3)).isoformat()


TODAY = dt.date(2026, 3, 1)  # the at-risk list is read on a pinned day: it must not expire


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_at_risk_lists_red_before_amber_and_leaves_the_rest_out(client, cast):
    soon = factories.EnrolmentFactory(cohort=cast.cohort_a1, participant__full_name="Soon Due")
    factories.ProfileFactory(user=soon.participant, appointed_senco_on=dt.date(2023, 3, 31))  # due in 30 days
    later = factories.EnrolmentFactory(cohort=cast.cohort_a1, participant__full_name="Later Due")
    factories.ProfileFactory(user=later.participant, appointed_senco_on=dt.date(2023, 9, 17))  # in 200 days
    fine = factories.EnrolmentFactory(cohort=cast.cohort_a1, participant__full_name="Not Required")
    factories.ProfileFactory(user=fine.participant, appointed_senco_on=dt.date(2008, 1, 1))
    client.force_login(cast.admin_a)
    page = client.get(reverse("enrolment:at-risk")).content.decode()
    assert "Not Required" not in page
    assert page.index("Soon Due") < page.index("Later Due")
    assert "rag-at_risk" in page and "rag-close" in page
    assert "31 March 2026" in page and "17 September 2026" in page


@pytest.mark.parametrize("rows", [1, 5])
@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_at_risk_query_count_does_not_grow(client, cast, rows, django_assert_num_queries):
    for _ in range(rows):
        factories.ProfileFactory(
            user=factories.EnrolmentFactory(cohort=cast.cohort_a1).participant, appointed_senco_on=dt.date(2023, 3, 21)
        )
    client.force_login(cast.admin_a)
    with django_assert_num_queries(6):
        page = client.get(reverse("enrolment:at-risk")).content.decode()
    assert page.count("rag-at_risk") == rows
