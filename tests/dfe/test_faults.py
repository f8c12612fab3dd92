"""DfE answering 500 or 429, timing out, dropping its answer or gone: nothing is lost and nothing is sent
twice. And a sync of 3,000 applications in a fixed number of queries per page."""

import datetime as dt

import pytest
import time_machine
from django.db import connection as db
from django.test.utils import CaptureQueriesContext

from dfe import services
from dfe.client import RateLimited, Unreachable
from dfe.models import Application, Declaration, Write
from dfe.services.sync import applications_store

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)


def _accepted(lead, hooks, **attributes):
    lead.dfe.add_application(lead.lead, full_name="Ada Lovelace", email="ada@school.example", **attributes)
    services.sync(lead.connection)
    application = Application.objects.get(full_name="Ada Lovelace")
    with hooks(execute=True):
        services.application_accept(application=application, cohort=lead.cohort, funded_place=True, by=lead.admin)
    application.refresh_from_db()
    assert application.status == "accepted"
    return application


@time_machine.travel(NOW, tick=True)
def test_a_lost_answer_is_read_back_not_sent_again(lead, django_capture_on_commit_callbacks):
    application = _accepted(lead, django_capture_on_commit_callbacks)
    lead.dfe.faults.drop_after_write = 1  # DfE records the declaration, then the connection breaks
    lead.dfe.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        declaration = services.declare(application=application, declaration_type="started", evidence={}, by=lead.admin)
    write = Write.objects.get(kind="declare")
    assert write.state == "waiting" and "Could not reach DfE" in write.last_error
    assert len(lead.dfe.declarations) == 1
    Write.objects.filter(pk=write.pk).update(next_attempt_at=None)
    assert services.write_send(write.pk) == "done"
    assert len(lead.dfe.declarations) == 1, "sent twice"
    assert [m for m, p in lead.dfe.requests if p == "/api/v3/participant-declarations"] == ["POST", "GET"]
    declaration.refresh_from_db()
    assert declaration.state == "eligible" and str(declaration.dfe_id) == next(iter(lead.dfe.declarations))


@time_machine.travel(NOW, tick=True)
def test_a_500_waits_and_goes_later(lead, django_capture_on_commit_callbacks):
    application = _accepted(lead, django_capture_on_commit_callbacks)
    lead.dfe.faults.status, lead.dfe.faults.count = 500, 10
    with django_capture_on_commit_callbacks(execute=True):
        services.declare(application=application, declaration_type="started", evidence={}, by=lead.admin)
    write = Write.objects.get(kind="declare")
    assert write.state == "waiting" and write.last_error == "DfE had a fault (500)."
    assert write.next_attempt_at > dt.datetime.now(dt.UTC)
    assert services.writes_due() == []  # not before its time
    lead.dfe.faults.count = 0
    Write.objects.filter(pk=write.pk).update(next_attempt_at=None)
    assert services.write_send(write.pk) == "done"
    assert len(lead.dfe.declarations) == 1


@time_machine.travel(NOW, tick=True)
def test_429_is_honoured_with_retry_after(lead, django_capture_on_commit_callbacks):
    lead.dfe.add_application(lead.lead, full_name="Ben", email="ben@school.example")
    lead.dfe.faults.status, lead.dfe.faults.count, lead.dfe.faults.retry_after = 429, 1, 120
    with pytest.raises(RateLimited) as raised:
        services.sync(lead.connection)
    assert raised.value.retry_after == 120
    lead.connection.refresh_from_db()
    assert lead.connection.paused_until is not None and "wait 120 seconds" in lead.connection.sync_message
    assert Application.objects.count() == 0
    assert services.sync(lead.connection)["applications"]["new"] == 1  # the next poll reads it all


def test_a_hung_dfe_times_out_and_reads_are_retried(lead, settings):
    settings.DFE_READ_TIMEOUT = 0.3
    lead.dfe.faults.stall = 1.0
    with pytest.raises(Unreachable, match="did not answer in time"):
        services.sync(lead.connection)
    assert len(lead.dfe.requests) == settings.DFE_READ_ATTEMPTS  # three tries, then it gives up
    lead.connection.refresh_from_db()
    assert "did not answer in time" in lead.connection.sync_message


