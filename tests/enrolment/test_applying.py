"""A teacher applies: profile, draft, submission, the automatic eligibility decision and the head's email."""

import pytest
from django.urls import reverse

from cohorts.models import Cohort
from enrolment.models import Declaration, Enrolment, EnrolmentEvent, ParticipantProfile
from nasenco.mail.models import OutboxEmail
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_cohort(cast):
    cast.cohort_a2.status = Cohort.Status.OPEN
    cast.cohort_a2.save()
    return cast.cohort_a2  # its first session is in 2023: a NASENCO course that started in time


def answers(**overrides):
    return {
        "qualified_status": "QTS",
        "qualified_on": "2012-07-20",
        "trn": "1234567",
        "induction": "completed",
        "setting": "maintained",
        "spells-TOTAL_FORMS": "0",
        "spells-INITIAL_FORMS": "0",
        "role": "designated",
        "appointed_on": "2023-01-09",
        "school_name": "Meadow Primary School",
        "school_urn": "123456",
        "school_phase": "primary",
        "school_local_authority": "Suffolk",
        "school_postcode": "ip1 1aa",
        "headteacher_name": "Ms Ada Head",
        "headteacher_email": "head@meadow.example",
        **overrides,
    }


def test_a_draft_is_saved_and_nothing_is_sent(client, open_cohort):
    teacher = factories.UserFactory()
    client.force_login(teacher)
    url = reverse("enrolment:application", args=[open_cohort.pk])
    response = client.post(url, {**answers(), "action": "save"})
    assert response["Location"] == url
    enrolment = Enrolment.objects.get(participant=teacher)
    assert enrolment.status == Enrolment.Status.DRAFT
    assert ParticipantProfile.objects.get(user=teacher).school.postcode == "IP1 1AA"
    assert not OutboxEmail.objects.exists()
    page = client.get(url).content.decode()
    assert 'value="Ms Ada Head"' in page and 'value="1234567"' in page  # the draft comes back filled in


def test_submitting_an_eligible_application_asks_the_head(client, open_cohort, django_capture_on_commit_callbacks):
    teacher = factories.UserFactory(full_name="Nia Roberts")
    client.force_login(teacher)
    url = reverse("enrolment:application", args=[open_cohort.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**answers(), "action": "submit"})
    enrolment = Enrolment.objects.get(participant=teacher)
    assert enrolment.status == Enrolment.Status.AWAITING_DECLARATION
    assert (enrolment.eligible, enrolment.award_scope) == (True, "full")
    assert any("completed statutory induction" in r["text"] for r in enrolment.reasons)
    steps = list(EnrolmentEvent.objects.filter(enrolment=enrolment).values_list("to_status", flat=True))
    assert steps == ["draft", "submitted", "eligible", "awaiting_declaration"]
    email = OutboxEmail.objects.get(to="head@meadow.example")
    assert "Nia Roberts" in email.subject
    assert "/declaration/" in email.body_text
    assert Declaration.objects.get(enrolment=enrolment).status == Declaration.Status.SENT
    page = client.get(url).content.decode()
    assert "We have emailed Ms Ada Head" in page
    assert "9 January 2026" in page  # the statutory deadline: third anniversary of appointment


def test_an_ineligible_application_gets_its_reasons_and_can_be_corrected(client, open_cohort):
    teacher = factories.UserFactory()
    client.force_login(teacher)
    url = reverse("enrolment:application", args=[open_cohort.pk])
    client.post(url, {**answers(induction="not_completed"), "action": "submit"})
    enrolment = Enrolment.objects.get(participant=teacher)
    assert enrolment.status == Enrolment.Status.INELIGIBLE
    page = client.get(url).content.decode()
    assert "Your last submission was not eligible" in page
    assert "must have completed statutory induction" in page
    client.post(url, {**answers(), "action": "submit"})
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.AWAITING_DECLARATION


