"""The public eligibility checker."""

import datetime as dt

import pytest
from django.urls import reverse

from cohorts.models import Cohort
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("enrolment:eligibility")


def answers(**overrides):
    return {
        "qualified_status": "QTS",
        "qualified_on": "2012-07-20",
        "induction": "completed",
        "setting": "maintained",
        "spells-TOTAL_FORMS": "0",
        "spells-INITIAL_FORMS": "0",
        "role": "designated",
        "appointed_on": "2024-02-29",
        "cohort": "",
        **overrides,
    }


def test_a_designated_senco_on_a_course_that_started_in_time_sees_their_deadline(client):
    cohort = factories.CohortFactory(name="Group 152", status=Cohort.Status.OPEN, programme__qualification="NASENCO")
    factories.TeachingDayFactory(cohort=cohort, number=0, date=dt.date(2024, 1, 25))
    page = client.post(URL, answers(cohort=cohort.pk)).content.decode()
    assert "You can take this course" in page
    assert "Eligible: the full award" in page
    assert "28 February 2027" in page  # third anniversary of a leap-day appointment
    assert "the earlier reading" in page
    assert "SEND Regulations 2014, reg. 49" in page


def test_a_national_award_course_starting_after_august_2024_is_refused_and_its_badge_says_so(client):
    cohort = factories.CohortFactory(status=Cohort.Status.OPEN, programme__qualification="NASENCO")
    factories.TeachingDayFactory(cohort=cohort, number=0, date=dt.date(2024, 9, 2))
    page = client.post(URL, answers(cohort=cohort.pk, appointed_on="2024-10-07")).content.decode()
    assert "You cannot take this course" in page
    assert "apply for the NPQ for SENCOs instead" in page
    assert "Create an account and apply" not in page
    assert "7 October 2027" in page  # the NPQ date is shown …
    # … with the badge every page shows for her: not "on track", as if this course could meet it.
    assert 'data-deadline-status="not_eligible">Not eligible for this course<' in page
    assert 'data-deadline-status="on_track"' not in page


def test_with_no_course_chosen_the_deadline_is_for_the_npq(client):
    page = client.post(URL, answers(appointed_on="2025-01-06")).content.decode()
    assert "You can take this course" in page
    assert "6 January 2028" in page
    assert "For you that qualification is the NPQ for SENCOs" in page


def test_unanswered_questions_say_what_we_need_to_know(client):
    page = client.post(URL, answers(induction="", setting="")).content.decode()
    assert "We need to know more" in page
    assert "whether you have completed statutory induction" in page
    assert "what kind of school or setting you work in" in page
    assert "Not eligible" not in page and "You cannot take" not in page


def test_a_special_school_senco_has_no_statutory_deadline(client):
    page = client.post(URL, answers(setting="special")).content.decode()
    assert "No statutory deadline" in page
    assert "mainstream schools" in page


def test_the_answers_carry_into_sign_up_and_the_application(client):
    cohort = factories.CohortFactory(status=Cohort.Status.OPEN, programme__qualification="NPQSENCO")
    factories.TeachingDayFactory(cohort=cohort, number=0, date=dt.date(2026, 10, 1))
    page = client.post(
        URL, answers(cohort=cohort.pk, induction="exempt", induction_exemption="scotland")
    ).content.decode()
    apply_url = reverse("enrolment:application", args=[cohort.pk])
    assert "Create an account and apply" in page and "next=" in page
    response = client.post(
        reverse("accounts:sign-up"),
        {
            "full_name": "Nia Roberts",
            "email": "nia@school.example",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
            "next": apply_url,
        },
    )
    assert response["Location"] == apply_url
    form = client.get(apply_url).content.decode()
    assert 'value="2012-07-20"' in form  # qualified on
    assert 'value="scotland" selected' in form  # the exemption chosen in the checker
    assert 'value="2024-02-29"' in form  # appointed on


def test_no_answer_is_preselected(client):
    page = client.get(URL).content.decode()
    assert "checked" not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"appointed_on": "2099-01-01"}, "This date is in the future"),
        ({"qualified_on": "2020-09-01", "appointed_on": "2019-09-01"}, "became SENCO before you qualified"),
        ({"induction": "exempt"}, "Choose the exemption that applies to you"),
        (
            {
                "spells-TOTAL_FORMS": "1",
                "spells-0-started_on": "2020-05-01",
                "spells-0-ended_on": "2020-01-01",
                "spells-0-setting": "maintained",
            },
            "The end is before the start",
        ),
    ],
)
def test_implausible_answers_are_explained_and_kept(client, overrides, message):
    page = client.post(URL, answers(**overrides)).content.decode()
    assert message in page
    assert "You can take this course" not in page
    assert 'value="2012-07-20"' in page or overrides.get("qualified_on") is not None


def test_the_page_lists_providers_taking_applications_then_only_the_chosen_ones_open_cohorts(client):
    """Not every open course in the country in one list: the provider first, then its open courses."""
    mine = factories.CohortFactory(name="Open group", status=Cohort.Status.OPEN)
    factories.CohortFactory(name="Draft group", status=Cohort.Status.DRAFT, programme=mine.programme)
    elsewhere = factories.CohortFactory(name="Elsewhere group", status=Cohort.Status.OPEN)
    factories.CohortFactory(name="Closed provider's draft", status=Cohort.Status.DRAFT)
    page = client.get(URL).content.decode()
    assert mine.provider.name in page and elsewhere.provider.name in page
    assert "Open group" not in page and "Elsewhere group" not in page  # no provider chosen: none listed
    page = client.get(URL, {"provider": mine.provider_id}).content.decode()
    assert "Open group" in page and "Draft group" not in page and "Elsewhere group" not in page
    # An answer about one of its courses names it, and the list stays that provider's.
    page = client.post(URL, answers(cohort=mine.pk, provider=mine.provider_id)).content.decode()
    assert f"— {mine.provider.name}, Open group" in page and "Elsewhere group" not in page


@pytest.mark.parametrize("elsewhere", [1, 6])
def test_the_checker_reads_the_same_however_many_courses_are_open_in_the_country(
    client, elsewhere, django_assert_num_queries
):
    mine = factories.CohortFactory(name="Open group", status=Cohort.Status.OPEN)
    for n in range(elsewhere):
        factories.CohortFactory(name=f"Elsewhere {n}", status=Cohort.Status.OPEN)
    with django_assert_num_queries(3):  # the providers; the chosen one's open courses (twice: empty or not, listed)
        page = client.get(URL, {"provider": mine.provider_id}).content.decode()
    assert "Open group" in page and "Elsewhere 0" not in page
