"""The enrolment state machine: allowed moves, the audit trail, and capacity under concurrent acceptance."""

import os
import threading

import pytest
from django.db import connection
from django.urls import reverse

from enrolment.models import Enrolment, EnrolmentEvent
from enrolment.services import CohortFull, TransitionRefused, enrolment_transition
from enrolment.states import TRANSITIONS, can_move
from tests import factories

S = Enrolment.Status


@pytest.mark.parametrize(
    ("from_status", "to_status", "allowed"),
    [
        (S.DRAFT, S.SUBMITTED, True),
        (S.SUBMITTED, S.ELIGIBLE, True),
        (S.SUBMITTED, S.ACCEPTED, False),  # no skipping the declaration
        (S.INELIGIBLE, S.SUBMITTED, True),  # corrected and resubmitted
        (S.AWAITING_DECLARATION, S.ACCEPTED, True),
        (S.ACCEPTED, S.TRANSFERRED, True),
        (S.DEFERRED, S.ACTIVE, True),
        (S.COMPLETED, S.ACTIVE, False),
        (S.WITHDRAWN, S.ACTIVE, False),
    ],
)
def test_allowed_moves(from_status, to_status, allowed):
    assert can_move(from_status, to_status) is allowed


def test_every_state_is_in_the_table():
    assert set(TRANSITIONS) == set(S.values)


@pytest.mark.django_db
def test_a_move_records_who_when_and_why(cast):
    enrolment = factories.awaiting_acceptance(cast.cohort_a1)
    moved = enrolment_transition(enrolment=enrolment, to=S.ACCEPTED, by=cast.admin_a, reason="Declaration verified.")
    assert moved.status == S.ACCEPTED
    event = EnrolmentEvent.objects.get(enrolment=enrolment)
    assert (event.from_status, event.to_status, event.by, event.reason) == (
        S.AWAITING_DECLARATION,
        S.ACCEPTED,
        cast.admin_a,
        "Declaration verified.",
    )
    assert event.at is not None


@pytest.mark.django_db
def test_no_place_is_accepted_before_the_declaration_is_verified(cast):
    waiting = factories.DeclarationFactory(enrolment__cohort=cast.cohort_a1, status="uploaded").enrolment
    with pytest.raises(TransitionRefused, match="declaration has not been verified"):
        enrolment_transition(enrolment=waiting, to=S.ACCEPTED, by=cast.admin_a)


@pytest.mark.django_db
def test_a_refused_move_says_why_and_changes_nothing(cast):
    enrolment = factories.EnrolmentFactory(cohort=cast.cohort_a1, status=S.WITHDRAWN)
    with pytest.raises(TransitionRefused, match="cannot move to “Studying”"):
        enrolment_transition(enrolment=enrolment, to=S.ACTIVE, by=cast.admin_a)
    enrolment.refresh_from_db()
    assert enrolment.status == S.WITHDRAWN
    assert not EnrolmentEvent.objects.exists()


@pytest.mark.django_db
def test_repeating_a_move_does_nothing(cast):
    enrolment = factories.EnrolmentFactory(cohort=cast.cohort_a1, status=S.ACTIVE)
    enrolment_transition(enrolment=enrolment, to=S.ACTIVE, by=cast.admin_a)
    assert not EnrolmentEvent.objects.exists()


@pytest.mark.django_db
def test_accepting_beyond_capacity_is_refused(cast):
    cast.cohort_a1.capacity = 1  # participant_a1 holds the only place
    cast.cohort_a1.save()
    waiting = factories.awaiting_acceptance(cast.cohort_a1)
    with pytest.raises(CohortFull, match="all 1 places are taken"):
        enrolment_transition(enrolment=waiting, to=S.ACCEPTED, by=cast.admin_a)


