"""The NPQ case study: windows per cohort (Europe/London), the brief released at opening, the word limit,
extra time and later windows after extenuating circumstances, a resit in the next window, and appeals
decided by someone who did not mark the work. Every refusal says why and changes nothing."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessment import services
from assessment.award import decide_award
from assessment.models import Adjustment, Appeal, Submission
from assessment.selectors import achievements_for
from assessment.sittings import sitting_for
from nasenco.mail.models import OutboxEmail
from tests import factories

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def _w(pk, opens, closes):
    return SimpleNamespace(pk=pk, opens_at=opens, closes_at=closes)


W1 = _w(1, at(2027, 3, 5, 9), at(2027, 3, 13, 17))
W2 = _w(2, at(2027, 6, 4, 9), at(2027, 6, 12, 17))


@pytest.mark.parametrize(
    ("used", "deferred", "extra", "now", "window", "state"),
    [
        ([], None, 0, at(2027, 3, 1, 12), 1, "upcoming"),
        ([], None, 0, at(2027, 3, 5, 9), 1, "open"),  # opens on the minute
        ([], None, 0, at(2027, 3, 13, 17, 1), 1, "closed"),
        ([], None, 90, at(2027, 3, 13, 18, 29), 1, "open"),  # extra time: 90 minutes past closing
        ([1], None, 0, at(2027, 6, 5, 10), 2, "open"),  # a resit is sat in the next window
        ([], 2, 0, at(2027, 3, 8, 10), 2, "upcoming"),  # deferred: the first window is not theirs
        ([1, 2], None, 0, at(2027, 7, 1, 10), None, "none"),
    ],
)
def test_which_window_and_whether_it_is_open(used, deferred, extra, now, window, state):
    sitting = sitting_for([W2, W1], used=used, deferred_to=deferred, extra_minutes=extra, now=now)
    assert (sitting.window.pk if sitting.window else None, sitting.state) == (window, state)


def test_the_opening_is_said_in_uk_time_across_the_clocks_change():
    # 31 March 2027 is in British Summer Time: 09:00 in London is 08:00 UTC.
    opens = dt.datetime(2027, 3, 31, 8, tzinfo=dt.UTC)
    sitting = sitting_for([_w(1, opens, opens + dt.timedelta(days=8))], used=[], deferred_to=None, extra_minutes=0,
                          now=opens - dt.timedelta(days=1))  # fmt: skip
    assert sitting.message == "The case study opens at 09:00 on 31 March 2027: the brief appears then."


@pytest.fixture
def study(cast):
    component = services.component_create(
        programme=cast.cohort_a1.programme, title="Case study", kind="case_study", credits=0, word_limit=3000
    )
    first = services.window_save(
        cohort=cast.cohort_a1, component=component, opens_at=at(2027, 3, 5, 9), closes_at=at(2027, 3, 13, 17),
        brief="Lead a review of SEN support.", by=cast.admin_a,
    )  # fmt: skip
    resit = services.window_save(
        cohort=cast.cohort_a1, component=component, opens_at=at(2027, 6, 4, 9), closes_at=at(2027, 6, 12, 17),
        brief="Resit brief.", by=cast.admin_a,
    )  # fmt: skip
    return SimpleNamespace(component=component, first=first, resit=resit, place=cast.participant_a1.enrolments.get())


def test_work_is_handed_in_only_within_the_window(client, cast, study):
    with time_machine.travel(at(2027, 3, 4, 12), tick=False):
        client.force_login(cast.participant_a1)
        with pytest.raises(ValidationError, match="opens at 09:00 on 5 March 2027"):
            factories.hand_in(study.place, study.component)
        page = client.get(reverse("assessment:mine")).content.decode()
        assert "Lead a review of SEN support." not in page  # the brief waits for the opening
        assert "Hand in your work" not in page
    with time_machine.travel(at(2027, 3, 5, 9, 1), tick=False):
        client.force_login(cast.participant_a1)
        page = client.get(reverse("assessment:mine")).content.decode()
        assert "Lead a review of SEN support." in page and "Open: hand in by 17:00 on 13 March 2027" in page
        with pytest.raises(ValidationError) as refused:
            factories.hand_in(study.place, study.component, words=3400)
        assert "over the 3,000-word limit" in str(refused.value)
        submission = factories.hand_in(study.place, study.component, words=3250)  # within the 10% leeway
    assert submission.window == study.first and submission.late is False
    with time_machine.travel(at(2027, 3, 13, 17, 1), tick=False):
        other = factories.EnrolmentFactory(cohort=cast.cohort_a1)
        with pytest.raises(ValidationError, match="The window closed at 17:00 on 13 March 2027"):
            factories.hand_in(other, study.component)
    assert Submission.objects.count() == 1


def _second_marker(cast):
    from cohorts.models import Membership

    second = factories.MembershipFactory(provider=cast.provider_a, role=Membership.Role.TUTOR).user
    cast.cohort_a1.tutors.add(second)
    return second


def _mark_and_release(cast, submission, *, passed: bool):
    """Marked by tutor A1; a fail is always in the moderation sample and a second tutor agrees; released."""
    Submission.objects.filter(pk=submission.pk).update(marker=cast.tutor_a1)
    services.mark_save(submission=submission, by=cast.tutor_a1, passed=passed, feedback="See the rubric.",
                       expected_version=submission.version)  # fmt: skip
    services.sample_draw(cohort=cast.cohort_a1, component=submission.component, by=cast.admin_a)
    services.moderation_mark_save(submission=submission, by=_second_marker(cast), mark=int(passed))
    services.release(cohort=cast.cohort_a1, component=submission.component, by=cast.admin_a)
    return Submission.objects.get(pk=submission.pk)


def test_a_fail_is_resat_in_the_next_window(cast, study):
    with time_machine.travel(at(2027, 3, 6, 10), tick=False):
        first = factories.hand_in(study.place, study.component)
        _mark_and_release(cast, first, passed=False)
    with (
        time_machine.travel(at(2027, 3, 20, 10), tick=False),
        pytest.raises(ValidationError, match="opens at 09:00 on 4 June 2027"),
    ):
        factories.hand_in(study.place, study.component)
    with time_machine.travel(at(2027, 6, 5, 10), tick=False):
        second = factories.hand_in(study.place, study.component)
    assert (second.attempt, second.window) == (2, study.resit)


def test_extenuating_circumstances_move_a_person_to_a_later_window(client, cast, study):
    with time_machine.travel(at(2027, 3, 6, 10), tick=False):
        client.force_login(cast.participant_a1)
        response = client.post(reverse("assessment:adjustment", args=[study.component.pk]),
                               {"kind": "later", "reason": "In hospital for the window."})  # fmt: skip
        assert response.status_code == 302
        asked = Adjustment.objects.get()
        client.force_login(cast.admin_a)
        page_url = reverse("assessment:case-study", args=[cast.cohort_a1.pk, study.component.pk])
        assert "In hospital for the window." in client.get(page_url).content.decode()
        decide = reverse("assessment:adjustment-decide", args=[cast.cohort_a1.pk, asked.pk])
        client.post(decide, {f"a{asked.pk}-approve": "1"})  # no window chosen: refused, nothing changes
        assert Adjustment.objects.get().status == "requested"
        client.post(decide, {f"a{asked.pk}-approve": "1", f"a{asked.pk}-window": study.resit.pk})
        assert Adjustment.objects.get().status == "approved"
        assert OutboxEmail.objects.filter(to=cast.participant_a1.email, subject__contains="approved").exists()
        with pytest.raises(ValidationError, match="opens at 09:00 on 4 June 2027"):
            factories.hand_in(study.place, study.component)
    with time_machine.travel(at(2027, 6, 5, 10), tick=False):
        submission = factories.hand_in(study.place, study.component)
    assert (submission.attempt, submission.window) == (1, study.resit)  # the missed window is not an attempt


def test_extra_time_keeps_the_window_open_for_that_person_only(cast, study):
    asked = services.adjustment_request(enrolment=study.place, component=study.component, kind="extra_time",
                                        reason="Access arrangements: 25% extra time.", extra_minutes=120)  # fmt: skip
    services.adjustment_decide(adjustment=asked, by=cast.admin_a, approve=True)
    with pytest.raises(ValidationError, match="already been decided"):
        services.adjustment_decide(adjustment=asked, by=cast.admin_a, approve=False)
    with time_machine.travel(at(2027, 3, 13, 18, 30), tick=False):
        assert factories.hand_in(study.place, study.component).window == study.first
        other = factories.EnrolmentFactory(cohort=cast.cohort_a1)
        with pytest.raises(ValidationError, match="closed"):
            factories.hand_in(other, study.component)


def test_an_appeal_is_lodged_in_time_and_decided_by_someone_who_did_not_mark(client, cast, study):
    with time_machine.travel(at(2027, 3, 6, 10), tick=False):
        submission = factories.hand_in(study.place, study.component)
    with time_machine.travel(at(2027, 3, 20, 10), tick=False):
        submission = _mark_and_release(cast, submission, passed=False)
    with time_machine.travel(at(2027, 3, 31, 23, 59), tick=False):  # released 20 March + 10 days = 30 March
        client.force_login(cast.participant_a1)
        page = client.get(reverse("assessment:mine")).content.decode()
        assert "Appeal this result" not in page
        response = client.post(reverse("assessment:appeal", args=[submission.pk]), {"grounds": "Late"})
        assert "Appeals against this result closed on 30 March 2027" in response.content.decode()
    assert not Appeal.objects.exists()
    with time_machine.travel(at(2027, 3, 30, 12), tick=False):
        client.force_login(cast.participant_a1)
        assert "Appeal this result" in client.get(reverse("assessment:mine")).content.decode()
        response = client.post(reverse("assessment:appeal", args=[submission.pk]), {"grounds": "   "})
        assert "Fill this in to continue." in response.content.decode()
        client.post(reverse("assessment:appeal", args=[submission.pk]),
                    {"grounds": "The marker did not read my appendix of provision maps."})  # fmt: skip
    appeal = Appeal.objects.get()
    with pytest.raises(ValidationError, match="did not mark or moderate"):
        services.appeal_decide(appeal=appeal, by=cast.tutor_a1, uphold=True, decision="Fine.")
    client.force_login(cast.admin_a)
    url = reverse("assessment:appeal-decide", args=[cast.cohort_a1.pk, appeal.pk])
    assert "did not read my appendix" in client.get(url).content.decode()
    decided = {"uphold": "1", "decision": "The appendix meets criterion 3: the result is a pass."}
    asked = client.post(url, decided).content.decode()  # final, and emailed: asked first
    assert "Uphold" in asked and "appeal?" in asked and "The appendix meets criterion 3" in asked
    appeal.refresh_from_db()
    assert appeal.status == "lodged" and not OutboxEmail.objects.filter(subject__contains="Upheld").exists()
    client.post(url, {**decided, "confirmed": "1"})
    appeal.refresh_from_db()
    assert (appeal.status, appeal.reviewer) == ("upheld", cast.admin_a)
    assert Submission.objects.get(pk=submission.pk).passed is True
    assert OutboxEmail.objects.filter(to=cast.participant_a1.email, subject__contains="Upheld").exists()
    achievements = achievements_for(cast.cohort_a1, [study.place])[study.place.pk]
    assert any(c.passed for c in achievements.components)  # the pass feeds the award decision
    assert decide_award(achievements) is not None
    with pytest.raises(ValidationError, match="already been decided"):
        services.appeal_decide(appeal=appeal, by=cast.admin_a, uphold=False, decision="No.")


def test_only_a_case_study_has_windows_and_a_window_closes_after_it_opens(cast, study):
    essay = services.component_create(programme=cast.cohort_a1.programme, title="Essay", kind="pass_fail", credits=0)
    with pytest.raises(ValidationError, match="Only a case study"):
        services.window_save(cohort=cast.cohort_a1, component=essay, opens_at=at(2027, 3, 5, 9),
                             closes_at=at(2027, 3, 6, 9), brief="x", by=cast.admin_a)  # fmt: skip
    with pytest.raises(ValidationError):
        services.window_save(cohort=cast.cohort_a1, component=study.component, opens_at=at(2027, 3, 5, 9),
                             closes_at=at(2027, 3, 5, 9), brief="x", by=cast.admin_a)  # fmt: skip
    with pytest.raises(ValidationError, match="not part of the cohort's programme"):
        services.window_save(cohort=cast.cohort_b1, component=study.component, opens_at=at(2027, 3, 5, 9),
                             closes_at=at(2027, 3, 6, 9), brief="x", by=cast.admin_b)  # fmt: skip


def test_pass_fail_moderation_every_fail_and_a_share_of_passes_then_a_third_marker_on_disagreement(client, cast, study):
    people = [study.place] + [factories.EnrolmentFactory(cohort=cast.cohort_a1) for _ in range(4)]
    with time_machine.travel(at(2027, 3, 6, 10), tick=False):
        work = [factories.hand_in(place, study.component) for place in people]
    Submission.objects.update(marker=cast.tutor_a1)
    for piece, passed in zip(work, [False, True, True, True, True], strict=True):
        services.mark_save(submission=piece, by=cast.tutor_a1, passed=passed, feedback="ok",
                           expected_version=Submission.objects.get(pk=piece.pk).version)  # fmt: skip
    with pytest.raises(ValidationError, match="Draw the moderation sample"):
        services.release(cohort=cast.cohort_a1, component=study.component, by=cast.admin_a)
    services.sample_draw(cohort=cast.cohort_a1, component=study.component, by=cast.admin_a)
    sampled = set(Submission.objects.filter(in_sample=True).values_list("pk", flat=True))
    assert work[0].pk in sampled and len(sampled) == 2  # the fail, and 10% (at least one) of the passes
    second = _second_marker(cast)
    client.force_login(second)
    url = reverse("assessment:moderate", args=[work[0].pk])
    assert "Your judgement" in client.get(url).content.decode()
    client.post(url, {"mark": "1", "comment": "Meets the brief."})  # disagrees with the fail
    assert Submission.objects.get(pk=work[0].pk).agreed_mark is None  # a third marker decides
    with pytest.raises(ValidationError, match="Moderation is not complete"):
        services.release(cohort=cast.cohort_a1, component=study.component, by=cast.admin_a)
    with pytest.raises(ValidationError, match="has not marked this piece"):
        services.moderation_mark_save(submission=work[0], by=second, mark=1)
    services.moderation_mark_save(submission=work[0], by=cast.admin_a, mark=1)
    decided = Submission.objects.get(pk=work[0].pk)
    assert (decided.agreed_mark, decided.passed) == (1, True)
    other = next(s for s in Submission.objects.filter(in_sample=True) if s.pk != work[0].pk)
    services.moderation_mark_save(submission=other, by=second, mark=1)  # agrees with the pass
    assert services.release(cohort=cast.cohort_a1, component=study.component, by=cast.admin_a) == 5


def test_a_passed_case_study_makes_the_npq_award_held_by_the_deadline(cast):
    from cohorts.models import Attendance, Qualification
    from enrolment.models import Enrolment

    programme = factories.ProgrammeFactory(provider=cast.provider_a, qualification=Qualification.NPQSENCO,
                                           teaching_days=2, minimum_attendance_percent=90)  # fmt: skip
    cohort = factories.CohortFactory(programme=programme, name="NPQ 1")
    days = [factories.TeachingDayFactory(cohort=cohort, number=n) for n in (1, 2)]
    place = factories.EnrolmentFactory(cohort=cohort)
    for day in days:
        Attendance.objects.create(day=day, participant=place.participant, status="present")
    study = services.component_create(programme=programme, title="Case study", kind="case_study")
    services.window_save(cohort=cohort, component=study, opens_at=at(2027, 3, 5, 9), closes_at=at(2027, 3, 13, 17),
                         brief="Brief.", by=cast.admin_a)  # fmt: skip
    with time_machine.travel(at(2027, 3, 6, 10), tick=False):
        submission = factories.hand_in(place, study)
    cohort.tutors.add(cast.tutor_a1)
    Submission.objects.filter(pk=submission.pk).update(marker=cast.tutor_a1)
    services.mark_save(submission=submission, by=cast.tutor_a1, passed=True, feedback="Meets the framework.",
                       expected_version=Submission.objects.get(pk=submission.pk).version)  # fmt: skip
    services.sample_draw(cohort=cohort, component=study, by=cast.admin_a)  # at least one of each marker's passes
    services.moderation_mark_save(submission=submission, by=cast.admin_a, mark=1)
    services.release(cohort=cohort, component=study, by=cast.admin_a)
    with time_machine.travel(at(2027, 4, 1, 10), tick=False):
        award = services.award_confirm(enrolment=place, by=cast.admin_a)
    place.refresh_from_db()
    assert award.certificate_number.startswith("NPQSENCO-2027-")
    # Completed: the day the statutory answer reads the qualification as held (enrolment/statute.py).
    assert (place.status, place.completed_on) == (Enrolment.Status.COMPLETED, dt.date(2027, 4, 1))


def test_the_marker_judges_a_case_study_against_the_programmes_framework(client, cast, study):
    from curriculum import services as curriculum

    framework = curriculum.framework_load(provider=cast.provider_a, by=cast.admin_a)
    curriculum.plan_save(programme=cast.cohort_a1.programme, framework=framework, self_study_minimum_percent=0,
                         gates_assessment=False, by=cast.admin_a)  # fmt: skip
    with time_machine.travel(at(2027, 3, 6, 10), tick=False):
        submission = factories.hand_in(study.place, study.component)
    Submission.objects.filter(pk=submission.pk).update(marker=cast.tutor_a1)
    client.force_login(cast.tutor_a1)
    page = client.get(reverse("assessment:mark", args=[submission.pk])).content.decode()
    assert "Judge it against NPQ for SENCOs framework (version 1): 8 areas" in page
    assert "3. Identification of need" in page
