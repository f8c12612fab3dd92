"""``statutory_refresh`` after an upgrade: a place whose school's setting is unknown reads "we need to know"
with the question, and the command says how many places need an answer."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from enrolment.models import Enrolment, School
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_unknown_setting_asks_the_question_and_the_command_counts_it(client, cast):
    school = factories.SchoolFactory(setting="")
    factories.ProfileFactory(user=cast.participant_a1, school=school)
    place = cast.participant_a1.enrolments.get()
    Enrolment.objects.filter(pk=place.pk).update(  # as an older version left it
        statutory_deadline=None, deadline_required=None, deadline_reasons=[], missing=[]
    )
    out = io.StringIO()
    call_command("statutory_refresh", stdout=out)
    place.refresh_from_db()
    assert any("what kind of school or setting" in question for question in place.missing)
    # Participant A2 has told us nothing yet either.
    assert "2 of them need an answer before their deadline can be worked out" in out.getvalue()
    client.force_login(cast.admin_a)
    page = client.get(reverse("enrolment:pipeline-detail", args=[place.pk])).content.decode()
    assert "To work out the deadline we need to know" in page and "what kind of school or setting" in page
    assert School.objects.filter(pk=school.pk, setting="").exists()


def test_refreshing_in_batches_stores_what_one_pass_would(cast):
    """At national size the command works through the places 2,000 at a time: the answers are the same."""
    import datetime as dt

    from enrolment.services.statutory import statutory_refresh, statutory_refresh_all

    for n in range(5):
        person = factories.ProfileFactory(appointed_senco_on=dt.date(2025, 1, 6) + dt.timedelta(days=40 * n)).user
        factories.EnrolmentFactory(cohort=cast.cohort_a1, participant=person)
    fields = ["eligible", "statutory_deadline", "deadline_required", "reasons", "missing", "deadline_reasons"]
    statutory_refresh(Enrolment.objects.all())
    once = list(Enrolment.objects.order_by("pk").values(*fields))
    Enrolment.objects.update(statutory_deadline=None, deadline_required=None, reasons=[], missing=[])
    assert statutory_refresh_all(Enrolment.objects.all(), batch=2) == len(once)
    assert list(Enrolment.objects.order_by("pk").values(*fields)) == once
    assert {row["statutory_deadline"] for row in once} - {None}  # real deadlines, not blanks, were compared
