"""Each role's main journey on the demo as it is on the day it runs (whatever day the suite runs on), at a
phone's width and a laptop's, with axe-core clean and nothing scrolling sideways on every page on the way.

The tutor takes today's register, reviews the evidence waiting and marks the work allocated to them; the
mentor marks the professional element; the participant checks her deadline and hands in nothing late; the
admin sets up next year's cohort from a pattern and opens it with a confirmation; an applicant's provider
accepts places in bulk after seeing who is affected; the headteacher opens their view.
"""

import re

import pytest
from playwright.sync_api import expect

from assessment.models import Submission
from cohorts.models import Attendance, Cohort
from enrolment.models import Enrolment
from portfolio.models import Mapping
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page) -> None:
    """axe-core clean, and the page fits the window it is shown in."""
    assert_accessible(page)
    wide, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert wide <= window, f"{page.url} is {wide} px wide in a {window} px window"


def main_nav(page, name: str) -> None:
    """Follow a link in the main navigation, opening the phone's menu first if it is collapsed."""
    page.wait_for_load_state("load")  # the phone's stylesheet decides whether the toggle shows
    toggle = page.get_by_role("button", name="Show or hide the menu")
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


@pytest.mark.parametrize("width", [390, 1280])
def test_every_role_on_the_live_demo(page, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    lambeth = Cohort.objects.get(name="Lambeth (running)")

    # The tutor: My work lists today's register, evidence to review and two pieces to mark.
    sign_in(page, "tutor@roehampton.example")
    check(page)
    main_nav(page, "My work")
    expect(page.get_by_role("heading", name=re.compile(r"^Work to mark\s*2"))).to_be_visible()
    check(page)
    if page_today(lambeth).weekday() < 5:  # teaching days are school days: at a weekend there is no register
        page.get_by_role("link", name=re.compile(r"Lambeth \(running\), Day \d")).click()
        check(page)
        page.get_by_role("button", name="Mark everyone present").click()
        page.get_by_text("Everyone not yet marked is present (2 marked)").wait_for()
        assert Attendance.objects.filter(day__cohort=lambeth, day__date=page_today(lambeth)).count() == 2
    main_nav(page, "My work")
    page.get_by_role("link", name=re.compile("Provision map for Year 3")).click()
    check(page)
    page.get_by_label("Accept").check()
    page.get_by_label("Comment for the participant").fill("Clear links between need and provision.")
    page.get_by_role("button", name="Save review").click()
    page.get_by_text("B5: Accepted.").wait_for()
    assert Mapping.objects.get(evidence__title="Provision map for Year 3").status == Mapping.Status.ACCEPTED
    main_nav(page, "My work")
    page.locator("section", has_text="Work to mark").get_by_role("link").first.click()
    check(page)
    for radio in page.get_by_role("radio", name=re.compile("^Merit for ")).all():
        radio.check()
    page.get_by_label("Feedback for the participant").fill("A thoughtful, well-evidenced reflection.")
    page.get_by_role("button", name="Save and open the next").click()
    page.get_by_text("Saved: 65, Merit.").wait_for()
    expect(page.get_by_role("button", name="Save mark", exact=True)).to_be_visible()  # the next piece, open
    check(page)
    assert Submission.objects.filter(enrolment__cohort=lambeth, raw_mark=65).count() == 1

    # The mentor: the professional element waits on their dashboard; they pass it.
    page.context.clear_cookies()
    sign_in(page, "daniel.osei@stmarks-lambeth.example")
    check(page)
    page.get_by_role("link", name=re.compile(r"^Professional element.*Nia Campbell")).click()
    check(page)
    page.get_by_label("Pass", exact=True).check()
    page.get_by_label("Feedback for the participant").fill("Consistently strong practice in school.")
    page.get_by_role("button", name="Save mark", exact=True).click()
    page.get_by_text("Saved: pass.").wait_for()
    assert Submission.objects.get(component__mentor_marks=True, enrolment__cohort=lambeth).passed is True

    # The participant: her statutory deadline and what is due, then her booklet.
    page.context.clear_cookies()
    sign_in(page, "nia.campbell@stmarks-lambeth.example")
    check(page)
    main_nav(page, "My assessment")
    check(page)
    page.goto("/schools/booklet/")
    check(page)

    # A provider admin sets up a cohort from a pattern and opens it for applications, confirming first.
    page.context.clear_cookies()
    sign_in(page, "admin@roehampton.example")
    check(page)
    page.goto("/cohorts/new/")
    check(page)
    page.get_by_role("link", name="NPQ for SENCOs (Lambeth)").click()  # Roehampton runs two programmes
    page.get_by_label("First session on").fill(first_thursday_after(lambeth))
    page.get_by_role("button", name="Propose dates").click()
    page.get_by_text("dates proposed: check them, then save the cohort.").wait_for()
    check(page)
    page.get_by_label("Name").fill("Lambeth (next)")
    page.get_by_label("Academic year").fill(academic_year_after(lambeth))
    for mode in page.locator("select[name$='-mode']").all():
        mode.select_option("virtual")
    for link in page.locator("input[name$='-joining_link']").all():
        link.fill("https://classroom.roehampton.example/lambeth-next")
    page.get_by_role("button", name="Save cohort").click()
    confirm = page.get_by_label(re.compile("I have checked the warnings"))
    if confirm.count():
        confirm.check()
        page.get_by_role("button", name="Save cohort").click()
    page.get_by_role("button", name="Publish and open for applications").click()
    page.get_by_text("Anyone looking for a course").wait_for()
    check(page)
    page.get_by_role("button", name="Publish and open for applications").click()
    page.get_by_text("Lambeth (next) is now open for applications.").wait_for()
    assert Cohort.objects.get(name="Lambeth (next)").status == Cohort.Status.OPEN

    # The open NPQSENCO cohort's admin accepts a verified applicant after seeing who moves.
    page.context.clear_cookies()
    sign_in(page, "admin@bpn.example")
    check(page)
    main_nav(page, "Applications")
    check(page)
    page.get_by_label("Select Emma Davies").check()
    page.get_by_label("With the ticked applications").select_option("accept")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("heading", name="Accept their places: 1 application?").wait_for()
    expect(page.get_by_text("Emma Davies: awaiting headteacher declaration → place accepted")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Accept their places").click()
    page.get_by_text("1 updated.").wait_for()
    assert Enrolment.objects.get(participant__full_name="Emma Davies").status == Enrolment.Status.ACCEPTED

    # The external examiner: their cohort, read-only.
    page.context.clear_cookies()
    sign_in(page, "examiner@herts.example")
    check(page)
    main_nav(page, "Examining")
    check(page)
    page.get_by_role("link", name=re.compile(r"^Group 152")).click()
    check(page)

    # The headteacher's view, through the link the demo printed (no account).
    page.context.clear_cookies()
    from schools.models import HeadAccess
    from schools.services import head_link

    page.goto("/" + head_link(HeadAccess.objects.get()).split("/", 3)[3])
    expect(page.get_by_role("heading", name="Nia Campbell")).to_be_visible()
    check(page)


def page_today(cohort):
    from django.utils import timezone

    return timezone.localdate()


def first_thursday_after(cohort) -> str:
    import datetime as dt

    last = cohort.days.order_by("-number").first().date
    start = last + dt.timedelta(weeks=8)
    return (start + dt.timedelta(days=(3 - start.weekday()) % 7)).isoformat()


def academic_year_after(cohort) -> str:
    start = int(cohort.academic_year[:4]) + 1
    return f"{start}-{(start + 1) % 100:02d}"
