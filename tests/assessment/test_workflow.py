"""Handing in, extensions, marking against the rubric, release, and what the participant sees when."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment import services
from assessment.models import Extension, MarkChange, Submission
from assessment.timing import judge
from nasenco.files.samples import SMALL_PDF
from nasenco.mail.models import OutboxEmail
from tests import factories

pytestmark = pytest.mark.django_db
PDF = SMALL_PDF
DUE = dt.date(2024, 1, 15)


@pytest.fixture
def component(cast):
    component = services.component_create(
        programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7", credits=30, word_limit=5000
    )
    services.due_date_set(component=component, cohort=cast.cohort_a1, due_on=DUE, by=cast.admin_a)
    return component


def hand_in(cast, component, *, today=DUE, words=4800):
    return factories.hand_in(
        cast.participant_a1.enrolments.get(), component, name="Assignment 1.pdf", words=words, today=today
    )


@pytest.mark.parametrize(
    ("day", "extension", "accepted", "late"),
    [
        (DUE, None, True, False),
        (DUE + dt.timedelta(days=1), None, True, True),
        (DUE + dt.timedelta(days=14), None, True, True),
        (DUE + dt.timedelta(days=15), None, False, True),
        (DUE + dt.timedelta(days=15), DUE + dt.timedelta(days=20), True, False),
    ],
)
def test_timing(day, extension, accepted, late):
    verdict = judge(submitted_on=day, due_on=DUE, late_days=14, extension_until=extension)
    assert (verdict.accepted, verdict.late) == (accepted, late)


def test_handing_in_stores_the_work_and_emails_a_receipt(cast, component):
    submission = hand_in(cast, component)
    assert (submission.attempt, submission.late, submission.status) == (1, False, "not_marked")
    receipt = OutboxEmail.objects.get(to=cast.participant_a1.email)
    assert (
        receipt.subject == "National Award: Received: Assignment 1 — NASENCO Portal"
        and "Assignment 1.pdf" in receipt.body_text
    )


def test_after_the_cut_off_without_an_extension_it_is_refused(cast, component):
    with pytest.raises(ValidationError, match="last day to hand this in was 29 January 2024"):
        hand_in(cast, component, today=DUE + dt.timedelta(days=30))
    assert not Submission.objects.exists()


def test_an_extension_must_end_after_the_original_due_date(cast, component):
    enrolment = cast.participant_a1.enrolments.get()
    with pytest.raises(ValidationError, match="must end after the original due date"):
        services.extension_request(enrolment=enrolment, component=component, until=DUE, reason="Ill")
    extension = services.extension_request(
        enrolment=enrolment, component=component, until=DUE + dt.timedelta(days=30), reason="Ill"
    )
    services.extension_decide(extension=extension, by=cast.admin_a, approve=True)
    assert hand_in(cast, component, today=DUE + dt.timedelta(days=30)).late is False
    with pytest.raises(ValidationError, match="already been decided"):
        services.extension_decide(extension=Extension.objects.get(), by=cast.admin_a, approve=False)


def test_marking_then_release_then_the_participant_sees_it(client, cast, component, django_capture_on_commit_callbacks):
    submission = hand_in(cast, component, words=5600)  # over 5,000 + 10%
    services.allocate_balanced(cohort=cast.cohort_a1, markers=[cast.tutor_a1], by=cast.admin_a)
    submission.refresh_from_db()
    criteria = {c.pk: 70 for c in component.criteria.all()}
    client.force_login(cast.tutor_a1)
    url = reverse("assessment:mark", args=[submission.pk])
    response = client.post(
        url, {"version": 1, "feedback": "A strong, critical piece.", **{f"c{pk}": v for pk, v in criteria.items()}}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.raw_mark, submission.final_mark, submission.passed) == (70, 60, True)
    assert "10 marks deducted" in submission.mark_notes[0]
    assert MarkChange.objects.get().new_mark == 60

    client.force_login(cast.participant_a1)
    page = client.get(reverse("assessment:mine")).content.decode()
    assert "Being marked" in page and "A strong, critical piece." not in page  # hidden until released

    client.force_login(cast.admin_a)
    response = client.post(reverse("assessment:release", args=[cast.cohort_a1.pk, component.pk]), follow=True)
    assert "Draw the moderation sample" in response.content.decode()  # not before moderation
    asked = client.post(reverse("assessment:sample", args=[cast.cohort_a1.pk, component.pk])).content.decode()
    assert (
        "Draw the moderation sample for Assignment 1?" in asked and submission.enrolment.participant.full_name in asked
    )
    submission.refresh_from_db()
    assert not submission.in_sample  # asked first: nothing drawn yet
    client.post(reverse("assessment:sample", args=[cast.cohort_a1.pk, component.pk]), {"confirmed": "1"})
    submission.refresh_from_db()
    assert submission.in_sample
    bad = client.post(reverse("assessment:moderate", args=[submission.pk]), {"mark": "sixty", "comment": "Kept."})
    assert (
        "A mark is a whole number from 0 to 100." in bad.content.decode() and "Kept.</textarea>" in bad.content.decode()
    )
    assert not submission.moderation.exists()
    client.post(reverse("assessment:moderate", args=[submission.pk]), {"mark": "68", "comment": "Agree."})
    submission.refresh_from_db()
    assert submission.agreed_mark == 70  # within the margin: the first mark stands, recorded beside both
    asked = client.post(reverse("assessment:release", args=[cast.cohort_a1.pk, component.pk])).content.decode()
    assert "Release Assignment 1 to 1 participant(s)?" in asked and f"{cast.participant_a1.full_name}: 60" in asked
    assert "Your mark for Assignment 1 is ready" in asked  # what they will be told, before it is sent
    assert not OutboxEmail.objects.filter(
        subject="National Award: Your mark for Assignment 1 is ready — NASENCO Portal"
    ).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessment:release", args=[cast.cohort_a1.pk, component.pk]), {"confirmed": "1"})
    assert (
        OutboxEmail.objects.filter(
            subject="National Award: Your mark for Assignment 1 is ready — NASENCO Portal"
        ).count()
        == 1
    )
    client.force_login(cast.participant_a1)
    page = client.get(reverse("assessment:mine")).content.decode()
    assert "Mark: <strong>60</strong>" in page and "A strong, critical piece." in page


def test_a_second_marker_save_from_an_old_page_is_a_conflict(client, cast, component):
    submission = hand_in(cast, component)
    services.allocate(submission=submission, marker=cast.tutor_a1, by=cast.admin_a)
    criteria = {f"c{c.pk}": 65 for c in component.criteria.all()}
    client.force_login(cast.tutor_a1)
    url = reverse("assessment:mark", args=[submission.pk])
    client.post(url, {"version": 1, "feedback": "First.", **criteria})
    page = client.post(url, {"version": 1, "feedback": "Second.", **criteria}).content.decode()
    assert "Someone else saved a mark" in page
    submission.refresh_from_db()
    assert submission.feedback == "First."


def test_a_mark_outside_0_to_100_is_refused(client, cast, component):
    submission = hand_in(cast, component)
    services.allocate(submission=submission, marker=cast.tutor_a1, by=cast.admin_a)
    client.force_login(cast.tutor_a1)
    criteria = {f"c{c.pk}": 65 for c in component.criteria.all()}
    first = next(iter(criteria))
    page = client.post(
        reverse("assessment:mark", args=[submission.pk]), {"version": 1, "feedback": "x", **criteria, first: 140}
    ).content.decode()
    assert "A mark is from 0 to 100." in page
    submission.refresh_from_db()
    assert submission.final_mark is None


def test_release_waits_for_every_mark(client, cast, component):
    hand_in(cast, component)
    client.force_login(cast.admin_a)
    response = client.post(reverse("assessment:release", args=[cast.cohort_a1.pk, component.pk]), follow=True)
    assert "not marked yet" in response.content.decode()
    assert not Submission.objects.filter(status="released").exists()


def test_a_resubmission_after_a_released_fail_is_capped(cast, component):
    first = hand_in(cast, component)
    services.allocate(submission=first, marker=cast.tutor_a1, by=cast.admin_a)
    services.mark_save(
        submission=first,
        by=cast.tutor_a1,
        criterion_marks={c.pk: 35 for c in component.criteria.all()},
        feedback="Not yet.",
        expected_version=1,
    )
    factories.moderate_and_release(
        cohort=cast.cohort_a1, component=component, moderator=cast.admin_a, admin=cast.admin_a
    )
    second = hand_in(cast, component, today=DUE + dt.timedelta(days=90))
    assert second.attempt == 2
    services.allocate(submission=second, marker=cast.tutor_a1, by=cast.admin_a)
    marked = services.mark_save(
        submission=second,
        by=cast.tutor_a1,
        criterion_marks={c.pk: 72 for c in component.criteria.all()},
        feedback="Much better.",
        expected_version=1,
    )
    assert (marked.raw_mark, marked.final_mark) == (72, 50)


def test_balanced_allocation_evens_out_the_work(cast, component):
    other_tutor = factories.MembershipFactory(provider=cast.provider_a, role="tutor").user
    for _ in range(3):
        enrolment = factories.EnrolmentFactory(cohort=cast.cohort_a1)
        factories.hand_in(enrolment, component, words=4000, today=DUE)
    hand_in(cast, component)
    assert services.allocate_balanced(cohort=cast.cohort_a1, markers=[cast.tutor_a1, other_tutor], by=cast.admin_a) == 4
    loads = sorted(Submission.objects.values_list("marker", flat=True))
    assert loads.count(cast.tutor_a1.pk) == 2 and loads.count(other_tutor.pk) == 2


def test_a_wide_disagreement_goes_to_a_third_marker(cast, component):
    submission = hand_in(cast, component)
    services.allocate(submission=submission, marker=cast.tutor_a1, by=cast.admin_a)
    services.mark_save(
        submission=submission,
        by=cast.tutor_a1,
        criterion_marks={c.pk: 62 for c in component.criteria.all()},
        feedback="x",
        expected_version=1,
    )
    services.sample_draw(cohort=cast.cohort_a1, component=component, by=cast.admin_a)
    with pytest.raises(ValidationError, match="has not marked this piece"):
        services.moderation_mark_save(submission=submission, by=cast.tutor_a1, mark=62)
    services.moderation_mark_save(submission=submission, by=cast.admin_a, mark=45)  # 17 apart, and a fail
    submission.refresh_from_db()
    assert submission.agreed_mark is None and services.next_role(submission) == "third"
    with pytest.raises(ValidationError, match="not complete"):
        services.release(cohort=cast.cohort_a1, component=component, by=cast.admin_a)
    third = factories.MembershipFactory(provider=cast.provider_a, role="tutor").user
    services.moderation_mark_save(submission=submission, by=third, mark=55)
    submission.refresh_from_db()
    assert (submission.raw_mark, submission.agreed_mark, submission.final_mark) == (62, 55, 55)
    assert list(submission.mark_changes.values_list("old_mark", "new_mark")) == [(None, 62), (62, 55)]


def test_anonymous_marking_hides_the_name_from_markers(client, cast, component):
    component.anonymous_marking = True
    component.save()
    submission = hand_in(cast, component)
    services.allocate(submission=submission, marker=cast.tutor_a1, by=cast.admin_a)
    client.force_login(cast.tutor_a1)
    queue = client.get(reverse("assessment:queue", args=[cast.cohort_a1.pk])).content.decode()
    assert submission.candidate_number in queue and cast.participant_a1.full_name not in queue
    mark_page = client.get(reverse("assessment:mark", args=[submission.pk])).content.decode()
    assert cast.participant_a1.full_name not in mark_page and "Assignment 1.pdf" not in mark_page
    download = client.get(reverse("assessment:submission-file", args=[submission.pk]))
    assert submission.candidate_number in download["Content-Disposition"]
    b"".join(download.streaming_content)


def test_an_annotated_copy_is_returned_with_the_released_mark(client, cast, component):
    submission = hand_in(cast, component)
    services.allocate(submission=submission, marker=cast.tutor_a1, by=cast.admin_a)
    client.force_login(cast.tutor_a1)
    client.post(
        reverse("assessment:mark", args=[submission.pk]),
        {
            "version": 1,
            "feedback": "See the comments.",
            **{f"c{c.pk}": 60 for c in component.criteria.all()},
            "feedback_file": SimpleUploadedFile("annotated.pdf", PDF),
        },
    )
    submission.refresh_from_db()
    assert submission.feedback_file and submission.feedback_file_name == "Annotated - annotated.pdf"
    client.force_login(cast.participant_a1)
    url = reverse("assessment:feedback-file", args=[submission.pk])
    assert client.get(url).status_code == 404  # not before release
    factories.moderate_and_release(
        cohort=cast.cohort_a1, component=component, moderator=cast.admin_a, admin=cast.admin_a
    )
    response = client.get(url)
    assert b"".join(response.streaming_content) == PDF


def test_autosave_keeps_the_draft_without_making_it_a_mark(client, cast, component):
    submission = hand_in(cast, component)
    services.allocate(submission=submission, marker=cast.tutor_a1, by=cast.admin_a)
    first = component.criteria.first()
    client.force_login(cast.tutor_a1)
    url = reverse("assessment:autosave", args=[submission.pk])
    response = client.post(url, {"version": 1, "feedback": "Half way.", f"c{first.pk}": "64"}).content.decode()
    assert "Draft saved at" in response and 'name="version" value="2"' in response
    submission.refresh_from_db()
    assert (submission.status, submission.final_mark, submission.feedback) == ("in_marking", None, "Half way.")
    assert submission.criterion_marks == {str(first.pk): 64}
    stale = client.post(url, {"version": 1, "feedback": "Other tab."}).content.decode()
    assert "someone else saved this mark" in stale
    submission.refresh_from_db()
    assert submission.feedback == "Half way."
    page = client.get(reverse("assessment:mark", args=[submission.pk])).content.decode()
    assert "Half way." in page and 'value="64"' in page  # the draft comes back


def test_an_admin_allocates_one_piece_by_hand_and_the_stage_is_shown(client, cast, component):
    submission = hand_in(cast, component)
    client.force_login(cast.admin_a)
    client.post(reverse("assessment:allocate-one", args=[submission.pk]), {"marker": cast.tutor_a1.pk})
    submission.refresh_from_db()
    assert submission.marker == cast.tutor_a1
    outsider = factories.UserFactory()
    response = client.post(
        reverse("assessment:allocate-one", args=[submission.pk]), {"marker": outsider.pk}, follow=True
    )
    assert "Choose one of the cohort&#x27;s tutors" in response.content.decode()
    services.mark_save(
        submission=submission,
        by=cast.tutor_a1,
        criterion_marks={c.pk: 69 for c in component.criteria.all()},
        feedback="x",
        expected_version=submission.version,
    )
    services.sample_draw(cohort=cast.cohort_a1, component=component, by=cast.admin_a)
    submission.refresh_from_db()
    assert submission.stage == "Awaiting second marking"
    services.moderation_mark_save(submission=submission, by=cast.admin_a, mark=68)
    submission.refresh_from_db()
    assert submission.stage == "Moderated, ready for release"


def test_the_receipt_is_shown_on_the_page_too(client, cast):
    component = services.component_create(programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7")
    client.force_login(cast.participant_a1)
    response = client.post(
        reverse("assessment:submit", args=[component.pk]),
        {
            "file": SimpleUploadedFile("Assignment 1.pdf", PDF),
            "word_count": "4321",
            "own_work": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Received: Assignment 1, attempt 1, Assignment 1.pdf, 4,321 words" in page


def test_a_word_count_far_beyond_the_limit_is_questioned_and_nothing_is_handed_in(cast, component):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="more than 3 times the 5,000-word limit"):
        factories.hand_in(cast.participant_a1.enrolments.get(), component, words=50_000)
    assert not component.submissions.exists()


def test_the_rubric_takes_a_band_alone_refuses_a_contradiction_and_shows_bands_after_release(client, cast, component):
    from assessment.marks import band_mark

    submission = hand_in(cast, component)
    services.allocate(submission=submission, marker=cast.tutor_a1, by=cast.admin_a)
    criteria = list(component.criteria.all())
    client.force_login(cast.tutor_a1)
    url = reverse("assessment:mark", args=[submission.pk])
    contradiction = {f"b{c.pk}": "Merit" for c in criteria} | {f"c{criteria[0].pk}": "48"}
    page = client.post(url, {"version": 1, "feedback": "x", **contradiction}).content.decode()
    assert "Merit" in page and "48" in page and "<title>Error:" in page
    submission.refresh_from_db()
    assert submission.final_mark is None  # nothing saved
    bands_only = {f"b{c.pk}": "Merit" for c in criteria} | {f"f{criteria[0].pk}": "Sharp use of the Code."}
    client.post(url, {"version": 1, "feedback": "Good.", **bands_only})
    submission.refresh_from_db()
    assert submission.final_mark == band_mark("Merit") == 65
    assert submission.criterion_feedback == {str(criteria[0].pk): "Sharp use of the Code."}
    Submission.objects.filter(pk=submission.pk).update(status="released")
    client.force_login(cast.participant_a1)
    mine = client.get(reverse("assessment:mine")).content.decode()
    assert "Mark: <strong>65</strong> (Merit)" in mine and "Sharp use of the Code." in mine
    assert mine.count("<td>Merit</td>") == len(criteria)
