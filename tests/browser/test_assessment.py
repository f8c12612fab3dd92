"""A participant hands in, a tutor marks, an admin releases; the participant reads the feedback and, once all
is met, downloads the certificate."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment import services
from assessment.models import Component, Submission
from enrolment.models import Declaration, Enrolment
from nasenco.files.uploads import check_evidence_upload
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import moderate_and_release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pass_the_rest(enrolment, tutor, admin, components):
    """The other components, passed and released, so the award depends on what the browser does."""
    for component in components:
        upload = SimpleUploadedFile("work.pdf", PDF)
        submission = services.submission_create(
            enrolment=enrolment,
            component=component,
            upload=upload,
            checked=check_evidence_upload(upload, max_bytes=10_000_000),
            word_count=2000,
            own_work=True,
        )
        services.allocate(submission=submission, marker=tutor)
        services.mark_save(
            submission=submission,
            by=tutor,
            passed=True,
            criterion_marks={c.pk: 64 for c in component.criteria.all()},
            feedback="Done.",
            expected_version=1,
        )
        moderate_and_release(cohort=enrolment.cohort, component=component, moderator=admin, admin=admin)


def test_hand_in_mark_release_read_and_certificate(page, demo, tmp_path):
    enrolment = Enrolment.objects.get(participant__email="sarah.ahmed@school.example")
    components = list(Component.objects.filter(programme=enrolment.cohort.programme).order_by("order"))
    tutor = enrolment.cohort.tutors.first()
    admin = enrolment.cohort.provider.memberships.get(role="admin").user
    Declaration.objects.create(
        enrolment=enrolment,
        clauses="x",
        status="verified",
        sent_at=dt.datetime.now(dt.UTC),
        expires_at=dt.datetime.now(dt.UTC),
    )
    pass_the_rest(enrolment, tutor, admin, components[1:])

    sign_in(page, "sarah.ahmed@school.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My assessment").click()
    assert_accessible(page)
    page.get_by_role("link", name=f"Hand in your work for {components[0].title}").click()
    work = tmp_path / "Assignment 1.pdf"
    work.write_bytes(PDF)
    page.get_by_label("Your work").set_input_files(str(work))
    page.get_by_label("Word count").fill("2700")
    page.get_by_label("This is my own work").check()
    assert_accessible(page)
    page.get_by_role("button", name="Hand in").click()
    page.get_by_text("A receipt is on its way").wait_for()

    page.context.clear_cookies()
    sign_in(page, "admin@eastern-partnership.example")
    page.goto(f"/assessment/cohort/{enrolment.cohort_id}/marking/")
    page.get_by_role("button", name="Share unallocated work between the tutors").click()
    page.get_by_text("shared between the cohort's tutors").wait_for()
    Submission.objects.filter(component=components[0]).update(marker=tutor)  # the cohort's first tutor marks it

    page.context.clear_cookies()
    sign_in(page, tutor.email)
    page.goto(f"/assessment/cohort/{enrolment.cohort_id}/marking/")
    page.get_by_role("link", name="Mark Sarah Ahmed").click()
    for criterion in components[0].criteria.all():
        page.get_by_label(f"{criterion.title} ({criterion.weight}%)").fill("68")
    page.get_by_label("Feedback for the participant").fill("A well-argued action plan.")
    assert_accessible(page)
    page.get_by_role("button", name="Save mark").click()
    page.get_by_text("Saved: 68, Merit.").wait_for()

    page.context.clear_cookies()
    sign_in(page, "admin@eastern-partnership.example")
    page.goto(f"/assessment/cohort/{enrolment.cohort_id}/marking/")
    page.get_by_role("button", name=f"Draw the sample for {components[0].title}").click()
    page.get_by_text("added to the moderation sample").wait_for()
    page.get_by_role("link", name="Moderate Sarah Ahmed").click()
    page.get_by_label("Your mark (0–100)").fill("66")
    assert_accessible(page)
    page.get_by_role("button", name="Record the mark").click()
    page.get_by_text("Moderation mark recorded.").wait_for()
    page.get_by_role("button", name=f"Release {components[0].title}").click()
    page.get_by_text("mark(s) released").wait_for()
    page.goto(f"/assessment/cohort/{enrolment.cohort_id}/awards/")
    page.get_by_role("button", name="Confirm the award for Sarah Ahmed").click()
    page.get_by_text("Awarded: certificate").first.wait_for()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, "sarah.ahmed@school.example")
    page.goto("/assessment/")
    assert page.get_by_text("A well-argued action plan.").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate").click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert_accessible(page)
