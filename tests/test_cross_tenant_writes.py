"""Provider A's admin, at every address of the portal, sends a form naming provider B's objects in every
field a form might read. Whatever happens to A's own data, nothing of provider B's may change."""

import datetime as dt
import uuid

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse

from assessment import services as assessment
from assessment.models import Adjustment, Appeal, Component, DueDate, Extension, Submission, Window
from cohorts.models import Cohort, Invitation, Membership, Programme, Provider, TeachingDay, Venue
from cohorts.services import invitation_send
from curriculum import services as curriculum
from curriculum.models import Completion, Framework, Plan, Statement, Unit
from enrolment.models import Declaration, DeclarationClauses, Enrolment
from nasenco.mail.models import OutboxEmail
from portfolio.models import Evidence, Mapping, Outcome, Portfolio
from portfolio.services import portfolio_for
from reminders.messages import message_draft_save
from reminders.models import Message, Reminder, ReminderTemplate
from tests import factories
from tests.test_access_matrix import MATRIX

pytestmark = pytest.mark.django_db

# Every kind of provider B's rows, and how each leads to its provider.
B_ROWS = [
    (Provider, "pk__in"),
    (Membership, "provider"),
    (Invitation, "provider"),
    (Venue, "provider"),
    (Programme, "provider"),
    (Cohort, "provider"),
    (TeachingDay, "cohort__provider"),
    (Enrolment, "cohort__provider"),
    (Declaration, "enrolment__cohort__provider"),
    (DeclarationClauses, "provider"),
    (Portfolio, "enrolment__cohort__provider"),
    (Evidence, "portfolio__enrolment__cohort__provider"),
    (Mapping, "evidence__portfolio__enrolment__cohort__provider"),
    (Component, "programme__provider"),
    (DueDate, "cohort__provider"),
    (Extension, "enrolment__cohort__provider"),
    (Submission, "enrolment__cohort__provider"),
    (Reminder, "provider"),
    (ReminderTemplate, "provider"),
    (Message, "cohort__provider"),
    (Framework, "provider"),
    (Statement, "area__framework__provider"),
    (Plan, "programme__provider"),
    (Unit, "plan__programme__provider"),
    (Completion, "unit__plan__programme__provider"),
    (Window, "cohort__provider"),
    (Adjustment, "enrolment__cohort__provider"),
    (Appeal, "submission__enrolment__cohort__provider"),
]


def _snapshot(provider) -> list:
    rows = []
    for model, path in B_ROWS:
        value = [provider.pk] if path == "pk__in" else provider
        for row in model.objects.filter(**{path: value}).order_by("pk"):
            rows.append((model.__name__, row.pk, repr(sorted(model_to_dict(row).items()))))
    rows += [
        ("OutboxEmail", e.pk, e.status, e.attempts) for e in OutboxEmail.objects.filter(reminder__provider=provider)
    ]
    return rows


