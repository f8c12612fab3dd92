"""seed_scale loads the national dataset with COPY: the biggest objects, deterministic, usable by the pages."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test import Client

from cohorts.models import Cohort, Provider
from enrolment.models import Enrolment
from nasenco.accounts.models import User
from portfolio.models import Evidence
from reminders.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for databases without COPY")
def test_it_says_what_it_needs_without_postgresql():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("seed_scale", size="small", stdout=io.StringIO())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY needs PostgreSQL; CI runs this test there")
def test_small_holds_the_biggest_objects_and_a_second_run_adds_nothing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_scale", size="small", stdout=io.StringIO())
    scale = Cohort.objects.filter(name__startswith="Scale ")
    assert scale.count() == 150
    big = Provider.objects.get(slug="scale-00")
    assert Enrolment.objects.filter(provider=big).count() == 3000  # the provider column is filled as well
    assert Enrolment.objects.exclude(provider_id=F("cohort__provider_id")).count() == 0
    assert Enrolment.objects.filter(cohort__name="Scale 00000").count() == 25
    assert Evidence.objects.filter(portfolio__enrolment__participant__email="sixty@scale-00.example").count() == 60
    assert Cohort.objects.filter(tutors__email="tutor.twelve@scale-00.example").count() == 12
    assert scale.filter(status=Cohort.Status.OPEN, provider=big).count() == 10
    assert scale.filter(status=Cohort.Status.OPEN).exclude(provider=big).count() == 3  # one in ten elsewhere
    assert Reminder.objects.filter(provider=big).exists()
    # As across the country: some email not yet sent and some given up on.
    from nasenco.mail.models import OutboxEmail

    assert OutboxEmail.objects.filter(status=OutboxEmail.Status.QUEUED, key__startswith="scale:").exists()
    assert OutboxEmail.objects.filter(status=OutboxEmail.Status.FAILED, key__startswith="scale:").exists()
    # As across the country: a quarter of places with a school-based mentor and a booklet under way.
    from schools.models import BookletEntry, Mentorship

    mentored = Mentorship.objects.filter(enrolment__provider=big)
    assert mentored.count() == 110 * 7  # k = 0, 4 … 24 on each of its 110 running cohorts (not the open ones)
    waiting = BookletEntry.objects.filter(enrolment__provider=big, status=BookletEntry.Status.WAITING)
    assert waiting.count() == 2 * mentored.count()
    # As across the country: every profile with a school, four colleagues to a school under one named head.
    from enrolment.models import ParticipantProfile

    scale_people = ParticipantProfile.objects.filter(user__email__endswith="@school.example")
    assert scale_people.exists() and not scale_people.filter(school__isnull=True).exists()
    heads = Enrolment.objects.filter(provider=big).values_list("headteacher_email", flat=True).distinct()
    assert len(heads) == 120 * 7 and all(h.startswith("head@scale-school-") for h in heads)  # 25 a cohort
    first = sorted(Enrolment.objects.filter(provider=big).values_list("participant__email", flat=True))[:3]

    call_command("seed_scale", size="small", stdout=io.StringIO())
    assert scale.count() == 150  # deterministic: nothing more, the same people
    assert sorted(Enrolment.objects.filter(provider=big).values_list("participant__email", flat=True))[:3] == first

    client = Client()  # what was loaded is what the portal reads: the biggest provider's pages open
    client.force_login(User.objects.get(email="admin@scale-00.example"))
    big_cohort = Cohort.objects.get(name="Scale 00000")
    page = client.get(f"/cohorts/{big_cohort.pk}/").content.decode()
    assert all(f"Participant 00000-{k:02d}" in page for k in range(25))  # sixty is 00000-00
    assert client.get("/applications/").status_code == 200
    client.force_login(User.objects.get(email="sixty@scale-00.example"))
    assert "Evidence 60" in client.get("/portfolio/").content.decode()
