"""Confirming an award from real results, the certificate and transcript, and public verification."""

import io

import pytest
import qrcode
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from assessment import services
from assessment.models import Award
from cohorts import services as cohort_services
from enrolment.models import Enrolment
from nasenco.files.samples import SMALL_PDF
from portfolio import services as portfolio_services
from portfolio.models import Outcome
from tests import factories

pytestmark = pytest.mark.django_db
PDF = SMALL_PDF


def text_of(response) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def everything_met(cast):
    """participant_a1 has passed the one component, evidenced every outcome, attended, and is declared."""
    enrolment = cast.participant_a1.enrolments.get()
    enrolment.award_scope = "early_years"
    enrolment.save()
    factories.DeclarationFactory(enrolment=enrolment, status="verified")
    component = services.component_create(
        programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7", credits=30
    )
    submission = factories.hand_in(enrolment, component, words=4000)
    services.allocate(submission=submission, marker=cast.tutor_a1, by=cast.admin_a)
    services.mark_save(
        submission=submission,
        by=cast.tutor_a1,
        criterion_marks={c.pk: 66 for c in component.criteria.all()},
        feedback="Good.",
        expected_version=1,
    )
    factories.moderate_and_release(
        cohort=cast.cohort_a1, component=component, moderator=cast.admin_a, admin=cast.admin_a
    )
    portfolio = portfolio_services.portfolio_for(enrolment)
    evidence = factories.EvidenceFactory(portfolio=portfolio)
    for outcome in Outcome.objects.filter(framework=portfolio.framework):
        mapping = portfolio_services.mapping_add(
            evidence=evidence, outcome=outcome, justification="x", by=cast.participant_a1
        )
        portfolio_services.mapping_review(mapping=mapping, status="accepted", comment="", by=cast.tutor_a1)
    for day in cast.cohort_a1.days.filter(number__gt=0):
        cohort_services.attendance_record(day=day, marks={cast.participant_a1.pk: "present"}, by=cast.tutor_a1)
    return enrolment


def test_the_awards_page_lists_what_is_missing(client, cast):
    client.force_login(cast.admin_a)
    page = client.get(reverse("assessment:awards", args=[cast.cohort_a1.pk])).content.decode()
    assert "headteacher declaration has not been verified" in page
    assert "Learning outcomes without accepted evidence" in page


def test_confirming_refuses_until_everything_is_met(cast):
    with pytest.raises(ValidationError, match="Not yet"):
        services.award_confirm(enrolment=cast.participant_a1.enrolments.get(), by=cast.admin_a)
    assert not Award.objects.exists()


def test_award_certificate_transcript_and_verification(client, cast, everything_met):
    client.force_login(cast.admin_a)
    url = reverse("assessment:award-confirm", args=[cast.cohort_a1.pk, everything_met.pk])
    asked = client.post(url).content.decode()
    assert "Confirm the award" in asked and "0–5 early years" in asked and not Award.objects.exists()
    client.post(url, {"confirmed": "1"})
    award = Award.objects.get()
    assert award.certificate_number.startswith("NASENCO-")
    assert award.scope == "early_years"
    assert Enrolment.objects.get(pk=everything_met.pk).status == Enrolment.Status.COMPLETED

    client.force_login(cast.participant_a1)
    response = client.get(reverse("assessment:certificate", args=[award.pk]))
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 1 and pages[0].mediabox.width > pages[0].mediabox.height  # one A4 landscape page
    certificate = " ".join(text_of(response).split())
    assert cast.participant_a1.full_name in certificate and award.certificate_number in certificate
    assert "recognised for the 0–5 (early years) sector only" in certificate and "Page 1" not in certificate
    # Who signs it is a person: without a signatory set, the admin who confirmed the award; no deadline on it.
    assert f"{cast.admin_a.full_name}, Provider admin" in certificate and "Signed for" not in certificate
    assert "deadline" not in certificate.lower()
    assert f"{settings.SITE_URL}/assessment/verify/?number={award.certificate_number}" in certificate.replace("? ", "?")
    # The QR code is the verification address, module for module (a PNG: quick to draw, crisp when printed).
    (picture,) = pages[0].images
    expected = qrcode.make(f"{settings.SITE_URL}/assessment/verify/?number={award.certificate_number}", box_size=8)
    assert picture.image.convert("1").tobytes() == expected.get_image().convert("1").tobytes()
    transcript = text_of(client.get(reverse("assessment:transcript", args=[award.pk])))
    assert "Assignment 1" in transcript and "66" in transcript and "Merit" in transcript
    client.force_login(cast.participant_a2)
    assert client.get(reverse("assessment:certificate", args=[award.pk])).status_code == 404

    client.logout()
    page = client.get(reverse("assessment:verify"), {"number": award.certificate_number.lower()}).content.decode()
    assert "Genuine" in page and cast.participant_a1.full_name in page
    assert cast.participant_a1.email not in page  # name, award and date only
    assert "Not found" in client.get(reverse("assessment:verify"), {"number": "NASENCO-2026-FAKE"}).content.decode()


@pytest.mark.parametrize("extra_people", [0, 5])
def test_awards_page_query_count_does_not_grow(client, cast, extra_people, django_assert_num_queries):

    for _ in range(extra_people):
        factories.EnrolmentFactory(cohort=cast.cohort_a1)
    services.component_create(programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7", credits=30)
    client.force_login(cast.admin_a)
    with django_assert_num_queries(17):
        page = client.get(reverse("assessment:awards", args=[cast.cohort_a1.pk])).content.decode()
    assert page.count("Still to do:") == 1 + extra_people


def test_certificate_verification_is_rate_limited_per_address(client):
    """Issue 25 (7): the public register could be walked by guessing numbers as fast as one liked."""
    from assessment.views.awards import VERIFY_LIMIT

    url = reverse("assessment:verify")
    for n in range(VERIFY_LIMIT):
        assert client.get(url, {"number": f"NA-2026-{n:05d}"}, REMOTE_ADDR="203.0.113.5").status_code == 200
    refused = client.get(url, {"number": "NA-2026-99999"}, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429 and "Too many checks" in refused.content.decode()
    assert client.get(url, {"number": "NA-2026-99999"}, REMOTE_ADDR="198.51.100.9").status_code == 200
