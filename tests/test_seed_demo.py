"""seed_demo builds the three providers and Eastern Partnership's real 2023-24 groups."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from cohorts.demo import open_npq_cohort
from cohorts.models import Cohort, Provider, TeachingDay
from cohorts.selectors import attendance_summary
from enrolment.models import Enrolment

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_the_real_groups_and_prints_logins(capsys):
    call_command("seed_demo", password="demo-pass-123")
    out = capsys.readouterr().out
    assert set(Provider.objects.values_list("name", flat=True)) == {
        "Best Practice Network",
        "Eastern Partnership UK (SEND)",
        "University of Roehampton with Lambeth",
        "Norfolk SEND Teaching School Hub",  # a delivery partner of Best Practice Network
    }
    ep = Cohort.objects.filter(provider__slug="eastern-partnership")
    assert ep.count() == 13
    group_152 = ep.get(name="Group 152")
    days = list(group_152.days.order_by("number"))
    assert [d.number for d in days] == list(range(8))
    assert days[0].date == dt.date(2024, 1, 25)
    assert (days[0].start_time, days[0].end_time) == (dt.time(16, 30), dt.time(18, 0))
    assert days[7].date == dt.date(2024, 9, 12)
    assert all(d.mode == TeachingDay.Mode.VIRTUAL and d.joining_link for d in days)

    suffolk = ep.get(name="Suffolk blended")
    venues = {d.number: d.venue.name for d in suffolk.days.filter(mode="venue").select_related("venue")}
    assert venues == {1: "Landmark House", 2: "Endeavour House", 4: "Landmark House", 7: "Landmark House"}
    hatfield_day = ep.get(name="Hertfordshire blended").days.get(number=1)
    assert hatfield_day.date == dt.date(2023, 9, 28)
    assert hatfield_day.venue.postcode == "AL10 9TP"

    assert Enrolment.objects.filter(cohort=group_152).count() == 3
    summary = {row["participant"].full_name: row for row in attendance_summary(group_152)}
    assert summary["James O'Connor"]["attended"] == 7  # six at home, Day 3 caught up with Suffolk
    assert summary["Lucy Bennett"]["attended"] == 6 and summary["Lucy Bennett"]["authorised"] == 1
    assert summary["Lucy Bennett"]["below_minimum"]
    applicants = dict(
        Enrolment.objects.filter(cohort=open_npq_cohort()).values_list("participant__full_name", "status")
    )
    assert applicants == {
        "Hannah Clarke": "draft",
        "Daniel Hughes": "awaiting_declaration",
        "Aisha Khan": "awaiting_declaration",
        "Emma Davies": "awaiting_declaration",
        "Oliver Smith": "accepted",
        "Chloe Evans": "awaiting_declaration",
        "Ben Carter": "ineligible",
    }
    chloe = Enrolment.objects.get(participant__full_name="Chloe Evans")
    assert chloe.award_scope == "early_years"
    aisha = Enrolment.objects.get(participant__full_name="Aisha Khan")
    assert aisha.declaration.status == "uploaded" and aisha.declaration.scan
    from portfolio.models import Portfolio
    from portfolio.selectors import coverage

    met = {p.enrolment.participant.full_name: coverage(p)["met"] for p in Portfolio.objects.all()}
    assert met["Sarah Ahmed"] == 14 and 0 < met["James O'Connor"] < 14 and met["Lucy Bennett"] < met["James O'Connor"]
    from assessment.award import decide_award
    from assessment.selectors import achievements_of

    sarah = Enrolment.objects.get(participant__full_name="Sarah Ahmed")
    assert decide_award(achievements_of(sarah)).missing == [
        "Assignment 1: school-based tasks and action plan: not yet marked and released."
    ]
    assert "admin@eastern-partnership.example" in out
    assert "Participant, Group 152" in out
    assert "demo-pass-123" in out


def test_the_demo_is_alive_on_the_day_it_runs():
    """Whatever the date: a cohort open for applications with its sessions ahead, a running cohort with
    sessions behind and ahead and today's register waiting, work waiting for the tutor, the mentor and review,
    and a National Award participant whose deadline is the 31 August 2027 cap."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from assessment.work import my_work

    call_command("seed_demo", stdout=io.StringIO())
    today = timezone.localdate()
    opening = open_npq_cohort()
    assert opening.status == Cohort.Status.OPEN and opening.days.order_by("number").first().date > today
    assert all(day.date.weekday() == 3 for day in opening.days.all())
    running = Cohort.objects.get(name="Lambeth (running)")
    dates = list(running.days.values_list("date", flat=True))
    school_day = today.weekday() < 5  # on a weekend the running cohort's next session is on Monday
    assert min(dates) < today < max(dates) and (today in dates) == school_day
    User = get_user_model()

    def counts(email):
        return {k.key: k.count for k in my_work(User.objects.get(email=email), today=today)}

    assert counts("tutor@roehampton.example") == {"mark": 2, "review": 1, **({"register": 1} if school_day else {})}
    assert counts("daniel.osei@stmarks-lambeth.example") == {"mark": 1, "confirm": 2}
    # Best Practice Network leads Eastern Partnership and the Norfolk hub as delivery partners: its admin sees
    # their work too, the hub's appeal among it.
    assert counts("admin@bpn.example") == {"declaration": 1, "review": 2, "extension": 1, "appeal": 1}
    assert counts("admin@norfolk-hub.example") == {"appeal": 1}
    lucy = Enrolment.objects.get(participant__full_name="Lucy Bennett")
    assert lucy.statutory_deadline == dt.date(2027, 8, 31)


