"""A participant hands in, a tutor marks, an admin releases; the participant reads the feedback and, once all
is met, downloads the certificate."""

import re

import pytest
from playwright.sync_api import expect

from assessment import services
from assessment.models import Component, Submission
from enrolment.models import Enrolment
from nasenco.files.samples import SMALL_PDF
from tests.browser.conftest import assert_accessible, sign_in
from tests.nasenco.test_word_count import docx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = SMALL_PDF


def test_hand_in_mark_release_read_and_certificate(page, demo, tmp_path):
    enrolment = Enrolment.objects.get(participant__email="sarah.ahmed@school.example")
    components = list(Component.objects.filter(programme=enrolment.cohort.programme).order_by("order"))
    tutor = enrolment.cohort.tutors.first()
    # seed_demo has Sarah's other three components released and her declaration verified.

    sign_in(page, "sarah.ahmed@school.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My assessment").click()
    assert_accessible(page)
    page.get_by_role("link", name=f"Hand in your work for {components[0].title}").click()
    page.wait_for_load_state("load")  # the page's scripts have run (a busy machine: the file is chosen after)
    # Choosing a file counts its words and offers the count to confirm (word-count.js, through the CSP).
    draft = tmp_path / "Assignment 1 draft.docx"
    draft.write_bytes(docx("<w:p><w:r><w:t>" + " ".join(["word"] * 120) + "</w:t></w:r></w:p>"))
    page.get_by_label("Your work").set_input_files(str(draft))
    page.get_by_text("We counted 120 words in Assignment 1 draft.docx").wait_for()
    expect(page.get_by_label("Word count")).to_have_value("120")
    work = tmp_path / "Assignment 1.pdf"
    work.write_bytes(PDF)
    page.get_by_label("Your work").set_input_files(str(work))
    page.get_by_label("Word count").fill("2700")
    page.get_by_label("This is my own work").check()
    assert_accessible(page)
    page.get_by_role("button", name="Hand in").click()
    page.get_by_text("A copy of this receipt is on its way").wait_for()

    page.context.clear_cookies()
    sign_in(page, "admin@eastern-partnership.example")
    page.goto(f"/assessment/cohort/{enrolment.cohort_id}/marking/")
    page.get_by_role("button", name="Share unallocated work between the tutors").click()
    page.get_by_text("shared between the cohort's tutors").wait_for()
    assert_accessible(page)  # the marking queue, with its allocation controls
    page.goto(f"/assessment/cohort/{enrolment.cohort_id}/")
    expect(page.get_by_role("heading", name="How Group 152 is assessed")).to_be_visible()
    assert_accessible(page)  # the scheme, with the due-date forms
    Submission.objects.filter(component=components[0]).update(marker=tutor)  # the cohort's first tutor marks it

    page.context.clear_cookies()
    sign_in(page, tutor.email)
    page.goto(f"/assessment/cohort/{enrolment.cohort_id}/marking/")
    page.get_by_role("link", name="Mark Sarah Ahmed").click()
    page.wait_for_url(re.compile(r"/mark/$"))  # loaded, so rubric.js is listening before a band is chosen
    criteria = list(components[0].criteria.all())
    for criterion in criteria:  # the rubric: a band per criterion, by click, fills its usual mark
        page.get_by_role("radio", name=re.compile(f"Merit for {re.escape(criterion.title)}")).check()
        expect(page.get_by_label(f"Mark for {criterion.title} (0–100)")).to_have_value("65")
    expect(page.locator("#rubric-total")).to_contain_text("Running total: 65 (Merit)")
    page.get_by_label(f"Mark for {criterion.title} (0–100)").fill("72")  # typing a mark moves the band
    expect(page.get_by_role("radio", name=re.compile(f"Distinction for {re.escape(criterion.title)}"))).to_be_checked()
    for criterion in criteria:  # 68 everywhere: near the distinction boundary, so it is sampled for moderation
        page.get_by_label(f"Mark for {criterion.title} (0–100)").fill("68")
    expect(page.locator("#rubric-total")).to_contain_text("Running total: 68 (Merit)")
    page.get_by_label(f"Feedback on {criteria[0].title}").fill("Sharp use of the Code of Practice.")
    page.get_by_label("Feedback for the participant").fill("A well-argued action plan.")
    assert_accessible(page)
    page.get_by_role("button", name="Save mark", exact=True).click()
    page.get_by_text("Saved: 68, Merit.").wait_for()

    james = Submission.objects.get(component=components[0], enrolment__participant__full_name="James O'Connor")
    services.mark_save(
        submission=james,
        by=tutor,
        criterion_marks={c.pk: 58 for c in components[0].criteria.all()},
        feedback="Sound.",
        expected_version=james.version,
    )  # the rest of the cohort's marking

    page.context.clear_cookies()
    sign_in(page, "admin@eastern-partnership.example")
    page.goto(f"/assessment/cohort/{enrolment.cohort_id}/marking/")
    page.get_by_role("button", name=f"Draw the sample for {components[0].title}").click()
    assert_accessible(page)  # the confirmation: which pieces go to second marking
    page.get_by_role("button", name="Draw the sample").click()
    page.get_by_text("added to the moderation sample").wait_for()
    page.get_by_role("link", name="Moderate Sarah Ahmed").click()
    page.get_by_label("Your mark (0–100)").fill("66")
    assert_accessible(page)
    page.get_by_role("button", name="Record the mark").click()
    page.get_by_text("Moderation mark recorded.").wait_for()
    admin = enrolment.cohort.provider.memberships.get(role="admin").user
    for sampled in Submission.objects.filter(component=components[0], in_sample=True, agreed_mark__isnull=True):
        services.moderation_mark_save(submission=sampled, by=admin, mark=sampled.raw_mark)  # the rest of the sample
    page.get_by_role("button", name=f"Release {components[0].title}").click()
    page.get_by_text("What each person is told").wait_for()  # who is affected and the email, first
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Release \d+ mark")).click()
    page.get_by_text("mark(s) released").wait_for()
    page.goto(f"/assessment/cohort/{enrolment.cohort_id}/awards/")
    page.get_by_role("button", name="Confirm the award for Sarah Ahmed").click()
    page.get_by_role("button", name="Confirm the award").click()
    page.get_by_text("Awarded: certificate").first.wait_for()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, "sarah.ahmed@school.example")
    page.goto("/assessment/")
    expect(page.get_by_text("A well-argued action plan.")).to_be_visible()
    expect(page.get_by_text("Sharp use of the Code of Practice.")).to_be_visible()  # feedback per criterion
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate").click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert_accessible(page)
