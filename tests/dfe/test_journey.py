"""Applications in, a place accepted, declarations and the outcome out: the services against the offline DfE."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from cohorts.models import Provider, Qualification
from dfe import services
from dfe.models import Application, Connection, Declaration, Outcome, Write
from enrolment.models import Enrolment
from tests import factories

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=True)
def test_sync_accept_declare_complete(lead, django_capture_on_commit_callbacks):
    school = factories.SchoolFactory(urn="141234", setting="academy")
    applied = lead.dfe.add_application(
        lead.lead,
        full_name="Ada Lovelace",
        email="ada@school.example",
        teacher_reference_number="1234567",
        school_urn=school.urn,
        employer_name=school.name,
        senco_start_date="2026-09-01",
        works_as_senco=True,
    )
    result = services.sync(lead.connection)
    assert result["applications"]["new"] == 1
    application = Application.objects.get()
    assert application.status == "pending" and application.trn == "1234567"

    with django_capture_on_commit_callbacks(execute=True):
        services.application_accept(application=application, cohort=lead.cohort, funded_place=True, by=lead.admin)
    application.refresh_from_db()
    assert application.status == "accepted" and application.funded_place is True
    place = application.enrolment
    assert place.status == Enrolment.Status.ACCEPTED and place.source == "dfe"
    assert place.statutory_deadline == dt.date(2029, 9, 1)
    assert lead.dfe.applications[applied["id"]]["status"] == "accepted"

    with django_capture_on_commit_callbacks(execute=True):
        declaration = services.declare(
            application=application, declaration_type="started", evidence={"x": 1}, by=lead.admin
        )
    declaration.refresh_from_db()
    assert declaration.state == "eligible" and declaration.dfe_id is not None
    assert Write.objects.filter(state="done").count() == 2

    with pytest.raises(services.Refusal):
        services.declare(application=application, declaration_type="started", evidence={}, by=lead.admin)

    with django_capture_on_commit_callbacks(execute=True):
        done = services.declare(
            application=application,
            declaration_type="completed",
            evidence={},
            has_passed=True,
            by=lead.admin,
            when=timezone.now(),
        )
    done.refresh_from_db()
    assert done.state == "eligible"
    assert Outcome.objects.get().state == "passed"
    place.refresh_from_db()
    assert place.status == Enrolment.Status.COMPLETED and place.completed_on == dt.date(2026, 11, 2)
    assert place.deadline_status(dt.date(2026, 11, 2)) == "met"
    assert Declaration.objects.count() == 2


@time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=True)
def test_the_headteacher_declaration_first_where_the_provider_asks(lead, django_capture_on_commit_callbacks):
    from enrolment import services as enrolment_services
    from nasenco.mail.models import OutboxEmail

    lead.dfe.add_application(lead.lead, full_name="Gita Rao", email="gita@school.example")
    services.sync(lead.connection)
    application = Application.objects.get()
    place = services.application_ask_head(
        application=application,
        cohort=lead.cohort,
        head_name="Mr Head",
        head_email="head@school.example",
        by=lead.admin,
    )
    assert place.status == Enrolment.Status.AWAITING_DECLARATION
    assert OutboxEmail.objects.filter(to="head@school.example").exists()
    assert not lead.dfe.requests or all(method == "GET" for method, _ in lead.dfe.requests)  # DfE not told
    with pytest.raises(services.Refusal, match="declaration has not been verified"):
        services.application_accept(application=application, cohort=None, funded_place=True, by=lead.admin)
    declaration = place.declaration
    declaration.status = "uploaded"
    declaration.save()
    enrolment_services.declaration_verify(declaration=declaration, by=lead.admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_accept(application=application, cohort=None, funded_place=True, by=lead.admin)
    application.refresh_from_db()
    place.refresh_from_db()
    assert application.status == "accepted" and place.status == Enrolment.Status.ACCEPTED


@time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=True)
def test_a_declaration_names_the_delivery_partner_running_the_cohort(lead, django_capture_on_commit_callbacks):
    """A place on a delivery partner's cohort is declared in the partner's name (DfE's id for it), and without
    any delivery partner a cohort 2024+ declaration is refused before DfE is asked."""
    from cohorts.services import delivery_partner_create

    assigned = lead.dfe.add_delivery_partner("Northern Hub", cohorts=("2025", "2026"))
    hub = delivery_partner_create(lead=lead.provider, name="Northern Hub", dfe_delivery_partner_id=assigned["id"],
                                  by=lead.admin)  # fmt: skip
    programme = factories.ProgrammeFactory(provider=hub, qualification=Qualification.NPQSENCO, teaching_days=6)
    cohort = factories.CohortFactory(programme=programme, name="Hub NPQSENCO", academic_year="2026-27")
    lead.dfe.add_application(lead.lead, full_name="Grace Hopper", email="grace@school.example")
    services.sync(lead.connection)
    application = Application.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # the lead accepts onto its partner's cohort
        services.application_accept(application=application, cohort=cohort, funded_place=True, by=lead.admin)
    application.refresh_from_db()
    assert application.enrolment.cohort == cohort and application.enrolment.cohort.provider == hub
    with django_capture_on_commit_callbacks(execute=True):
        declaration = services.declare(application=application, declaration_type="started", evidence={}, by=lead.admin)
    declaration.refresh_from_db()
    assert declaration.state == "eligible"
    assert lead.dfe.declarations[str(declaration.dfe_id)]["delivery_partner_id"] == assigned["id"]

    Provider.objects.filter(pk=hub.pk).update(dfe_delivery_partner_id=None)
    Connection.objects.filter(pk=lead.connection.pk).update(delivery_partner_id=None)
    with pytest.raises(services.Refusal, match="DfE needs the delivery partner's id"):
        services.declare(application=application, declaration_type="retained-1", evidence={}, by=lead.admin)
    assert Declaration.objects.count() == 1