@pytest.mark.parametrize("loaded_on", [dt.date(2027, 3, 6), dt.date(2027, 3, 7), dt.date(2028, 2, 29)])
def test_the_demos_teaching_days_are_school_days_whatever_day_it_is_loaded(loaded_on):
    """Dates relative to the day the demo is loaded (the running Lambeth cohort, the Norfolk hub's, the open
    NPQ cohort) fall on weekdays even when it is loaded on a Saturday or a Sunday."""
    import time_machine

    with time_machine.travel(dt.datetime.combine(loaded_on, dt.time(10)), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
    weekend = TeachingDay.objects.filter(date__week_day__in=(1, 7)).values_list("cohort__name", "date")
    assert not list(weekend)


def test_seed_demo_twice_adds_nothing(capsys):
    call_command("seed_demo")
    counts = (Cohort.objects.count(), TeachingDay.objects.count(), Enrolment.objects.count())
    call_command("seed_demo")
    assert (Cohort.objects.count(), TeachingDay.objects.count(), Enrolment.objects.count()) == counts
    assert "Participant, Suffolk blended" in capsys.readouterr().out


def test_seed_demo_refuses_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refuses"):
        call_command("seed_demo")


def test_the_npq_demo_a_lead_two_partners_a_window_open_today_one_below_threshold_one_appeal_waiting(client):
    from assessment.models import Appeal, Component
    from assessment.selectors import sitting_of
    from cohorts.selectors import administered_provider_ids
    from curriculum.selectors import coverage_of, engagement_by_place
    from nasenco.accounts.models import User

    call_command("seed_demo", password="demo-pass-123", stdout=io.StringIO())
    bpn = Provider.objects.get(slug="best-practice-network")
    assert set(bpn.delivery_partners.values_list("name", flat=True)) == {
        "Eastern Partnership UK (SEND)",
        "Norfolk SEND Teaching School Hub",
    }
    spring = Cohort.objects.get(name__startswith="NPQSENCO Norfolk Spring")
    study = Component.objects.get(programme=spring.programme, kind="case_study")
    places = {e.participant.full_name: e for e in Enrolment.objects.filter(cohort=spring).select_related("participant")}
    assert sitting_of(places["Amira Begum"], study).is_open
    engagement = engagement_by_place(list(places.values()))
    assert [name for name, place in places.items() if not engagement[place.pk].met] == ["Ben Walsh"]
    assert coverage_of(spring)["gaps"] == 2  # the two statements the demo leaves untaught, flagged
    assert Appeal.objects.filter(status="lodged").count() == 1
    hub_admin = User.objects.get(email="admin@norfolk-hub.example")
    lead_admin = User.objects.get(email="admin@bpn.example")
    hub = Provider.objects.get(name="Norfolk SEND Teaching School Hub")
    assert administered_provider_ids(hub_admin) == {hub.pk}
    assert hub.pk in administered_provider_ids(lead_admin)
    client.force_login(hub_admin)
    page = client.get(reverse("cohorts:cohort-list")).content.decode()
    assert "NPQSENCO Norfolk Spring" in page and "Group 152" not in page  # not a sibling partner's
