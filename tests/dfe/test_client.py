"""The client's own guarantees: the token stays secret, DfE's request budget is never exceeded, a bad token
and another provider's record are refused plainly, and the sandbox's server-date header works."""

import datetime as dt
import logging

import pytest
import time_machine

from dfe import limiter, services
from dfe.client import Client, DfeError, RateLimited, Refused
from dfe.models import Application, Connection
from tests.dfe.conftest import TOKEN

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)


def test_the_token_is_stored_encrypted_and_never_logged(lead, caplog):
    stored = Connection.objects.get(pk=lead.connection.pk)
    assert TOKEN not in stored.token_encrypted and stored.token_hint == TOKEN[-4:]
    lead.dfe.add_application(lead.lead, full_name="Ann", email="ann@school.example")
    with caplog.at_level(logging.DEBUG):
        services.sync(lead.connection)
        lead.dfe.faults.status, lead.dfe.faults.count = 500, 3
        with pytest.raises(DfeError):
            services.sync(lead.connection)
    assert TOKEN not in caplog.text
    assert TOKEN not in repr(services.client_for(lead.connection))


def test_a_bad_token_and_another_providers_record_are_refused_plainly(lead):
    lead.connection.token_encrypted = services.connection.seal("not-the-token")
    lead.connection.save()
    checked = services.connection_check(connection=lead.connection)
    assert checked.check_ok is False
    assert checked.check_message == "DfE did not accept the token (401): check it on the connection page."
    other = lead.dfe.add_lead("Another lead provider", "their-token")
    theirs = lead.dfe.add_application(other, full_name="Not ours")
    client = Client(lead.server.url, TOKEN, key="t")
    with pytest.raises(Refused) as refused:
        client.get(f"/npq-applications/{theirs['id']}")
    assert refused.value.status == 404 and refused.value.message == "Resource not found"


def test_no_five_minutes_ever_sees_more_than_the_budget(settings):
    settings.DFE_REQUESTS_PER_5_MINUTES = 10
    sent = []
    for second in range(0, 900, 3):  # a request every 3 seconds for 15 minutes, while the budget allows
        try:
            limiter.take("budget-test", now=1_000_000_200 + second)
            sent.append(second)
        except limiter.Wait as wait:
            assert 0 < wait.seconds <= 301
    assert sent, "nothing was sent"
    assert max(sum(1 for s in sent if start <= s < start + 300) for start in range(0, 900)) <= 10


def test_over_the_budget_the_sync_waits_instead_of_sending(lead, settings):
    settings.DFE_REQUESTS_PER_5_MINUTES = 4  # two a window
    lead.dfe.add_application(lead.lead, full_name="Ann", email="ann@school.example")
    with pytest.raises(RateLimited):
        services.sync(lead.connection)
    assert len(lead.dfe.requests) <= 2


@time_machine.travel(NOW, tick=True)
def test_the_sandbox_server_date_lets_a_future_declaration_through(lead, django_capture_on_commit_callbacks):
    lead.dfe.add_application(lead.lead, full_name="Ann", email="ann@school.example")
    services.sync(lead.connection)
    application = Application.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_accept(application=application, cohort=lead.cohort, funded_place=True, by=lead.admin)
    body = {
        "data": {
            "type": "participant-declaration",
            "attributes": {
                "participant_id": str(application.participant_id),
                "declaration_type": "retained-1",
                "declaration_date": "2027-03-01T10:00:00Z",
                "course_identifier": "npq-senco",
                "delivery_partner_id": str(lead.connection.delivery_partner_id),
            },
        }
    }
    with pytest.raises(Refused, match="cannot be a future date"):
        Client(lead.server.url, TOKEN, key="a").post("/participant-declarations", body)
    answer = Client(lead.server.url, TOKEN, key="b", server_date="2027-03-02T10:00:00Z").post(
        "/participant-declarations", body
    )
    assert answer["data"]["attributes"]["state"] == "eligible"


def test_a_paid_declaration_voided_awaits_clawback(lead, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=True):
        lead.dfe.add_statement(
            lead.lead, cohort="2026", month="November", year="2026", cut_off=dt.date(2026, 11, 30),
            payment=dt.date(2026, 12, 25),
        )  # fmt: skip
        lead.dfe.add_statement(
            lead.lead, cohort="2026", month="February", year="2027", cut_off=dt.date(2027, 2, 28),
            payment=dt.date(2027, 3, 25),
        )  # fmt: skip
        lead.dfe.add_application(lead.lead, full_name="Ann", email="ann@school.example")
        services.sync(lead.connection)
        application = Application.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            services.application_accept(application=application, cohort=lead.cohort, funded_place=True, by=lead.admin)
        with django_capture_on_commit_callbacks(execute=True):
            declaration = services.declare(
                application=application, declaration_type="started", evidence={}, by=lead.admin
            )
    with time_machine.travel(dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC), tick=True):
        services.sync(lead.connection)
        declaration.refresh_from_db()
        assert declaration.state == "paid"
        with django_capture_on_commit_callbacks(execute=True):
            services.declaration_void(declaration=declaration, by=lead.admin)
        declaration.refresh_from_db()
        assert declaration.state == "awaiting-clawback" and declaration.clawback_statement_dfe_id is not None
    with time_machine.travel(dt.datetime(2027, 3, 26, 10, tzinfo=dt.UTC), tick=True):
        services.sync(lead.connection)
        declaration.refresh_from_db()
        assert declaration.state == "clawed-back"
