"""A place stores its cohort's provider, whichever way it is made, so provider lists need no join."""

import pytest
from django.db.models import F

from enrolment.models import Enrolment
from enrolment.services import enrolment_place
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_place_carries_its_cohorts_provider(cast):
    person = factories.UserFactory()
    placed = enrolment_place(cohort=cast.cohort_a1, participant=person)
    by_factory = factories.EnrolmentFactory(cohort=cast.cohort_a2)
    assert Enrolment.objects.get(pk=placed.pk).provider_id == cast.cohort_a1.provider_id
    assert Enrolment.objects.get(pk=by_factory.pk).provider_id == cast.cohort_a2.provider_id
    # The data migration's rule, checked over everything the fixtures made: no place disagrees with its cohort.
    assert not Enrolment.objects.exclude(provider_id=F("cohort__provider_id")).exists()
