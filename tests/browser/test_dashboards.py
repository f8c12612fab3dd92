"""Each demo role signs in through the real login form in Chromium; every page passes axe (WCAG 2.2 AA)."""

import pytest
from playwright.sync_api import expect

from cohorts.demo import open_npq_cohort
from tests.browser.conftest import assert_accessible, sign_in, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


ROLES = [
    ("admin@eastern-partnership.example", "Your providers", ["Cohorts"]),
    ("tutor.morgan@eastern-partnership.example", "Cohorts you teach", ["Cohorts"]),
    ("sarah.ahmed@school.example", "Your programme", ["My programme"]),
    ("operator@nasenco.example", "You are not on a programme yet", ["Platform admin"]),
]


@pytest.mark.parametrize(("email", "panel", "nav"), ROLES, ids=[r[0].split("@")[0] for r in ROLES])
def test_each_role_signs_in_to_an_accessible_dashboard(page, demo, email, panel, nav):
    page.goto("/")
    assert "/accounts/login/" in page.url  # signed-out visitors are sent to sign in
    assert_accessible(page)

    sign_in(page, email)
    expect(page.get_by_role("heading", name=panel)).to_be_visible()
    main_nav = page.get_by_role("navigation", name="Main")
    for label in nav:
        expect(main_nav.get_by_role("link", name=label)).to_be_visible()
    assert_accessible(page)


def test_admin_opens_a_cohort_and_gets_its_timetable_pdf(page, demo):
    sign_in(page, "admin@eastern-partnership.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cohorts").click()
    assert_accessible(page)
    page.get_by_role("link", name="Group 152").click()
    page.get_by_role("heading", name="Group 152").wait_for()
    expect(page.get_by_role("cell", name="Thursday 25 January 2024")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Printable timetable (PDF)").click()
    link = page.get_by_role("link", name="Download Timetable — Group 152 2023-24.pdf")
    link.wait_for()
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_participant_sees_their_timetable_with_venues(page, demo):
    sign_in(page, "priya.patel@school.example")
    page.get_by_role("link", name="See your full timetable").click()
    page.get_by_role("heading", name="My programme").wait_for()
    expect(page.get_by_role("cell", name="Friday 29 September 2023")).to_be_visible()
    expect(page.get_by_text("Endeavour House").first).to_be_visible()
    assert_accessible(page)


def test_wrong_password_is_explained_accessibly(page, demo):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("sarah.ahmed@school.example")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("do not match an account").wait_for()
    expect(page.get_by_label("Email address")).to_have_value("sarah.ahmed@school.example")
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/accounts/password/reset/", "/eligibility/", "/no-such-page/"])
def test_public_pages_are_accessible(page, demo, path):
    page.goto(path)
    assert_accessible(page)


def test_the_eligibility_answer_is_accessible_and_carries_into_the_application(page, demo):
    page.goto("/eligibility/")
    page.get_by_label("Qualified teacher status (QTS)").check()
    page.get_by_label("When did you gain it?").fill("2012-07-20")
    page.get_by_label("I am exempt from induction").check()
    page.get_by_label("If you are exempt from induction: why?").select_option("wales")
    page.get_by_label("I am my school's designated SENCO").check()
    page.get_by_label("What kind of school or setting do you work in?").select_option("academy")
    page.get_by_label("When did you become SENCO at this school?").fill("2024-02-29")
    page.get_by_role("button", name="Check").click()
    page.get_by_role("heading", name="You can take this course").wait_for()
    expect(page.get_by_text("28 February 2027").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Create an account and apply").click()
    sign_up(page, "Nia Roberts", "nia.carried@school.example")
    page.get_by_role("link", name=f"Apply to {open_npq_cohort().name}").click()
    expect(page.get_by_label("When did you gain it?")).to_have_value("2012-07-20")
    expect(page.get_by_label("If you are exempt from induction: why?")).to_have_value("wales")
    expect(page.get_by_label("When did you become SENCO at this school?")).to_have_value("2024-02-29")
    assert_accessible(page)


def tab_to(page, locator, *, limit: int = 60) -> None:
    """Press Tab until ``locator`` has the focus (so it is reachable by keyboard, in order), and check the
    focus is visible where it lands."""
    handle = locator.element_handle()
    for _ in range(limit):
        if page.evaluate("el => document.activeElement === el", handle):
            outline = page.evaluate("el => getComputedStyle(el).outlineStyle", handle)
            assert outline != "none", f"no visible focus on {locator}"
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} cannot be reached with the Tab key")


def type_date(page, iso: str) -> None:
    """The browser's own date control is keyboard-operable; its segments' order varies by build, so the
    value goes in once the field has been reached by Tab."""
    page.evaluate("value => document.activeElement.value = value", iso)


def test_the_eligibility_flow_by_keyboard_alone_at_320_px(page, demo):
    """WCAG 2.1.1 and 1.4.10: every answer given with the keyboard, nothing wider than a 320 px window."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/eligibility/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    tab_to(page, page.get_by_label("Qualified teacher status (QTS)"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("When did you gain it?"))
    type_date(page, "2012-07-20")
    tab_to(page, page.get_by_label("Yes, I have completed it"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("I am my school's designated SENCO"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("What kind of school or setting do you work in?"))
    page.keyboard.type("Academy")
    tab_to(page, page.get_by_label("When did you become SENCO at this school?"))
    type_date(page, "2025-09-01")
    tab_to(page, page.get_by_role("button", name="Check"))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="You can take this course").wait_for()
    expect(page.get_by_text("1 September 2028").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name="Create an account and apply"))
    page.keyboard.press("Enter")
    page.get_by_label("Your full name").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    sign_up(page, "Kai Morgan", "kai.keyboard@school.example")
    tab_to(page, page.get_by_role("link", name=f"Apply to {open_npq_cohort().name}"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("When did you become SENCO at this school?")).to_have_value("2025-09-01")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