def test_a_dfe_that_is_gone_loses_nothing(lead, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=True):
        application = _accepted(lead, django_capture_on_commit_callbacks)
        lead.server.stop()  # killed
        with django_capture_on_commit_callbacks(execute=True):
            declaration = services.declare(
                application=application, declaration_type="started", evidence={"days attended": 1}, by=lead.admin
            )
        write = Write.objects.get(kind="declare")
        assert write.state == "waiting" and write.last_error.startswith("Could not reach DfE")
        declaration.refresh_from_db()
        assert declaration.state == "sending" and declaration.evidence == {"days attended": 1}
        with pytest.raises(services.Refusal):  # and it cannot be declared twice meanwhile
            services.declare(application=application, declaration_type="started", evidence={}, by=lead.admin)


@time_machine.travel(NOW, tick=True)
def test_dfe_refusals_are_shown_in_dfes_words(lead, django_capture_on_commit_callbacks):
    lead.dfe.add_application(lead.lead, full_name="Cara", email="cara@school.example", eligible_for_funding=False)
    services.sync(lead.connection)
    application = Application.objects.get()
    with pytest.raises(services.Refusal, match="not eligible for funding"):
        services.application_accept(application=application, cohort=lead.cohort, funded_place=True, by=lead.admin)
    with pytest.raises(services.Refusal, match="funding cap"):
        services.application_accept(application=application, cohort=lead.cohort, funded_place=None, by=lead.admin)
    other = lead.dfe.add_lead("Another lead provider", "other-token")
    person = lead.dfe.applications[str(application.dfe_id)]["participant_id"]
    theirs = lead.dfe.add_application(other, full_name="Cara", participant_id=person)
    lead.dfe.accept(other, theirs["id"], funded_place=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_accept(application=application, cohort=lead.cohort, funded_place=False, by=lead.admin)
    application.refresh_from_db()
    write = application.writes.get()
    assert write.state == "refused"
    assert write.refusal == "Once rejected an application cannot change state"  # DfE rejected ours on their accept
    assert application.enrolment.status == "withdrawn"  # the place made on acceptance is taken back
    services.sync(lead.connection)
    application.refresh_from_db()
    assert application.status == "rejected"
    assert application.changes.filter(summary__contains="Another provider accepted").exists()


@time_machine.travel(NOW, tick=True)
def test_a_duplicate_declaration_refused_by_dfe_keeps_its_words(lead, django_capture_on_commit_callbacks):
    application = _accepted(lead, django_capture_on_commit_callbacks)
    pid = str(application.participant_id)
    lead.dfe.declare(
        lead.lead,
        {
            "participant_id": pid,
            "declaration_type": "started",
            "declaration_date": "2026-11-01T09:00:00Z",
            "course_identifier": "npq-senco",
            "delivery_partner_id": str(lead.connection.delivery_partner_id),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        declaration = services.declare(application=application, declaration_type="started", evidence={}, by=lead.admin)
    declaration.refresh_from_db()
    assert declaration.state == "refused"
    assert declaration.refusal == "There already exists a declaration that will be or has been paid for this event"
    services.sync(lead.connection)  # DfE's own record comes in beside it: nothing lost
    assert Declaration.objects.filter(application=application, state="eligible").count() == 1


def _page(lead, start, size):
    rows = []
    for n in range(start, start + size):
        a = lead.dfe.add_application(
            lead.lead, full_name=f"Teacher {n}", email=f"t{n}@school.example", teacher_reference_number=f"{2000000 + n}"
        )
        rows.append(
            {
                "id": a["id"],
                "type": "npq_application",
                "attributes": {
                    k: (v.strftime("%Y-%m-%dT%H:%M:%SZ") if hasattr(v, "strftime") else v) for k, v in a.items()
                },
            }
        )
    return rows


def test_a_page_is_stored_in_a_fixed_number_of_queries(lead):
    small, large = _page(lead, 0, 5), _page(lead, 5, 30)  # SQLite splits an insert past 999 values
    with CaptureQueriesContext(db) as few:
        applications_store(lead.connection, small)
    with CaptureQueriesContext(db) as many:
        applications_store(lead.connection, large)
    assert len(few) == len(many)
    assert Application.objects.count() == 35


def test_a_sync_of_3000_applications_pages_and_stores_each(lead, settings):
    settings.DFE_PAGE_SIZE = 1000
    for n in range(3000):
        lead.dfe.add_application(lead.lead, full_name=f"Teacher {n}", email=f"t{n}@school.example")
    with CaptureQueriesContext(db) as queries:
        done = services.sync(lead.connection)
    assert done["applications"]["new"] == 3000
    assert Application.objects.count() == 3000
    assert [p for m, p in lead.dfe.requests].count("/api/v3/npq-applications") == 4  # 3 full pages, 1 empty
    assert len(queries) < 300  # a handful per page (SQLite splits big inserts), never one per application