@pytest.mark.django_db(transaction=True)
def test_two_admins_accepting_at_once_cannot_overbook(cast):
    """Run against PostgreSQL in CI: two threads, two connections, one place left."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run this test on PostgreSQL (DATABASE_URL)")
        pytest.skip("row locks need PostgreSQL; CI runs this test there")
    cohort = cast.cohort_a1
    cohort.capacity = 2  # participant_a1 holds one; one place left
    cohort.save()
    contenders = [factories.awaiting_acceptance(cohort) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(enrolment):
        from django.db import connections

        try:
            barrier.wait()
            enrolment_transition(enrolment=enrolment, to=S.ACCEPTED, by=cast.admin_a)
            outcomes.append("accepted")
        except CohortFull:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(e,)) for e in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["accepted", "full"]
    assert Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.ON_PROGRAMME).count() == 2


@pytest.mark.django_db
def test_transfer_moves_the_place_and_keeps_the_history(client, cast):
    from cohorts.models import Cohort

    cast.cohort_a2.status = Cohort.Status.RUNNING
    cast.cohort_a2.save()
    old = cast.participant_a1.enrolments.get()
    client.force_login(cast.admin_a)
    response = client.post(
        reverse("enrolment:pipeline-transfer", args=[old.pk]),
        {"cohort": cast.cohort_a2.pk, "reason": "Moved house."},
    )
    old.refresh_from_db()
    new = old.transferred_to
    assert response["Location"] == reverse("enrolment:pipeline-detail", args=[new.pk])
    assert (old.status, new.status, new.cohort) == (S.TRANSFERRED, S.ACTIVE, cast.cohort_a2)
    assert "Transferred to A2 (2023-24). Moved house." in old.events.last().reason
    on_a2 = set(
        cast.cohort_a2.enrolments.filter(status__in=Enrolment.ON_PROGRAMME).values_list("participant_id", flat=True)
    )
    assert on_a2 == {cast.participant_a1.pk, cast.participant_a2.pk}


@pytest.mark.django_db
def test_transfer_refusals(cast):
    from enrolment.services import enrolment_transfer

    old = cast.participant_a1.enrolments.get()
    with pytest.raises(TransitionRefused, match="same provider"):
        enrolment_transfer(enrolment=old, to_cohort=cast.cohort_b1, by=cast.admin_a)
    with pytest.raises(TransitionRefused, match="already has a place"):
        factories.EnrolmentFactory(cohort=cast.cohort_a2, participant=cast.participant_a1, status=S.DRAFT)
        enrolment_transfer(enrolment=old, to_cohort=cast.cohort_a2, by=cast.admin_a)


@pytest.mark.django_db
def test_the_applicant_is_told_when_a_place_is_confirmed_refused_or_sent_back(cast):
    from enrolment.services import declaration_reject
    from nasenco.mail.models import OutboxEmail

    enrolment = factories.awaiting_acceptance(cast.cohort_a1)
    applicant = enrolment.participant.email
    enrolment_transition(enrolment=enrolment, to=S.ACCEPTED, by=cast.admin_a, reason="Welcome.")
    confirmed = OutboxEmail.objects.get(to=applicant)
    assert "Your place is confirmed" in confirmed.subject
    assert (
        "Welcome." in confirmed.body_text
        and reverse("enrolment:application", args=[cast.cohort_a1.pk]) in confirmed.body_text
    )

    other = factories.EnrolmentFactory(cohort=cast.cohort_a1, status=S.SUBMITTED)
    enrolment_transition(enrolment=other, to=S.INELIGIBLE, reason="A SENCO must be a qualified teacher.")
    refused = OutboxEmail.objects.get(to=other.participant.email)
    assert "cannot offer you a place" in refused.subject and "qualified teacher" in refused.body_text

    sent_back = factories.DeclarationFactory(enrolment__cohort=cast.cohort_a1, status="uploaded")
    declaration_reject(declaration=sent_back, by=cast.admin_a, reason="The signature is typed.")
    told = OutboxEmail.objects.get(to=sent_back.enrolment.participant.email)
    assert "sent back" in told.subject and "The signature is typed." in told.body_text


@pytest.mark.django_db
def test_a_form_that_fails_comes_back_with_its_errors_and_changes_nothing(client, cast):
    enrolment = cast.participant_a1.enrolments.get()
    client.force_login(cast.admin_a)
    response = client.post(
        reverse("enrolment:pipeline-transition", args=[enrolment.pk]), {"to": "completed-ish", "reason": "Typo"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page and "Typo</textarea>" in page
    enrolment.refresh_from_db()
    assert enrolment.status == S.ACTIVE
