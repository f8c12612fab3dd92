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
        "induction": "yes",
        "role": "designated",
        "appointed_on": "2024-02-29",
        "months_previously_senco": "0",
        "cohort": "",
        **overrides,
    }


def test_a_designated_senco_on_a_course_that_started_in_time_sees_their_deadline(client):
    cohort = factories.CohortFactory(name="Group 152", status=Cohort.Status.OPEN, programme__qualification="NASENCO")
    factories.TeachingDayFactory(cohort=cohort, number=0, date=dt.date(2024, 1, 25))
    page = client.post(URL, answers(cohort=cohort.pk)).content.decode()
    assert "You can take the award" in page
    assert "The full award" in page
    assert "28 February 2027" in page  # third anniversary of a leap-day appointment
    assert "SEND Regulations 2014, reg. 49" in page


def test_a_nasenco_course_starting_now_is_not_the_mandatory_qualification(client):
    page = client.post(URL, answers()).content.decode()
    assert "You cannot take the award yet" in page
    assert "take the NPQ for SENCOs" in page


def test_eyts_gets_the_early_years_scope(client):
    cohort = factories.CohortFactory(status=Cohort.Status.OPEN)
    factories.TeachingDayFactory(cohort=cohort, number=1, date=dt.date(2024, 3, 1))
    page = client.post(
        URL, answers(qualified_status="EYTS", induction="n/a", early_years_setting="on", cohort=cohort.pk)
    ).content.decode()
    assert "recognised for the 0–5 (early years) sector only" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"appointed_on": "2099-01-01"}, "This date is in the future"),
        (
            {"qualified_on": "2020-09-01", "appointed_on": "2019-09-01"},
            "appointed SENCO before you qualified",
        ),
        ({"qualified_on": ""}, "Enter the date you gained it"),
        ({"appointed_on": ""}, "Enter the date you were appointed SENCO"),
        ({"months_previously_senco": "-3"}, "greater than or equal to 0"),
    ],
)
def test_implausible_answers_are_explained_and_kept(client, overrides, message):
    page = client.post(URL, answers(**overrides)).content.decode()
    assert message in page
    assert "You can take the award" not in page
    assert 'value="2012-07-20"' in page or overrides.get("qualified_on") is not None


def test_the_page_lists_only_open_cohorts(client):
    factories.CohortFactory(name="Open group", status=Cohort.Status.OPEN)
    factories.CohortFactory(name="Draft group", status=Cohort.Status.DRAFT)
    page = client.get(URL).content.decode()
    assert "Open group" in page and "Draft group" not in page
