"""Provider admins edit what only the platform admin could: their details, reply-to and signatory, the
declaration's clauses and each component's assessment settings; each change is logged, and a change that
touches marked work asks first."""

import pytest
from django.core import mail
from django.urls import reverse

from assessment import services as assessment
from assessment.models import Component
from cohorts.models import ActivityEntry
from cohorts.services import invitation_send
from enrolment import services as enrolment
from enrolment.models import Enrolment
from nasenco.mail.models import OutboxEmail
from nasenco.mail.services import email_send
from tests import factories

pytestmark = pytest.mark.django_db


def _form(provider, **changes):
    fields = ["name", "accrediting_university", "contact_email", "website", "reply_to", "signatory_name"]
    return {**{f: getattr(provider, f) for f in fields}, "signatory_role": provider.signatory_role, **changes}


def test_details_reply_to_and_signatory_are_saved_logged_and_replies_go_to_the_provider(client, cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(cast.admin_a)
    assert client.get(reverse("cohorts:provider-settings")).url == reverse(
        "cohorts:provider-edit", args=[cast.provider_a.pk]
    )
    response = client.post(
        reverse("cohorts:provider-edit", args=[cast.provider_a.pk]),
        _form(cast.provider_a, reply_to="nasenco@uni.example", signatory_name="Prof. Ada Byrne", signatory_role="Dean"),
    )
    assert response.status_code == 302
    cast.provider_a.refresh_from_db()
    assert (cast.provider_a.reply_to, cast.provider_a.signatory_name) == ("nasenco@uni.example", "Prof. Ada Byrne")
    entry = ActivityEntry.objects.get(action="settings.provider")
    assert entry.by == cast.admin_a and entry.changes["reply_to"] == ["", "nasenco@uni.example"]

    invitation_send(provider=cast.provider_a, email="sam@school.example", role="tutor", by=cast.admin_a)
    email = OutboxEmail.objects.get(to="sam@school.example")
    email_send(email_id=email.pk)
    assert mail.outbox[-1].reply_to == ["nasenco@uni.example"]


def test_bad_details_are_refused_next_to_the_field_and_another_providers_page_is_not_found(client, cast):
    client.force_login(cast.admin_a)
    page = client.post(
        reverse("cohorts:provider-edit", args=[cast.provider_a.pk]), _form(cast.provider_a, reply_to="nope")
    )
    assert page.status_code == 200 and "Enter a valid email address" in page.content.decode()
    taken = client.post(
        reverse("cohorts:provider-edit", args=[cast.provider_a.pk]), _form(cast.provider_a, name="Provider B")
    )
    assert "already exists" in taken.content.decode()
    assert client.get(reverse("cohorts:provider-edit", args=[cast.provider_b.pk])).status_code == 404
    assert not ActivityEntry.objects.filter(action="settings.provider").exists()


def test_declaration_clauses_apply_to_new_links_and_are_logged(client, cast):
    client.force_login(cast.admin_a)
    url = reverse("enrolment:declaration-clauses", args=[cast.provider_a.pk])
    response = client.post(
        url, {"text": "The school will release the SENCO for every session.\n\nThe SENCO has a mentor."}
    )
    assert response.status_code == 302
    place = factories.EnrolmentFactory(cohort=cast.cohort_a1, status=Enrolment.Status.AWAITING_DECLARATION)
    declaration = enrolment.declaration_issue(enrolment=place, by=cast.admin_a)
    assert declaration.clauses == "The school will release the SENCO for every session.\nThe SENCO has a mentor."
    assert ActivityEntry.objects.filter(action="settings.declaration", by=cast.admin_a).count() == 1


def test_declaration_clauses_cannot_be_blank_lines(client, cast):
    client.force_login(cast.admin_a)
    page = client.post(reverse("enrolment:declaration-clauses", args=[cast.provider_a.pk]), {"text": "   \n\n  "})
    assert page.status_code == 200
    assert "Fill this in to continue." in page.content.decode() or "Write at least one clause" in page.content.decode()
    assert not ActivityEntry.objects.filter(action="settings.declaration").exists()


def test_declaration_clauses_of_only_blank_lines_after_trimming_are_refused_by_the_service(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Write at least one clause"):
        enrolment.declaration_clauses_save(provider=cast.provider_a, text=" \n \t\n", by=cast.admin_a)


def _settings(component, **changes):
    fields = ["pass_mark", "word_limit", "word_tolerance_percent", "over_length_penalty", "moderation_percent"]
    fields += ["appeal_days"]
    data = {f: getattr(component, f) or "" for f in fields}
    if component.anonymous_marking:
        data["anonymous_marking"] = "on"
    return {**data, **changes}


def test_component_settings_save_and_ask_first_when_marks_exist(client, cast):
    component = assessment.component_create(
        programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7", credits=30, word_limit=5000
    )
    url = reverse("assessment:component-settings", args=[cast.cohort_a1.pk, component.pk])
    client.force_login(cast.admin_a)
    assert client.post(url, _settings(component, pass_mark=40)).status_code == 302
    assert Component.objects.get(pk=component.pk).pass_mark == 40

    submission = factories.hand_in(cast.participant_a1.enrolments.get(), component)
    marks = {c.pk: 60 for c in component.criteria.all()}
    assessment.mark_save(
        submission=submission,
        by=cast.tutor_a1,
        criterion_marks=marks,
        feedback="ok",
        expected_version=submission.version,
    )
    asked = client.post(url, _settings(Component.objects.get(pk=component.pk), pass_mark=50))
    page = asked.content.decode()
    assert asked.status_code == 200 and "1 piece(s) of Assignment 1 already have a mark" in page
    assert Component.objects.get(pk=component.pk).pass_mark == 40  # nothing changed yet
    assert (
        client.post(
            url, {**_settings(Component.objects.get(pk=component.pk), pass_mark=50), "confirm": "yes"}
        ).status_code
        == 302
    )
    assert Component.objects.get(pk=component.pk).pass_mark == 50
    entries = ActivityEntry.objects.filter(action="settings.component").order_by("pk")
    assert [e.changes["pass_mark"] for e in entries] == [[50, 40], [40, 50]]
    tutor = client.__class__()
    tutor.force_login(cast.tutor_a1)
    assert tutor.post(url, _settings(component, pass_mark=1)).status_code == 403


def _png() -> bytes:
    import io

    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (120, 40), (20, 60, 120)).save(data, "PNG")
    return data.getvalue()


def test_a_logo_and_signatory_appear_on_certificates_and_a_bad_logo_is_refused(client, cast):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfReader

    from assessment.models import Award

    client.force_login(cast.admin_a)
    url = reverse("cohorts:provider-edit", args=[cast.provider_a.pk])
    bad = client.post(url, {**_form(cast.provider_a), "logo_file": SimpleUploadedFile("logo.png", b"GIF89a not a png")})
    assert bad.status_code == 200 and "not really" in bad.content.decode()
    response = client.post(
        url,
        {
            **_form(cast.provider_a, signatory_name="Prof. Ada Byrne", signatory_role="Programme Director"),
            "logo_file": SimpleUploadedFile("Our logo.png", _png()),
        },
    )
    assert response.status_code == 302
    cast.provider_a.refresh_from_db()
    assert cast.provider_a.logo.name.endswith(".png") and cast.provider_a.logo_type == "image/png"
    logo = client.get(reverse("cohorts:provider-logo", args=[cast.provider_a.pk]))
    assert logo.status_code == 200 and b"".join(logo.streaming_content).startswith(b"\x89PNG")
    client.force_login(cast.admin_b)
    assert client.get(reverse("cohorts:provider-logo", args=[cast.provider_a.pk])).status_code == 404

    award = Award.objects.create(
        enrolment=cast.participant_a1.enrolments.get(), certificate_number="NASENCO-2026-LOGO0001",
        holder_name=cast.participant_a1.full_name, scope="full", completed_on="2026-07-01",
    )  # fmt: skip
    client.force_login(cast.participant_a1)
    pdf = client.get(reverse("assessment:certificate", args=[award.pk])).content
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert "Prof. Ada Byrne, Programme Director" in page.extract_text()
    assert len(page.images) == 2  # the logo, and the QR code of the verification address
