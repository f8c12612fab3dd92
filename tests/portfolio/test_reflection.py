"""The reflective journal, the self-evaluation and its chart, and the portfolio page's query count."""

import pytest
from django.urls import reverse

from portfolio import services
from portfolio.models import JournalEntry, Outcome, SelfEvaluation
from portfolio.selectors import self_evaluation_chart
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(cast):
    return services.portfolio_for(cast.participant_a1.enrolments.get())


def test_journal_entry_about_a_teaching_day(client, cast, portfolio):
    day = cast.cohort_a1.days.get(number=1)
    client.force_login(cast.participant_a1)
    response = client.post(
        reverse("portfolio:journal"),
        {
            "written_on": "2023-10-20",
            "title": "After Day 1",
            "body": "Inclusion is everyone's job.",
            "teaching_day": day.pk,
        },
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.teaching_day == day
    client.force_login(cast.tutor_a1)
    page = client.get(reverse("portfolio:portfolio-journal", args=[portfolio.pk])).content.decode()
    assert "Inclusion is everyone&#x27;s job." in page and "about Day 1" in page
    assert "Save entry" not in page  # the tutor reads; only the participant writes


def test_journal_refuses_another_cohorts_session(client, cast, portfolio):
    client.force_login(cast.participant_a1)
    other_day = cast.cohort_a2.days.get(number=1)
    page = client.post(
        reverse("portfolio:journal"),
        {
            "written_on": "2023-10-20",
            "title": "x",
            "body": "y",
            "teaching_day": other_day.pk,
        },
    ).content.decode()
    assert "Select a valid choice" in page
    assert not JournalEntry.objects.exists()


def test_self_evaluation_saves_a_stage_and_charts_the_movement(client, cast, portfolio):
    a1 = Outcome.objects.get(framework=portfolio.framework, code="A1")
    client.force_login(cast.participant_a1)
    url = reverse("portfolio:self-evaluation")
    client.post(url, {"stage": "start", f"o{a1.pk}": "1"})
    client.post(url, {"stage": "end", f"o{a1.pk}": "4"})
    assert dict(SelfEvaluation.objects.values_list("stage", "rating")) == {"start": 1, "end": 4}
    row = next(r for r in self_evaluation_chart(portfolio) if r["outcome"] == a1)
    assert row["values"] == [1, None, 4]
    assert row["points"] == "20,34 140,4"
    page = client.get(url).content.decode()
    assert 'aria-label="A1: start 1, end 4"' in page


def test_a_rating_out_of_range_is_refused(client, cast, portfolio):
    a1 = Outcome.objects.get(framework=portfolio.framework, code="A1")
    client.force_login(cast.participant_a1)
    page = client.post(reverse("portfolio:self-evaluation"), {"stage": "start", f"o{a1.pk}": "9"}).content.decode()
    assert "Select a valid choice" in page
    assert not SelfEvaluation.objects.exists()


@pytest.mark.parametrize("items", [1, 30])
def test_portfolio_page_query_count_does_not_grow(client, cast, portfolio, items, django_assert_num_queries):
    """And the evidence comes 25 to a page: the page costs the same with 30 items as with 1."""
    a1 = Outcome.objects.get(framework=portfolio.framework, code="A1")
    for _ in range(items):
        evidence = factories.EvidenceFactory(portfolio=portfolio)
        services.mapping_add(evidence=evidence, outcome=a1, justification="x", by=cast.participant_a1)
    client.force_login(cast.participant_a1)
    with django_assert_num_queries(14):
        page = client.get(reverse("portfolio:mine")).content.decode()
    assert page.count("SEN policy review") == min(items, 25)
    assert ("Page 1 of 2" in page) == (items > 25)
    if items > 25:
        assert client.get(reverse("portfolio:mine") + "?page=2").content.decode().count("SEN policy review") == 5


def test_a_new_journal_entry_is_dated_today(client, cast, portfolio):
    import time_machine

    with time_machine.travel("2027-02-28 10:00 +0000", tick=False):
        client.force_login(cast.participant_a1)
        page = client.get(reverse("portfolio:journal")).content.decode()
    assert 'name="written_on" value="2027-02-28"' in page
