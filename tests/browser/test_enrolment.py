"""A teacher applies, their headteacher uploads the signed declaration, an admin verifies and accepts."""

import pytest
from playwright.sync_api import expect

from cohorts.demo import open_npq_cohort
from enrolment.models import Enrolment
from nasenco.files.samples import SMALL_PDF
from nasenco.mail.models import OutboxEmail
from tests.browser.conftest import assert_accessible, sign_in, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIGNED_SCAN = SMALL_PDF


def test_a_teacher_applies_the_head_declares_and_an_admin_accepts(page, demo, browser, live_server, tmp_path):
    # The teacher creates an account and applies.
    page.goto("/accounts/sign-up/")
    sign_up(page, "Nia Roberts", "nia.roberts@school.example")
    page.get_by_role("heading", name="Apply for a place").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=f"Apply to {open_npq_cohort().name}").click()
    page.get_by_label("Qualified teacher status (QTS)").check()
    page.get_by_label("When did you gain it?").fill("2015-07-17")
    page.get_by_label("Teacher reference number (TRN)").fill("1234567")
    page.get_by_label("Yes, I have completed it").check()
    page.get_by_label("I am my school's designated SENCO").check()
    page.get_by_label("When did you become SENCO at this school?").fill("2026-09-01")
    page.get_by_label("School or setting", exact=True).fill("Meadow Primary School")
    page.get_by_label("What kind of school or setting do you work in?").select_option("maintained")
    page.get_by_label("Your headteacher's name").fill("Ms Ada Head")
    page.get_by_label("Your headteacher's email address").fill("ada.head@meadow.example")
    assert_accessible(page)
    page.get_by_role("button", name="Submit application").click()
    page.get_by_text("We have emailed Ms Ada Head").wait_for()
    expect(page.get_by_text("1 September 2029").first).to_be_visible()  # NPQ: third anniversary, no 2027 cap
    assert_accessible(page)

    # The headteacher opens the link from the email, downloads the form and uploads it signed.
    email = OutboxEmail.objects.get(to="ada.head@meadow.example")
    link = next(word for word in email.body_text.split() if "/declaration/" in word)
    head = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    head.console_problems = []
    head.goto(link.replace("http://localhost:8000", ""))
    expect(head.get_by_text("Nia Roberts has applied")).to_be_visible()
    with head.expect_download() as download:
        head.get_by_role("link", name="Download the declaration (PDF)").click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(SIGNED_SCAN)
    head.get_by_label("The signed declaration, scanned or photographed").set_input_files(str(scan))
    head.get_by_label("I confirm the participant has an up-to-date DBS check").check()
    head.get_by_label("I signed the form by hand").check()
    assert_accessible(head)
    head.get_by_role("button", name="Upload the signed declaration").click()
    head.get_by_text("The signed declaration is uploaded").wait_for()
    head.context.close()

    # The provider's admin verifies the signature and accepts the place.
    page.context.clear_cookies()
    sign_in(page, "admin@bpn.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Applications").click()
    page.get_by_label("State").select_option("to-verify")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Nia Roberts").click()
    assert_accessible(page)
    page.get_by_role("button", name="Verify: signed by hand, clauses confirmed").click()
    page.get_by_text("Declaration verified. You can now accept the place.").wait_for()
    page.get_by_label("Change to").select_option("accepted")
    page.get_by_label("Why").fill("Welcome.")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Place accepted").first.wait_for()
    assert Enrolment.objects.get(participant__email="nia.roberts@school.example").status == "accepted"
