"""Assessment schemes as data: the seed providers' components, rubrics, due dates and who sees them."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessment import services
from assessment.models import Component
from cohorts.models import Cohort

pytestmark = pytest.mark.django_db


def test_the_three_seed_schemes(capsys):
    call_command("seed_demo")
    ep = Component.objects.filter(programme__provider__slug="eastern-partnership").order_by("order")
    assert [(c.title[:12], c.credits, c.word_limit) for c in ep] == [
        ("Assignment 1", 30, 2800),
        ("Assignment 2", 30, 4200),
        ("Self Evaluat", 0, None),
        ("Reflective L", 0, None),
    ]
    assert [s.weight for s in ep[0].sub_elements.all()] == [1, 1, 1, 2]
    assert ep[0].criteria.count() == 5 and sum(c.weight for c in ep[0].criteria.all()) == 100
    # Roehampton's National Award scheme, and the same for its NPQ for SENCOs (the running Lambeth cohort's).
    for qualification in ("NASENCO", "NPQSENCO"):
        roehampton = Component.objects.filter(
            programme__provider__slug="roehampton", programme__qualification=qualification
        )
        assert sum(c.credits for c in roehampton) == 60
        assert roehampton.filter(kind="pass_fail").count() == 1 and roehampton.filter(kind="booklet").count() == 1
    assert Cohort.objects.get(name="Lambeth (running)").programme.qualification == "NPQSENCO"
    suffolk = Cohort.objects.get(name="Suffolk blended")
    assert list(suffolk.due_dates.values_list("due_on", flat=True)) == [dt.date(2024, 1, 15), dt.date(2024, 8, 15)]
    assert not Cohort.objects.get(name="Group 152").due_dates.exists()  # the source gives none for it


def test_a_due_date_belongs_to_a_cohort_of_the_programme(cast):
    component = services.component_create(
        programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7", credits=30, word_limit=5000
    )
    with pytest.raises(ValueError, match="cohort of the component's programme"):
        services.due_date_set(component=component, cohort=cast.cohort_b1, due_on=dt.date(2024, 1, 15), by=cast.admin_a)


def test_staff_see_the_scheme_and_participants_see_their_due_dates(client, cast):
    component = services.component_create(
        programme=cast.cohort_a1.programme,
        title="Assignment 1: tasks",
        kind="level7",
        credits=30,
        word_limit=2800,
        outcome_codes=("A1", "B5"),
    )
    services.due_date_set(component=component, cohort=cast.cohort_a1, due_on=dt.date(2024, 1, 15), by=cast.admin_a)
    client.force_login(cast.tutor_a1)
    page = client.get(reverse("assessment:cohort-scheme", args=[cast.cohort_a1.pk])).content.decode()
    assert "Assignment 1: tasks" in page and "15 January 2024" in page and "A1, B5" in page
    assert "Critical analysis" in page
    detail = client.get(reverse("cohorts:cohort-detail", args=[cast.cohort_a1.pk])).content.decode()
    assert f'href="/assessment/cohort/{cast.cohort_a1.pk}/">Assessment scheme</a>' in detail
    client.force_login(cast.participant_a1)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "How you are assessed" in dashboard and "Due 15 January 2024" in dashboard


def test_an_admin_sets_a_due_date_and_bad_dates_are_explained(client, cast):
    component = services.component_create(programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7")
    client.force_login(cast.admin_a)
    url = reverse("assessment:due-date", args=[cast.cohort_a1.pk, component.pk])
    page = client.post(url, {"due_on": "2024-02-30", "late_days": "14"}, follow=True).content.decode()
    assert "enter a real date" in page
    client.post(url, {"due_on": "2024-03-01", "late_days": "7"})
    due = component.due_dates.get()
    assert (due.due_on, due.late_days) == (dt.date(2024, 3, 1), 7)


def test_the_awards_link_is_for_admins_only(client, cast):
    url = reverse("cohorts:cohort-detail", args=[cast.cohort_a1.pk])
    client.force_login(cast.tutor_a1)
    assert ">Awards</a>" not in client.get(url).content.decode()
    client.force_login(cast.admin_a)
    assert ">Awards</a>" in client.get(url).content.decode()
