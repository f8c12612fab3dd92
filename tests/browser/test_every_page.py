"""Every kind of page, as the role that uses it, passes axe-core (WCAG 2.2 AA) with the strict CSP intact."""

import pytest

from assessment.models import Appeal
from cohorts.models import Cohort
from schools.models import BookletItem
from tests.browser.conftest import assert_accessible, axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pages_for(role: str) -> list[str]:
    group = Cohort.objects.get(name="Group 152")
    day = group.days.get(number=1)
    programme = group.programme_id
    provider = group.provider_id
    lambeth = Cohort.objects.get(name="Lambeth (running)")
    nia = lambeth.enrolments.get(participant__email="nia.campbell@stmarks-lambeth.example")
    item = BookletItem.objects.filter(section__programme=lambeth.programme).last()
    spring = Cohort.objects.get(name__startswith="NPQSENCO Norfolk Spring")
    autumn = Cohort.objects.get(name__startswith="NPQSENCO Norfolk Autumn")
    hub_programme = spring.programme
    study = hub_programme.components.get(kind="case_study")
    framework = hub_programme.curriculum_plan.framework
    unit = hub_programme.curriculum_plan.units.first()
    appeal = Appeal.objects.get()
    return {
        "admin@norfolk-hub.example": [
            "/curriculum/",
            f"/curriculum/frameworks/{framework.pk}/",
            f"/curriculum/frameworks/{framework.pk}/areas/{framework.areas.first().pk}/that/new/",
            f"/curriculum/programmes/{hub_programme.pk}/",
            f"/curriculum/programmes/{hub_programme.pk}/sessions/1/",
            f"/curriculum/programmes/{hub_programme.pk}/units/{unit.pk}/",
            f"/curriculum/cohorts/{spring.pk}/coverage/",
            f"/curriculum/cohorts/{spring.pk}/engagement/",
            f"/assessment/cohort/{spring.pk}/case-study/{study.pk}/",
            f"/assessment/cohort/{autumn.pk}/appeals/{appeal.pk}/",
            f"/cohorts/settings/{spring.provider_id}/",
            "/dfe/",  # a delivery partner: the lead provider holds the DfE contract
            "/",
        ],
        "amira.begum@school.example": [
            "/",
            "/assessment/",
            "/curriculum/self-study/",
            f"/assessment/adjustment/{study.pk}/",
        ],
        "admin@roehampton.example": [
            f"/schools/cohorts/{lambeth.pk}/mentors/",
            f"/schools/cohorts/{lambeth.pk}/mentors/?enrolment={nia.pk}",
            f"/schools/programmes/{lambeth.programme_id}/booklet/",
            f"/schools/places/{nia.pk}/",
        ],
        "daniel.osei@stmarks-lambeth.example": ["/", "/schools/mentees/", f"/schools/places/{nia.pk}/"],
        "nia.campbell@stmarks-lambeth.example": [
            "/",
            "/schools/booklet/",
            "/schools/mentor/",
            f"/schools/booklet/items/{item.pk}/",
            "/assessment/",
        ],
        "admin@eastern-partnership.example": [
            f"/cohorts/{group.pk}/edit/",  # the timetable editor: fits at 1280 px, scrolls in its box at 390 px
            "/cohorts/new/",
            "/assessment/my-work/",
            "/cohorts/venues/",
            "/cohorts/venues/new/",
            "/cohorts/programmes/",
            f"/cohorts/programmes/{programme}/",
            f"/cohorts/{group.pk}/catch-up/",
            f"/portfolio/cohort/{group.pk}/",
            f"/assessment/cohort/{group.pk}/awards/",
            "/applications/at-risk/",
            "/cohorts/activity/",
            "/cohorts/staff/",
            "/search/?q=sarah",
            f"/reminders/messages/cohort/{group.pk}/",
            f"/cohorts/settings/{provider}/",
            f"/applications/clauses/{provider}/",
            f"/assessment/cohort/{group.pk}/settings/{group.programme.components.first().pk}/",
            "/cohorts/activity/?kind=mark&since=2020-01-01",
            "/reminders/",
            "/reminders/?status=sent",
            f"/reminders/templates/{provider}/",
            f"/reminders/templates/{provider}/teaching_day/",
            "/reminders/notifications/",
            "/",  # with the notifications panel: the demo's sweeps copied this admin in
        ],
        "admin@bpn.example": [
            "/applications/",
            "/applications/?status=to-verify",
            "/cohorts/",  # a lead provider's: its partners' cohorts, with the partner as a filter
            f"/cohorts/settings/{Cohort.objects.filter(provider__slug='best-practice-network').first().provider_id}/",
        ],
        "tutor.morgan@eastern-partnership.example": [
            f"/cohorts/{group.pk}/days/{day.pk}/register/",
            "/assessment/my-work/",
        ],
        "sarah.ahmed@school.example": [
            "/cohorts/calendar/",
            "/portfolio/journal/",
            "/portfolio/self-evaluation/",
            "/assessment/",
            "/programme/",
            "/apply/",
            "/reminders/preferences/",
            "/reminders/notifications/",
            "/privacy/",  # export, and asking for erasure
            "/portfolio/",
        ],
    }[role]