@pytest.fixture
def provider_b_world(cast):
    """Provider B with one of everything a form could name."""
    b = cast.provider_b
    enrolment = factories.EnrolmentFactory(cohort=cast.cohort_b1, status=Enrolment.Status.ACTIVE)
    applicant = factories.DeclarationFactory(enrolment__cohort=cast.cohort_b1, status=Declaration.Status.UPLOADED)
    venue = factories.VenueFactory(provider=b)
    component = assessment.component_create(programme=cast.cohort_b1.programme, title="B work", kind="level7")
    submission = factories.hand_in(enrolment, component)
    extension = Extension.objects.create(
        enrolment=enrolment, component=component, until=dt.date(2030, 1, 1), reason="r"
    )
    evidence = factories.EvidenceFactory(portfolio=portfolio_for(enrolment))
    outcome = Outcome.objects.filter(framework=evidence.portfolio.framework).first()
    mapping = Mapping.objects.create(evidence=evidence, outcome=outcome, justification="j")
    email = OutboxEmail.objects.create(to="b@example.org", subject="s", body_text="b", status="failed", key="kb")
    Reminder.objects.create(
        key="kb", rule="due_date", milestone="3d", provider=b, to="b@example.org", subject="s", body="b",
        email=email, run=uuid.uuid4(), sweep_date=dt.date(2026, 1, 1),
    )  # fmt: skip
    invitation_send(provider=b, email="invited@b.example", role="tutor", by=None)
    message = message_draft_save(cohort=cast.cohort_b1, by=None, audience="everyone", subject="B", body="B")
    framework = curriculum.framework_load(provider=b, by=None)
    plan = curriculum.plan_save(programme=cast.cohort_b1.programme, framework=framework, self_study_minimum_percent=90,
                                gates_assessment=False, by=None)  # fmt: skip
    statement = Statement.objects.filter(area__framework=framework).first()
    unit = curriculum.unit_save(plan=plan, title="B unit", minutes=30, link="", statements=[statement], by=None)
    curriculum.completion_mark(unit=unit, participant=enrolment.participant, done=True, by=None)
    study = assessment.component_create(programme=cast.cohort_b1.programme, title="B case", kind="case_study")
    window = assessment.window_save(
        cohort=cast.cohort_b1, component=study, opens_at=dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC),
        closes_at=dt.datetime(2030, 1, 9, 17, tzinfo=dt.UTC), brief="B", by=None,
    )  # fmt: skip
    adjustment = Adjustment.objects.create(enrolment=enrolment, component=study, kind="later", reason="r")
    Submission.objects.filter(pk=submission.pk).update(status="released", passed=False)
    appeal = Appeal.objects.create(submission=submission, grounds="g")
    ids = {
        "cohort": cast.cohort_b1.pk,
        "programme": cast.cohort_b1.programme_id,
        "provider": b.pk,
        "venue": venue.pk,
        "enrolment": [enrolment.pk, applicant.enrolment_id],
        "marker": cast.admin_b.pk,
        "tutors": [cast.admin_b.pk],
        "component": component.pk,
        "submission": submission.pk,
        "extension": extension.pk,
        "evidence": evidence.pk,
        "mapping": mapping.pk,
        "outcome": outcome.pk,
        "pk": mapping.pk,
        "message": message.pk,
        "framework": framework.pk,
        "statements": [statement.pk],
        "unit": unit.pk,
        "window": window.pk,
        "adjustment": adjustment.pk,
        "appeal": appeal.pk,
    }
    return ids


def _payload(ids) -> dict:
    """Every field name the portal's forms read, each naming one of provider B's objects."""
    return {
        **ids,
        "to": "withdrawn",
        "action": "accept",
        "approve": "1",
        "status": "accepted",
        "reason": "Moved by someone else",
        "note": "n",
        "mark": "70",
        "comment": "c",
        "justification": "j",
        "confirm": "erase",
        "name": "Renamed",
        "title": "Renamed",
        "capacity": "1",
        "due_on": "2030-01-01",
        "late_days": "0",
        "back": "/",
        "email": "someone@b.example",
        "role": "admin",
        "audience": "everyone",
        "subject": "Renamed",
        "body": "Renamed",
        "text": "Renamed",
        "kind": "later",
        "done": "1",
        "grounds": "g",
        "uphold": "1",
        "decision": "d",
        "brief": "Renamed",
        "opens_at": "2030-01-01T09:00",
        "closes_at": "2030-01-02T09:00",
        "self_study_minimum_percent": "0",
        "gates_assessment": "",
        "minutes": "5",
        "partner-name": "Renamed",
    }


@pytest.mark.parametrize("siblings", [False, True], ids=["other-provider", "sibling-partner"])
def test_admin_a_cannot_change_provider_b_through_any_form(client, cast, provider_b_world, siblings):
    """Also when A and B are delivery partners of one lead provider: a partner's admin reaches no sibling's."""
    if siblings:
        lead = factories.ProviderFactory(name="Lead")
        Provider.objects.filter(pk__in=[cast.provider_a.pk, cast.provider_b.pk]).update(lead_provider=lead)
    payload = _payload(provider_b_world)
    before = _snapshot(cast.provider_b)
    client.force_login(cast.admin_a)
    changed = []
    for name, _method, kwargs, _expected in MATRIX:
        if name in ("accounts:logout", "admin:index"):
            continue
        with transaction.atomic():  # the row's own objects and whatever the POST did are rolled back
            url = reverse(name, kwargs=kwargs(cast) if kwargs else None)
            response = client.post(url, payload)
            if response.streaming:
                b"".join(response.streaming_content)
            assert response.status_code < 500, f"POST {url}: {response.status_code}"
            if _snapshot(cast.provider_b) != before:
                changed.append(url)
            transaction.set_rollback(True)
        client.force_login(cast.admin_a)  # a form may have signed the admin out or replaced the session
    assert not changed, f"Provider B's data changed through: {changed}"


def test_the_snapshot_sees_a_change_to_provider_b(cast, provider_b_world):
    before = _snapshot(cast.provider_b)
    Enrolment.objects.filter(pk=provider_b_world["enrolment"][0]).update(status=Enrolment.Status.WITHDRAWN)
    assert _snapshot(cast.provider_b) != before
