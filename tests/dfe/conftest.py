"""The offline DfE on a real port, and a lead provider connected to it with an NPQ for SENCOs cohort."""

import datetime as dt
from dataclasses import dataclass

import pytest

from cohorts.models import Qualification
from dfe.fake.server import FakeDfe
from dfe.fake.state import Dfe
from dfe.services import connection_for, connection_save
from tests import factories

TOKEN = "lp-test-token-0001"


@pytest.fixture(autouse=True)
def _contract(settings):
    """Every request the client sends and every answer it gets, checked against DfE's document."""
    settings.DFE_CHECK_CONTRACT = True
    settings.DFE_READ_TIMEOUT = 2
    settings.DFE_CONNECT_TIMEOUT = 1


@pytest.fixture
def fake_dfe():
    server = FakeDfe.start(Dfe())
    yield server
    server.stop()
    assert server.app.errors == [], "the fake's own answers broke DfE's document"


@dataclass
class Lead:
    provider: object
    admin: object
    cohort: object
    connection: object
    dfe: Dfe
    lead: object
    server: FakeDfe


@pytest.fixture
def lead(db, fake_dfe) -> Lead:
    provider = factories.ProviderFactory(name="Lead Provider A")
    programme = factories.ProgrammeFactory(
        provider=provider, title="NPQ for SENCOs", qualification=Qualification.NPQSENCO, teaching_days=6
    )
    cohort = factories.CohortFactory(
        programme=programme, name="NPQSENCO Autumn 2026", academic_year="2026-27", capacity=20
    )
    for number in range(1, 7):
        factories.TeachingDayFactory(
            cohort=cohort, number=number, date=dt.date(2026, 10, 1) + dt.timedelta(weeks=6 * number)
        )
    admin = factories.MembershipFactory(provider=provider, role="admin").user
    connection = connection_for(provider)
    dfe_lead = fake_dfe.dfe.add_lead("Lead Provider A", TOKEN)
    # DfE requires a delivery partner on cohort 2024 declarations and later: the one DfE assigned.
    partner = fake_dfe.dfe.add_delivery_partner("A Teaching School Hub", cohorts=("2024", "2025", "2026", "2027"))
    connection_save(
        connection=connection, base_url=fake_dfe.url, token=TOKEN, delivery_partner_id=partner["id"], by=admin
    )
    return Lead(provider, admin, cohort, connection, fake_dfe.dfe, dfe_lead, fake_dfe)
