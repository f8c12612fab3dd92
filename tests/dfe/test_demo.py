"""make run's DfE: seed_demo against the offline DfE as dfe_fake seeds it."""

import io

import pytest
from django.core.management import call_command

from dfe.demo import DEMO_TOKEN
from dfe.fake.seed import seed_lead
from dfe.models import Application, Connection, Declaration, Statement, Write
from dfe.selectors import evidence_rows

pytestmark = pytest.mark.django_db


def test_the_demo_lead_provider_is_connected_with_applications_places_and_a_declaration(fake_dfe, monkeypatch):
    from django.utils import timezone

    seed_lead(fake_dfe.dfe, name="Best Practice Network", token=DEMO_TOKEN, today=timezone.localdate())
    monkeypatch.setenv("DFE_DEMO_URL", fake_dfe.url)
    call_command("seed_demo", password="demo-pass-123", stdout=io.StringIO())
    connection = Connection.objects.get(provider__slug="best-practice-network")
    assert connection.check_ok and connection.synced_at
    assert Application.objects.filter(status="pending").count() == 10  # a dozen, two accepted
    accepted = Application.objects.filter(status="accepted", training_status="active")
    assert set(Write.objects.values_list("kind", "state")) == {("accept", "done"), ("declare", "done")}
    assert accepted.count() == 2 and all(a.enrolment.status == "accepted" for a in accepted)
    assert list(Declaration.objects.values_list("declaration_type", "state")) == [("started", "eligible")]
    due = [row for row in evidence_rows(connection.provider, "started") if row["evidence"].ready]
    assert len(due) == 1  # the other is due
    assert Statement.objects.count() == 5
    call_command("seed_demo", password="demo-pass-123", stdout=io.StringIO())  # again: adds nothing
    assert Application.objects.count() == 12 and Declaration.objects.count() == 1
