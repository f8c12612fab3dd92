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
