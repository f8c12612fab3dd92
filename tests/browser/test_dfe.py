"""A lead provider runs the NPQ for SENCOs through DfE in the browser, against the offline DfE: connect,
read DfE, accept one application with a funded place and reject one with a reason, declare ``started`` from
the due list once the participant has attended, later ``completed`` with a pass; the statement lists both
and the participant's statutory status reads held."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessment.models import Award
from cohorts import services as cohort_services
from cohorts.models import Attendance, Provider
from dfe.demo import DEMO_TOKEN, running_cohort
from dfe.fake.seed import seed_lead
from dfe.fake.server import FakeDfe
from dfe.fake.state import Dfe
from dfe.models import Application
from enrolment.models import School
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def offline_dfe(settings):
    settings.DFE_CHECK_CONTRACT = True
    server = FakeDfe.start(Dfe())
    yield server
    server.stop()
    assert server.app.errors == []


def test_an_npq_cohort_through_dfe(page, demo, offline_dfe):
    today = timezone.localdate()
    schools = [(f"{141000 + n}", f"Meadow Academy {n}") for n in range(3)]
    for urn, name in schools:
        School.objects.create(urn=urn, name=name, setting="academy")
    seed_lead(offline_dfe.dfe, name="Best Practice Network", token=DEMO_TOKEN, today=today, schools=schools)
    bpn = Provider.objects.get(slug="best-practice-network")
    cohort = running_cohort(bpn)

    sign_in(page, "admin@bpn.example")
    page.goto(f"/dfe/{bpn.pk}/connection/")
    page.get_by_label("DfE's address").fill(offline_dfe.url)
    page.get_by_label("Bearer token").fill(DEMO_TOKEN)
    hub = next(p for p in offline_dfe.dfe.delivery_partners.values() if p["name"] == "Norfolk SEND Teaching School Hub")
    page.get_by_label("DfE delivery-partner id").fill(hub["id"])  # DfE requires one on declarations (cohort 2024+)
    page.get_by_role("button", name="Save and check").click()
    expect(page.get_by_text("Connected: DfE accepted the token.").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"/dfe/{bpn.pk}/")
    page.get_by_role("button", name="Read DfE now").click()
    expect(page.get_by_role("link", name="Chloe Davies")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Choose Chloe Davies").check()
    page.get_by_label("Cohort").select_option(label=str(cohort))
    page.get_by_label("Yes: a funded place").check()
    page.get_by_role("button", name="Accept…").click()
    expect(page.get_by_text("Chloe Davies (TRN 3000003)")).to_be_visible()
    page.get_by_role("button", name="Accept and tell DfE").click()
    expect(page.get_by_text("1 accepted; DfE is being told.")).to_be_visible()

    page.get_by_label("Choose Amira Begum").check()
    page.get_by_label("Why (kept in the activity log)").fill("Her school has asked her to wait a year.")
    page.get_by_role("button", name="Reject…").click()
    page.get_by_role("button", name="Reject and tell DfE").click()
    expect(page.get_by_text("1 rejected; DfE is being told.")).to_be_visible()
    chloe = Application.objects.get(full_name="Chloe Davies")
    assert (chloe.status, chloe.funded_place, chloe.training_status) == ("accepted", True, "active")
    assert Application.objects.get(full_name="Amira Begum").status == "rejected"

    place = chloe.enrolment  # Chloe attends the first session
    cohort_services.attendance_record(
        day=cohort.days.get(number=1), marks={place.participant_id: Attendance.Status.PRESENT}, by=None
    )
    page.goto(f"/dfe/{bpn.pk}/declare/?type=started")
    expect(page.get_by_text(re.compile(r"Ready: days attended 1"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Declare “started” for the ticked")).click()
    page.get_by_role("button", name="Declare started").click()
    expect(page.get_by_text("1 declared; DfE is being told.")).to_be_visible()

    Award.objects.create(  # later: the award decision is confirmed (a pass)
        enrolment=place,
        certificate_number="NPQSENCO-TEST-0001",
        holder_name="Chloe Davies",
        scope="full",
        completed_on=today,
    )
    page.goto(f"/dfe/{bpn.pk}/declare/?type=completed")
    expect(page.get_by_text(re.compile(r"outcome passed"))).to_be_visible()
    page.get_by_role("button", name=re.compile("Declare “completed” for the ticked")).click()
    page.get_by_role("button", name="Declare completed").click()
    expect(page.get_by_text("1 declared; DfE is being told.")).to_be_visible()

    page.goto(f"/dfe/{bpn.pk}/statements/")
    expect(page.get_by_text("Chloe Davies: Started, eligible")).to_be_visible()
    expect(page.get_by_text("Chloe Davies: Completed, eligible")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/dfe/{bpn.pk}/applications/{chloe.pk}/")
    expect(page.get_by_text("Completed (passed)")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})  # a phone: nothing scrolls sideways
    for path in ("", "connection/", "declare/?type=completed", "statements/", f"applications/{chloe.pk}/"):
        page.goto(f"/dfe/{bpn.pk}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    place.refresh_from_db()
    assert place.status == "completed" and place.completed_on == dt.datetime.now(dt.UTC).date()
    page.goto(f"/applications/{place.pk}/")
    expect(page.get_by_text(re.compile(r"the qualification was gained on \d+ \w+ \d{4}"))).to_be_visible()
    assert place.deadline_status(today) == "met"  # "Held by the deadline" in every list
    assert_accessible(page)