@pytest.mark.parametrize(
    "email",
    [
        "admin@eastern-partnership.example",
        "admin@bpn.example",
        "tutor.morgan@eastern-partnership.example",
        "sarah.ahmed@school.example",
        "admin@roehampton.example",
        "daniel.osei@stmarks-lambeth.example",
        "nia.campbell@stmarks-lambeth.example",
        "admin@norfolk-hub.example",
        "amira.begum@school.example",
    ],
)
def test_pages_are_accessible(page, demo, email):
    sign_in(page, email)
    for path in pages_for(email):
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
        assert_fits(page, path)
        assert_fits(page, path)


def test_the_heads_pages_are_accessible(page, demo):
    """The headteacher has no account: the view, the booklet and the request for a new link, by signed link."""
    from schools.models import HeadAccess
    from schools.services import head_token

    head = HeadAccess.objects.get(email="head@stmarks-lambeth.example")
    token = head_token(head)
    nia = Cohort.objects.get(name="Lambeth (running)").enrolments.get(participant__full_name="Nia Campbell")
    for path in (
        f"/assessment/heads/{token}/",
        f"/assessment/heads/{token}/booklets/{nia.pk}/",
        "/assessment/heads/new-link/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
        assert_fits(page, path)


def assert_fits(page, path):
    """No page scrolls sideways on a phone (390 px) or a laptop (1280 px): tables scroll inside their own box."""
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        wide, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert wide <= window, f"{path} is {wide} px wide at {width} px"
        if width == 390:  # a phone: what scrolls in its own box must be reachable by keyboard, as all else
            violations = axe_violations(page)
            assert violations == [], f"{path} at 390 px: " + "; ".join(f"{v['id']}: {v['nodes']}" for v in violations)


def test_one_persons_statutory_answer_is_the_same_on_every_page_that_shows_it(page, demo):
    """Nia Campbell's deadline and its status, read off each page in the browser as each person sees it: her
    dashboard and application page, the admin's page about her, the cohort's spreadsheet, and her
    headteacher's view (the exam board's CSV and PDF: tests/test_statutory_everywhere.py). One date, one
    status, everywhere."""
    import csv
    import io

    from django.utils import timezone

    from nasenco.dates import long_date
    from schools.models import HeadAccess
    from schools.services import head_token

    nia = Cohort.objects.get(name="Lambeth (running)").enrolments.get(participant__full_name="Nia Campbell")
    status = nia.deadline_status(timezone.localdate()).label
    date = long_date(nia.statutory_deadline)
    seen = {}

    def read(path, scope="main"):
        assert page.goto(path).status == 200, path
        region = page.locator(scope)
        seen[path] = (region.locator("[data-deadline-status]").all_inner_texts(), region.inner_text())

    sign_in(page, "nia.campbell@stmarks-lambeth.example")
    read("/")
    read(f"/apply/{nia.cohort_id}/")
    page.context.clear_cookies()
    sign_in(page, "admin@roehampton.example")
    read(f"/applications/{nia.pk}/")
    cohort_csv = page.request.get(f"/applications/cohort/{nia.cohort_id}.csv").text()
    page.context.clear_cookies()
    head = HeadAccess.objects.get(email="head@stmarks-lambeth.example")
    read(f"/assessment/heads/{head_token(head)}/", scope=f"section[aria-labelledby='p-{nia.pk}']")

    for path, (badges, text) in seen.items():
        assert badges and set(badges) == {status}, (path, badges)
        assert date in " ".join(text.split()), (path, date)
    [row] = [r for r in csv.reader(io.StringIO(cohort_csv.lstrip("\ufeff"))) if "Nia Campbell" in r]
    assert nia.statutory_deadline.isoformat() in row and status in row
