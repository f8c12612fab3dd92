"""Every endpoint the client uses, each request and answer checked against DfE's document (the fixture turns
the check on), with DfE's rules as the fake keeps them: training changes, voids, merged participant ids."""

import datetime as dt
import re

import pytest
import time_machine

from dfe import contract, services
from dfe.models import Application, Change, Declaration, Write

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)

# (method, path) the client sends, with ids as {id}: each must be exercised below.
CLIENT_ENDPOINTS = {
    ("GET", "/api/v3/npq-applications"),
    ("GET", "/api/v3/npq-applications/{id}"),
    ("POST", "/api/v3/npq-applications/{id}/accept"),
    ("POST", "/api/v3/npq-applications/{id}/reject"),
    ("GET", "/api/v3/participants/npq"),
    ("GET", "/api/v3/participants/npq/{id}"),
    ("PUT", "/api/v3/participants/npq/{id}/defer"),
    ("PUT", "/api/v3/participants/npq/{id}/resume"),
    ("PUT", "/api/v3/participants/npq/{id}/withdraw"),
    ("PUT", "/api/v3/participants/npq/{id}/change-schedule"),
    ("GET", "/api/v3/participant-declarations"),
    ("POST", "/api/v3/participant-declarations"),
    ("GET", "/api/v3/participant-declarations/{id}"),
    ("PUT", "/api/v3/participant-declarations/{id}/void"),
    ("GET", "/api/v3/participants/npq/outcomes"),
    ("GET", "/api/v3/participants/npq/{id}/outcomes"),
    ("GET", "/api/v3/statements"),
}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_every_endpoint_the_client_uses_is_in_dfes_document():
    paths = contract.document()["paths"]
    for method, path in CLIENT_ENDPOINTS:
        assert method.lower() in paths[path], (method, path)


def _retry(kind: str) -> None:
    write = Write.objects.filter(kind=kind).latest("pk")
    assert write.state == "waiting", write.last_error
    Write.objects.filter(pk=write.pk).update(next_attempt_at=None)
    assert services.write_send(write.pk) == "done"


def _send_all(hooks, call):
    with hooks(execute=True):
        return call()


@time_machine.travel(NOW, tick=True)
def test_the_whole_round_against_the_document(lead, django_capture_on_commit_callbacks):
    hooks = django_capture_on_commit_callbacks
    dfe = lead.dfe
    kept = dfe.add_application(lead.lead, full_name="Dan Evans", email="dan@school.example")
    dropped = dfe.add_application(lead.lead, full_name="Eve Fox", email="eve@school.example")
    services.sync(lead.connection)
    dan = Application.objects.get(dfe_id=kept["id"])
    eve = Application.objects.get(dfe_id=dropped["id"])
    _send_all(
        hooks,
        lambda: services.application_accept(application=dan, cohort=lead.cohort, funded_place=True, by=lead.admin),
    )
    dfe.faults.drop_after_write = 1  # the answer to the rejection is lost: read back, not sent again
    _send_all(hooks, lambda: services.application_reject(application=eve, reason="Not this year", by=lead.admin))
    _retry("reject")
    eve.refresh_from_db()
    assert eve.status == "rejected"

    with pytest.raises(services.Refusal, match="DfE's reasons"):
        services.participant_change(application=dan, kind="defer", reason="holiday", by=lead.admin)
    started = _send_all(
        hooks, lambda: services.declare(application=dan, declaration_type="started", evidence={}, by=lead.admin)
    )
    # Moving to the spring schedule would put the started declaration before the schedule's start: refused.
    _send_all(
        hooks,
        lambda: services.participant_change(
            application=dan, kind="schedule", schedule="npq-leadership-spring", by=lead.admin
        ),
    )
    moved = Write.objects.get(kind="schedule")
    assert moved.state == "refused"
    assert moved.refusal == "Changing schedule would invalidate existing declarations. Please void them first."
    dan.refresh_from_db()
    assert dan.schedule == "npq-leadership-autumn"
    dfe.faults.drop_after_write = 1
    _send_all(
        hooks,
        lambda: services.participant_change(application=dan, kind="defer", reason="parental-leave", by=lead.admin),
    )
    _retry("defer")
    dan.refresh_from_db()
    assert dan.training_status == "deferred"
    for kind, extra, after in (
        ("resume", {}, "active"),
        ("withdraw", {"reason": "change-in-career"}, "withdrawn"),
    ):
        _send_all(
            hooks,
            lambda kind=kind, extra=extra: services.participant_change(
                application=dan, kind=kind, by=lead.admin, **extra
            ),
        )
        dan.refresh_from_db()
        assert dan.training_status == after, kind
    assert dan.enrolment.status == "withdrawn"  # the place followed DfE
    with pytest.raises(services.Refusal, match="does not allow “defer” from there"):
        services.participant_change(application=dan, kind="defer", reason="parental-leave", by=lead.admin)

    started.refresh_from_db()
    _send_all(hooks, lambda: services.declaration_void(declaration=started, by=lead.admin))
    started.refresh_from_db()
    assert started.state == "voided"
    # A void that lost its answer is read back (GET one declaration), not sent again.
    again = _send_all(
        hooks,
        lambda: services.declare(
            application=dan, declaration_type="started", evidence={}, by=lead.admin, when=NOW - dt.timedelta(days=30)
        ),
    )
    again.refresh_from_db()
    dfe.faults.drop_after_write = 1
    _send_all(hooks, lambda: services.declaration_void(declaration=again, by=lead.admin))
    _retry("void")
    again.refresh_from_db()
    assert again.state == "voided"

    # DfE merges two registrations of one person: the pipeline says so.
    new_id = "11111111-2222-4333-8444-555555555555"
    dfe.participants[new_id] = {"full_name": "Dan Evans", "trn": None, "changes": []}
    dfe.merge_participants(from_id=kept["participant_id"], to_id=new_id)
    services.sync(lead.connection)
    dan.refresh_from_db()
    assert str(dan.participant_id) == new_id
    assert Change.objects.filter(application=dan, summary__contains="participant id").exists()

    fay = dfe.add_application(lead.lead, full_name="Fay Green", email="fay@school.example")
    services.sync(lead.connection)
    fay = Application.objects.get(dfe_id=fay["id"])
    _send_all(
        hooks,
        lambda: services.application_accept(application=fay, cohort=lead.cohort, funded_place=True, by=lead.admin),
    )
    done = _send_all(
        hooks,
        lambda: services.declare(
            application=fay, declaration_type="completed", evidence={}, has_passed=False, by=lead.admin
        ),
    )
    done.refresh_from_db()
    assert done.has_passed is False and fay.outcomes.get().state == "failed"

    used = {(method, UUID.sub("{id}", path)) for method, path in dfe.requests}
    assert CLIENT_ENDPOINTS - used == set()
    assert Declaration.objects.filter(application=dan).count() == 2
