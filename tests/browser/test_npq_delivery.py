"""The NPQ for SENCOs as a delivery partner runs it, in the browser, on the demo: the Norfolk hub's admin maps
a session to DfE's framework and sees the cohort's coverage; a participant below the engagement threshold is
refused with the reason, completes her self-study and hands in within the open window; a tutor marks it a
pass, a second tutor moderates, the admin releases; a failed participant's appeal is decided by someone who did
not mark it. The lead provider sees both partners' cohorts, the partner only its own. Bad input — work
outside the window, an appeal after its deadline, a sibling partner's cohort — is refused and changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessment.models import Appeal, Component, Submission
from cohorts.models import Attendance, Cohort, Provider
from cohorts.services import attendance_record
from enrolment.models import Enrolment
from enrolment.services import enrolment_place
from nasenco.accounts.models import User
from nasenco.files.samples import SMALL_PDF
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_an_npq_delivered_by_a_partner_from_framework_to_appeal(page, demo, tmp_path):
    hub = Provider.objects.get(name="Norfolk SEND Teaching School Hub")
    spring = Cohort.objects.get(name__startswith="NPQSENCO Norfolk Spring")
    autumn = Cohort.objects.get(name__startswith="NPQSENCO Norfolk Autumn")
    study = Component.objects.get(programme=spring.programme, kind="case_study")
    group_152 = Cohort.objects.get(name="Group 152")

    # The partner's admin maps Day 2 to the framework and reads the cohort's coverage.
    _as(page, "admin@norfolk-hub.example")
    page.goto(f"/curriculum/programmes/{spring.programme_id}/")
    page.get_by_label("Self-study to complete (%)").fill("90")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Plan saved.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/curriculum/programmes/{spring.programme_id}/sessions/2/")
    page.get_by_label("2.1a Learn that:", exact=False).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved what the session teaches.")).to_be_visible()
    page.goto(f"/curriculum/cohorts/{spring.pk}/coverage/")
    expect(page.get_by_text("30 of 32 statements taught; 2 gaps")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/cohorts/{group_152.pk}/")  # a sibling partner's cohort: not found, nothing shown
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.goto("/cohorts/")
    expect(page.get_by_role("link", name=spring.name)).to_be_visible()
    expect(page.get_by_role("link", name="Group 152")).to_have_count(0)

    # Ben is below the threshold: the hand-in page says what is short, and the upload is refused.
    ben = Enrolment.objects.get(participant__email="ben.walsh@school.example")
    work = tmp_path / "case-study.pdf"
    work.write_bytes(SMALL_PDF)
    _as(page, "ben.walsh@school.example")
    page.goto(f"/assessment/submit/{study.pk}/")
    expect(page.get_by_text("Still short: sessions attended: 4 of 6")).to_be_visible()
    _hand_in(page, work)
    expect(page.get_by_text("Not handed in yet")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="You can hand in once your engagement meets")).to_be_visible()
    assert not Submission.objects.filter(enrolment=ben).exists()
    # His last two sessions are caught up (the registers' own tests take them in the browser) and he finishes
    # his self-study here: nine more units.
    for day in spring.days.filter(number__in=(5, 6)):
        attendance_record(day=day, marks={ben.participant_id: Attendance.Status.PRESENT}, by=None)
    page.goto("/curriculum/self-study/")
    assert_accessible(page)
    for _ in range(9):
        page.get_by_role("button", name="Mark as done").first.click()
        expect(page.get_by_text("marked done.")).to_be_visible()
    expect(page.get_by_text("Thresholds met")).to_be_visible()
    page.goto("/assessment/")
    expect(page.get_by_text("Choose one pupil or group with SEND")).to_be_visible()  # the brief, open today
    assert_accessible(page)
    page.goto(f"/assessment/submit/{study.pk}/")
    _hand_in(page, work)
    expect(page.get_by_text("Received: Case study: leading SEND provision, attempt 1")).to_be_visible()

    # The tutor marks Ben's and Cara's work a pass; the admin draws the sample; the second tutor moderates;
    # the admin releases.
    Submission.objects.filter(enrolment__cohort=spring).update(
        marker=User.objects.get(email="tutor@norfolk-hub.example")
    )
    _as(page, "tutor@norfolk-hub.example")
    for submission in Submission.objects.filter(enrolment__cohort=spring).order_by("pk"):
        page.goto(f"/assessment/submissions/{submission.pk}/mark/")
        page.get_by_label("Pass").check()
        page.get_by_label("Feedback for the participant").fill("Meets the framework's expectations.")
        page.get_by_role("button", name="Save mark", exact=True).click()
    _as(page, "admin@norfolk-hub.example")
    page.goto(f"/assessment/cohort/{spring.pk}/marking/")
    page.get_by_role("button", name=f"Draw the sample for {study.title}").click()
    expect(page.get_by_text("every fail and a share of each marker's passes")).to_be_visible()
    page.get_by_role("button", name="Draw the sample").click()
    _as(page, "moderator@norfolk-hub.example")
    for submission in Submission.objects.filter(enrolment__cohort=spring, in_sample=True):
        page.goto(f"/assessment/submissions/{submission.pk}/moderate/")
        page.get_by_label("Pass").check()
        page.get_by_role("button", name="Record your judgement").click()
    _as(page, "admin@norfolk-hub.example")
    page.goto(f"/assessment/cohort/{spring.pk}/marking/")
    page.get_by_role("button", name=f"Release {study.title}").click()
    page.get_by_role("button", name="Release 2 mark(s)").click()
    expect(page.get_by_text("2 mark(s) released")).to_be_visible()
    assert Submission.objects.get(enrolment=ben).passed is True

    # Dev's appeal waits on the admin's My work; the admin (who neither marked nor moderated) upholds it.
    page.goto("/assessment/my-work/")
    page.get_by_role("link", name="Dev Patel").click()
    expect(page.get_by_text("appendix B, which I believe was not read")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Uphold: the result becomes a pass").check()
    page.get_by_label("Your reasons (sent to the participant)").fill("Appendix B holds the evaluation plan.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The result becomes a pass")).to_be_visible()  # final and emailed: asked first
    page.get_by_role("button", name="Record the decision and email it").click()
    expect(page.get_by_text("Appeal decided")).to_be_visible()
    appeal = Appeal.objects.get()
    assert appeal.status == "upheld" and appeal.submission.passed is True

    # Work outside the window, and an appeal after its deadline, are refused with the reason.
    late = enrolment_place(cohort=autumn, participant=User.objects.create_user("late@school.example", "pw-late-123456",
                                                                             full_name="Lou Late"))  # fmt: skip
    _as(page, "late@school.example", "pw-late-123456")
    page.goto("/assessment/")
    expect(page.get_by_text("The window closed at 17:00")).to_be_visible()
    page.goto(f"/assessment/submit/{study.pk}/")
    expect(page.get_by_role("status").filter(has_text="The window closed at 17:00")).to_be_visible()
    _hand_in(page, work)
    expect(page.get_by_role("listitem").filter(has_text="The window closed at 17:00")).to_be_visible()
    assert not Submission.objects.filter(enrolment=late).exists()
    ella = Submission.objects.get(enrolment__participant__email="ella.moore@school.example")
    Submission.objects.filter(pk=ella.pk).update(passed=False, released_at=timezone.now() - dt.timedelta(days=20))
    _as(page, "ella.moore@school.example")
    page.goto(f"/assessment/submissions/{ella.pk}/appeal/")
    page.get_by_label("Your grounds for appeal").fill("I was not told my result.")
    page.get_by_role("button", name="Lodge the appeal").click()
    expect(page.get_by_text("Appeals against this result closed on")).to_be_visible()
    assert Appeal.objects.count() == 1

    # The lead provider sees both partners' cohorts, with the partner as a filter.
    _as(page, "admin@bpn.example")
    page.goto(f"/cohorts/?provider={hub.pk}")
    expect(page.get_by_role("link", name=spring.name)).to_be_visible()
    page.goto("/cohorts/?q=Group+152")
    expect(page.get_by_role("link", name="Group 152")).to_be_visible()
    assert_accessible(page)


def _as(page, email, *password):
    page.context.clear_cookies()
    sign_in(page, email, *password)


def _hand_in(page, work):
    page.get_by_label("Your work").set_input_files(str(work))
    page.get_by_label("Word count").fill("2400")
    page.get_by_label("This is my own work", exact=False).check()
    page.get_by_role("button", name="Hand in").click()
