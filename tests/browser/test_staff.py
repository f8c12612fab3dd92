"""An admin invites a tutor from the staff page; the tutor opens the emailed link, creates an account and
joins, in Chromium, with axe-core clean on each page at phone width too."""

import re

import pytest
from playwright.sync_api import expect

from cohorts.models import Membership
from nasenco.mail.models import OutboxEmail
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_an_admin_invites_a_tutor_who_joins_through_the_link(page, demo):
    sign_in(page, "admin@eastern-partnership.example")
    page.goto("/cohorts/staff/")
    assert_accessible(page)
    page.locator("#id_email").fill("jamie.lee@school.example")
    page.locator("#id_role").select_option("tutor")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("An invitation is on its way to jamie.lee@school.example.").wait_for()
    expect(page.get_by_role("cell", name="jamie.lee@school.example")).to_be_visible()

    body = OutboxEmail.objects.get(to="jamie.lee@school.example").body_text
    link = re.search(r"https?://[^/\s]+(/cohorts/join/\S+/)", body).group(1)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(link)
    expect(page.get_by_role("heading", name=re.compile("^Join "))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your full name").fill("Jamie Lee")
    page.get_by_label("Choose a password").fill("kettle-harbour-lantern")
    page.get_by_label("The same password again").fill("kettle-harbour-lantern")
    page.get_by_role("button", name="Create my account and join").click()
    page.wait_for_url("**/")
    assert Membership.objects.filter(user__email="jamie.lee@school.example", role="tutor").exists()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
