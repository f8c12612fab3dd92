"""The DfE pages read in a fixed number of queries, whatever the number of applications and declarations."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dfe.models import Application, Change, Declaration, Statement
from tests import factories

pytestmark = pytest.mark.django_db


def _people(lead, n: int) -> None:
    cohort = lead.cohort
    statement = Statement.objects.get_or_create(
        provider=lead.provider, dfe_id=uuid.UUID(int=1),
        defaults={"month": "January", "year": "2027", "cohort": "2026", "cut_off_date": "2026-12-31",
                  "payment_date": "2027-01-25", "dfe_updated_at": timezone.now()},
    )[0]  # fmt: skip
    for _ in range(n):
        place = factories.EnrolmentFactory(cohort=cohort, status="accepted")
        application = Application.objects.create(
            provider=lead.provider, dfe_id=uuid.uuid4(), participant_id=uuid.uuid4(), status="accepted",
            training_status="active", full_name=place.participant.full_name, dfe_updated_at=timezone.now(),
            enrolment=place, person=place.participant, cohort="2026", schedule="npq-leadership-autumn",
        )  # fmt: skip
        Change.objects.create(application=application, summary="DfE changed the funded place: none → yes.")
        Declaration.objects.create(
            application=application, declaration_type="started", declaration_date=timezone.now(),
            state="eligible", dfe_id=uuid.uuid4(), statement_dfe_id=statement.dfe_id,
        )  # fmt: skip
        Application.objects.create(
            provider=lead.provider, dfe_id=uuid.uuid4(), participant_id=uuid.uuid4(), full_name="Someone waiting",
            dfe_updated_at=timezone.now(),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "query"),
    [("dfe:home", ""), ("dfe:home", "?status=accepted"), ("dfe:due", "?type=retained-1"), ("dfe:statements", "")],
)
def test_pages_do_not_grow_with_the_people_on_them(client, lead, name, query):
    client.force_login(lead.admin)
    url = reverse(name, kwargs={"provider_pk": lead.provider.pk}) + query
    counts = []
    for n in (2, 12):
        _people(lead, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_rejection_without_a_reason_says_which_field(client, lead):
    client.force_login(lead.admin)
    lead.dfe.add_application(lead.lead, full_name="Ann", email="ann@school.example")
    from dfe import services

    services.sync(lead.connection)
    application = Application.objects.get()
    url = reverse("dfe:decide", kwargs={"provider_pk": lead.provider.pk})
    response = client.post(url, {"application": application.pk, "action": "reject", "reason": ""}, follow=True)
    assert "Why (kept in the activity log): Fill this in to continue." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "pending" and not application.writes.exists()


def test_the_subject_access_export_includes_what_dfe_sent_about_the_person(lead):
    import io
    import json
    import zipfile

    from privacy.services import subject_access_zip

    _people(lead, 1)
    application = Application.objects.filter(person__isnull=False).get()
    data = json.loads(zipfile.ZipFile(io.BytesIO(subject_access_zip(application.person))).read("data.json"))
    holdings = data["holdings"]
    assert holdings["dfe.Application"]["rows"][0]["full_name"] == application.full_name
    assert holdings["dfe.Declaration"]["rows"][0]["declaration_type"] == "started"
    assert holdings["dfe.Change"]["rows"][0]["summary"].startswith("DfE changed the funded place")


def test_a_voided_declaration_beside_another_standing_one_is_due_again(lead):
    from dfe.selectors import evidence_rows

    _people(lead, 1)
    application = Application.objects.filter(status="accepted").get()
    Declaration.objects.filter(application=application).update(state="voided")  # started, voided
    Declaration.objects.create(
        application=application, declaration_type="retained-1", declaration_date=timezone.now(), state="eligible",
        dfe_id=uuid.uuid4(),
    )  # fmt: skip
    assert [row["application"] for row in evidence_rows(lead.provider, "started")] == [application]
    assert evidence_rows(lead.provider, "retained-1") == []


def test_withdrawing_asks_first(client, lead):
    _people(lead, 1)
    application = Application.objects.filter(status="accepted").get()
    client.force_login(lead.admin)
    url = reverse("dfe:training", kwargs={"provider_pk": lead.provider.pk, "pk": application.pk})
    data = {"kind": "withdraw", "reason": "change-in-career"}
    response = client.post(url, data)
    assert "Withdraw and tell DfE" in response.content.decode() and "A change in career" in response.content.decode()
    assert not application.writes.exists()
    client.post(url, {**data, "confirmed": "1"})
    assert application.writes.get().kind == "withdraw"
