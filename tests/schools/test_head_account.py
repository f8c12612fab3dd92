"""A head signing in reaches their view from a plain request, outside any transaction the test would add (on
PostgreSQL a row lock there would be refused)."""

import pytest
from django.urls import reverse

from tests import factories

from .helpers import place_a1

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_head_with_an_account_gets_a_link_made_for_them_outside_a_transaction(client, cast):
    place = place_a1(cast)
    client.force_login(factories.UserFactory(email="head@meadow.example"))
    response = client.get(reverse("assessment:head-mine"), follow=True)
    assert response.status_code == 200 and place.participant.full_name in response.content.decode()
