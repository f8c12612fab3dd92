"""A participant uploads evidence and maps it to B3; their tutor accepts it; coverage rises."""

import re

import pytest
from playwright.sync_api import expect

from cohorts.models import Cohort
from nasenco.files.samples import SMALL_PDF
from portfolio.models import Mapping
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_evidence_mapped_reviewed_and_counted(page, demo, tmp_path):
    group_152 = Cohort.objects.get(name="Group 152")
    sign_in(page, "lucy.bennett@school.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My portfolio").click()
    before = int(page.locator("#coverage-B").get_attribute("value"))
    page.get_by_role("link", name="Add evidence").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Evaluating our reading intervention")
    page.get_by_label("Kind").select_option("observation")
    page.get_by_label("Date of the activity").fill("2024-05-14")
    page.get_by_label("Reflection").fill("I compared reading ages before and after the intervention.")
    evidence_file = tmp_path / "Reading intervention.pdf"
    evidence_file.write_bytes(SMALL_PDF)
    page.get_by_label("Files", exact=True).set_input_files(str(evidence_file))
    page.get_by_label("I have checked that no pupil can be identified").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Evaluating our reading intervention").wait_for()
    expect(page.get_by_role("link", name="Reading intervention.pdf", exact=True)).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile(r"^Open in the browser.*Reading intervention\.pdf"))
    ).to_be_visible()
    page.get_by_label("Learning outcome").select_option(label=page.locator("option", has_text="B3 —").inner_text())
    page.get_by_label("How this item evidences it").fill(
        "I evaluated evidence about an intervention for pupils with SEN."
    )
    page.get_by_role("button", name="Map it").click()
    page.get_by_text("Mapped to B3").wait_for()
    assert_accessible(page)
    evidence_url = page.url

    page.context.clear_cookies()
    tutor = group_152.tutors.first()
    sign_in(page, tutor.email)
    page.goto(evidence_url)
    page.get_by_label("Accept").check()
    page.get_by_label("Comment for the participant").fill("A clear, critical evaluation.")
    page.get_by_role("button", name="Save review").click()
    page.get_by_text("B3: Accepted.").wait_for()
    assert_accessible(page)
    assert (
        Mapping.objects.get(outcome__code="B3", evidence__title="Evaluating our reading intervention").status
        == "accepted"
    )

    page.context.clear_cookies()
    sign_in(page, "lucy.bennett@school.example")
    page.goto("/portfolio/")
    assert int(page.locator("#coverage-B").get_attribute("value")) > before
    expect(page.get_by_text("Evaluating our reading intervention").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Self-evaluation").click()
    page.get_by_label("B3 Critically evaluating evidence").select_option("3")
    page.get_by_role("button", name="Save ratings").click()
    page.get_by_text("1 rating saved for the start.").wait_for()
    assert_accessible(page)
