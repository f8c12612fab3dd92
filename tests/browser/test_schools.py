"""The school in the loop, in Chromium on the demo: the participant records the last booklet item, the
mentor confirms what waits, the headteacher signs off through the emailed link (at phone width), and the
award decision no longer lists the booklet. axe-core is clean on each page."""

import re

import pytest
from playwright.sync_api import expect

from cohorts.models import Cohort
from nasenco.mail.models import OutboxEmail
from schools.models import BookletSignoff
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

NIA = "nia.campbell@stmarks-lambeth.example"


def test_participant_mentor_head_sign_off_and_the_award_decision(page, demo):
    sign_in(page, NIA)
    page.goto("/schools/booklet/")
    expect(page.get_by_text("3 of 6").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Record this.*Present to governors")).click()
    assert_accessible(page)
    page.get_by_label("What you did").fill("Presented the SEN information report to the governors in May.")
    page.get_by_role("button", name="Save and send for confirmation").click()
    page.get_by_text("“Present to governors” recorded").wait_for()

    page.context.clear_cookies()
    sign_in(page, "daniel.osei@stmarks-lambeth.example")
    page.get_by_role("link", name="Nia Campbell", exact=True).click()
    assert_accessible(page)
    for title in ("Train staff on a need you identified", "Work with an outside agency", "Present to governors"):
        page.get_by_role("button", name=f"Confirm “{title}”").click()
        page.get_by_text(f"“{title}” confirmed.").wait_for()
    expect(page.get_by_text("Every item is confirmed")).to_be_visible()

    body = OutboxEmail.objects.get(template="schools/email/signoff_request").body_text
    link = re.search(r"https?://[^/\s]+(/assessment/heads/\S+/booklets/\d+/)", body).group(1)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(link)
    expect(page.get_by_role("heading", name="Nia Campbell's performance booklet")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Sign off the booklet").click()  # nothing filled in: told what to do
    page.get_by_text("Tick the box to confirm").first.wait_for()
    assert not BookletSignoff.objects.exists()
    page.get_by_label("Your full name (your signature)").fill("Joanna Reid")
    page.get_by_label("I confirm this booklet is a true record").check()
    page.get_by_role("button", name="Sign off the booklet").click()
    page.get_by_text("Thank you: Nia Campbell's booklet is signed off.").wait_for()
    expect(page.get_by_role("heading", name="Oliver Grant")).to_be_visible()  # the head's view: both staff
    assert_accessible(page)
    assert BookletSignoff.objects.get(enrolment__participant__email=NIA).signed_name == "Joanna Reid"

    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    sign_in(page, "admin@roehampton.example")
    cohort = Cohort.objects.get(name="Lambeth (running)")
    page.goto(f"/assessment/cohort/{cohort.pk}/awards/")
    text = page.locator("main").inner_text()
    nia, oliver = text.split("Nia Campbell", 1)[1].split("Oliver Grant", 1)
    assert "booklet not signed off" not in nia and "booklet not signed off" in oliver