def test_eyts_is_accepted_for_the_early_years_only(client, open_cohort):
    teacher = factories.UserFactory()
    client.force_login(teacher)
    client.post(
        reverse("enrolment:application", args=[open_cohort.pk]),
        {**answers(qualified_status="EYTS", induction="", school_phase="early_years"), "action": "submit"},
    )
    assert Enrolment.objects.get(participant=teacher).award_scope == "early_years"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"trn": "12345"}, "A teacher reference number is seven digits"),
        ({"appointed_on": "2099-01-01"}, "This date is in the future"),
        ({"qualified_on": "2020-09-01", "appointed_on": "2019-09-01"}, "became SENCO before you qualified"),
        ({"school_urn": "12"}, "A URN is six digits"),
        ({"headteacher_email": "not-an-email"}, "Enter a valid email address"),
    ],
)
def test_bad_answers_are_explained_and_nothing_is_saved(client, open_cohort, overrides, message):
    teacher = factories.UserFactory()
    client.force_login(teacher)
    page = client.post(
        reverse("enrolment:application", args=[open_cohort.pk]), {**answers(**overrides), "action": "submit"}
    ).content.decode()
    assert message in page
    assert "Your application is not saved yet" in page
    assert not Enrolment.objects.filter(participant=teacher).exists()
    assert 'value="Meadow Primary School"' in page


def test_the_head_cannot_be_the_applicant(client, open_cohort):
    teacher = factories.UserFactory(email="me@meadow.example")
    client.force_login(teacher)
    page = client.post(
        reverse("enrolment:application", args=[open_cohort.pk]),
        {**answers(headteacher_email="ME@meadow.example"), "action": "submit"},
    ).content.decode()
    assert "must come from your headteacher, not from you" in page


def test_a_cohort_not_open_cannot_be_applied_to(client, cast):
    client.force_login(factories.UserFactory())
    assert client.get(reverse("enrolment:application", args=[cast.cohort_b1.pk])).status_code == 404


def test_the_apply_page_lists_open_cohorts(client, open_cohort):
    client.force_login(factories.UserFactory())
    page = client.get(reverse("enrolment:apply")).content.decode()
    assert "<strong>A2</strong>" in page and "<strong>B1</strong>" not in page


def test_sign_up_then_apply(client, open_cohort):
    response = client.post(
        reverse("accounts:sign-up"),
        {
            "full_name": "Nia Roberts",
            "email": "Nia@School.example",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    assert response["Location"] == reverse("enrolment:apply")
    page = client.get(reverse("enrolment:apply")).content.decode()
    assert "Nia Roberts" in page  # signed in
    again = client.post(
        reverse("accounts:sign-up"),
        {
            "full_name": "Someone",
            "email": "nia@school.example",
            "password1": "x-long-passphrase-2",
            "password2": "x-long-passphrase-2",
        },
    )
    assert again.status_code == 302  # already signed in: sent to the dashboard, no second account


def test_sign_up_refuses_an_existing_email(client):
    factories.UserFactory(email="taken@school.example")
    page = client.post(
        reverse("accounts:sign-up"),
        {
            "full_name": "X",
            "email": "TAKEN@school.example",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    ).content.decode()
    assert "An account already uses this email address" in page


def test_deadline_for_a_leap_day_appointment(client, open_cohort):
    teacher = factories.UserFactory()
    client.force_login(teacher)
    url = reverse("enrolment:application", args=[open_cohort.pk])
    client.post(url, {**answers(appointed_on="2024-02-29"), "action": "submit"})
    assert "28 February 2027" in client.get(url).content.decode()


def test_a_draft_cannot_be_submitted_once_the_cohort_closes(client, open_cohort):
    teacher = factories.UserFactory()
    client.force_login(teacher)
    url = reverse("enrolment:application", args=[open_cohort.pk])
    client.post(url, {**answers(), "action": "save"})
    open_cohort.status = Cohort.Status.RUNNING
    open_cohort.save()
    page = client.post(url, {**answers(), "action": "submit"}).content.decode()
    assert "no longer taking applications" in page
    assert Enrolment.objects.get(participant=teacher).status == Enrolment.Status.DRAFT


def test_a_draft_saves_whatever_is_filled_in_and_submitting_says_what_is_missing(client, open_cohort):
    teacher = factories.UserFactory()
    client.force_login(teacher)
    url = reverse("enrolment:application", args=[open_cohort.pk])
    page = client.get(url).content.decode()
    assert "checked" not in page  # no answer is chosen for the teacher
    sparse = {"qualified_status": "QTS", "spells-TOTAL_FORMS": "0", "spells-INITIAL_FORMS": "0"}
    response = client.post(url, {**sparse, "action": "save"})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(participant=teacher)
    assert enrolment.status == Enrolment.Status.DRAFT and enrolment.eligible is None
    page = client.get(url).content.decode()
    assert "We need to know more before we can say" in page
    assert "when you gained QTS" in page and "your role" in page

    page = client.post(url, {**sparse, "action": "submit"}).content.decode()
    assert "Before you submit, we need to know:" in page and "your headteacher" in page
    assert "Your answers are saved as a draft." in page
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.DRAFT
