"""Engagement: attendance plus self-study, marked by the participant or imported; shown to the participant,
their tutor and their head; the assessment refuses entry below the thresholds, with the reason."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.models import Submission
from assessment.services import component_create
from curriculum import selectors, services
from curriculum.models import Completion
from dfe import rules as dfe_rules
from tests import factories

from .conftest import attend, complete

pytestmark = pytest.mark.django_db


def test_the_participant_marks_units_done_and_sees_their_engagement(client, cast, curriculum):
    person = cast.participant_a1
    client.force_login(person)
    unit = curriculum.units.get(number=1)
    page = client.get(reverse("curriculum:mine")).content.decode()
    assert "Self-study completed: 0 of 10 units (0%; 90% needed)" in page
    assert "Below the threshold" in page
    client.post(reverse("curriculum:mark", args=[unit.pk]), {"done": "1"})
    client.post(reverse("curriculum:mark", args=[unit.pk]), {"done": "1"})  # twice: still one
    assert Completion.objects.filter(participant=person).count() == 1
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Your engagement" in dashboard and "1 of 10 units" in dashboard
    client.post(reverse("curriculum:mark", args=[unit.pk]), {"done": "0"})
    assert not Completion.objects.filter(participant=person).exists()
    # A unit of another programme is not theirs to mark.
    other = factories.ProgrammeFactory(provider=cast.provider_b)
    theirs = services.plan_save(
        programme=other, framework=services.framework_load(provider=cast.provider_b, by=cast.admin_b),
        self_study_minimum_percent=90, gates_assessment=True, by=cast.admin_b,
    )  # fmt: skip
    foreign = services.unit_save(plan=theirs, title="Theirs", minutes=10, link="", statements=[], by=cast.admin_b)
    assert client.post(reverse("curriculum:mark", args=[foreign.pk]), {"done": "1"}).status_code == 404


def test_a_unit_recorded_by_the_provider_cannot_be_unmarked_by_the_participant(cast, curriculum):
    unit = curriculum.units.get(number=1)
    services.completion_mark(unit=unit, participant=cast.participant_a1, done=True, by=cast.tutor_a1)
    assert Completion.objects.get().source == Completion.Source.STAFF
    with pytest.raises(ValidationError, match="ask your tutor"):
        services.completion_mark(unit=unit, participant=cast.participant_a1, done=False, by=cast.participant_a1)
    assert Completion.objects.count() == 1


def test_an_import_checks_every_line_then_records_on_confirmation(client, cast, curriculum):
    other = factories.EnrolmentFactory(cohort=cast.cohort_a1).participant
    text = "\n".join(
        [
            "Email,Unit,Completed",
            f"{cast.participant_a1.email.upper()},1,05/10/2026",
            f"{cast.participant_a1.email},Unit 2,2026-10-06",
            f"{cast.participant_a1.email},1,2026-10-07",  # repeated
            f"{other.email},99,2026-10-06",  # no such unit
            f"{other.email},3,next Tuesday",  # not a date
            f"{cast.participant_a2.email},3,2026-10-06",  # another cohort
            ",3,2026-10-06",
        ]
    )
    client.force_login(cast.tutor_a1)
    response = client.post(
        reverse("curriculum:engagement", args=[cast.cohort_a1.pk]),
        {"file": SimpleUploadedFile("moodle.csv", text.encode())},
    )
    batch_url = response["Location"]
    page = client.get(batch_url).content.decode()
    assert "Record 2 completed units" in page
    assert "no unit “99”: use its number (1–10) or its title" in page
    assert "“next Tuesday” is not a date" in page
    assert f"{cast.participant_a2.email} has no place on A1" in page
    assert "this unit appears twice" in page
    assert not Completion.objects.exists()  # nothing changes until confirmed
    client.post(batch_url)
    done = Completion.objects.filter(participant=cast.participant_a1).order_by("unit__number")
    assert [(c.unit.number, c.completed_on.isoformat(), c.source) for c in done] == [
        (1, "2026-10-05", "import"),
        (2, "2026-10-06", "import"),
    ]
    response = client.post(batch_url, follow=True)
    assert "already been applied" in response.content.decode()
    assert Completion.objects.count() == 2
    # A file without the needed columns is refused with what to do.
    response = client.post(
        reverse("curriculum:engagement", args=[cast.cohort_a1.pk]),
        {"file": SimpleUploadedFile("x.csv", b"name,score\nAnn,3\n")},
    )
    assert "must name the columns" in response.content.decode()


def test_the_assessment_refuses_entry_below_the_threshold_with_the_reason(cast, curriculum):
    place = cast.participant_a1.enrolments.get()
    component = component_create(programme=curriculum.programme, title="Case study", kind="pass_fail", credits=0)
    attend(cast.cohort_a1, cast.participant_a1, numbers=(1,))
    complete(curriculum, cast.participant_a1, 8)
    with pytest.raises(ValidationError) as refused:
        factories.hand_in(place, component)
    assert refused.value.messages == [
        "You can hand in once your engagement meets the programme's thresholds. Still short: sessions attended: 1 "
        "of 2 (50%), 90% needed; self-study completed: 8 of 10 units (80%), 90% needed."
    ]
    assert not Submission.objects.exists()
    attend(cast.cohort_a1, cast.participant_a1, numbers=(1, 2))
    complete(curriculum, cast.participant_a1, 9)
    assert factories.hand_in(place, component).attempt == 1


def test_the_hand_in_page_says_why_before_the_upload(client, cast, curriculum):
    component = component_create(programme=curriculum.programme, title="Case study", kind="pass_fail", credits=0)
    client.force_login(cast.participant_a1)
    page = client.get(reverse("assessment:submit", args=[component.pk])).content.decode()
    assert "Still short: sessions attended: 0 of 2" in page and reverse("curriculum:mine") in page


def test_without_a_plan_nothing_is_gated(cast):
    component = component_create(programme=cast.cohort_a1.programme, title="Essay", kind="pass_fail", credits=0)
    assert selectors.assessment_refusal(cast.participant_a1.enrolments.get()) == ""
    assert factories.hand_in(cast.participant_a1.enrolments.get(), component).attempt == 1


def test_retained_declarations_rest_on_engagement():
    short = dfe_rules.evidence_for("retained-1", attended=2, days=6, held=3, outcome=None, outcome_note="",
                                   units_done=2, units=12)  # fmt: skip
    assert not short.ready
    assert short.reason == "Completed 2 of 12 self-study units; 4 needed."
    assert short.facts["self-study units completed"] == 2
    ready = dfe_rules.evidence_for("retained-2", attended=4, days=6, held=5, outcome=None, outcome_note="",
                                   units_done=8, units=12)  # fmt: skip
    assert ready.ready and ready.facts["units needed"] == 8
    started = dfe_rules.evidence_for("started", attended=1, days=6, held=1, outcome=None, outcome_note="",
                                     units_done=0, units=12)  # fmt: skip
    assert started.ready  # the first session starts it, whatever the self-study


def test_the_tutor_sees_the_cohorts_engagement(client, cast, curriculum):
    attend(cast.cohort_a1, cast.participant_a1)
    complete(curriculum, cast.participant_a1, 10)
    other = factories.EnrolmentFactory(cohort=cast.cohort_a1, participant__full_name="Bea Below").participant
    attend(cast.cohort_a1, other, numbers=(1,))
    client.force_login(cast.tutor_a1)
    page = client.get(reverse("curriculum:engagement", args=[cast.cohort_a1.pk])).content.decode()
    assert "1 of 2 below the threshold" in page
    assert "Bea Below" in page and "sessions attended: 1 of 2 (50%), 90% needed" in page


@pytest.mark.parametrize("extra", [0, 4])
def test_engagement_and_coverage_pages_do_a_fixed_number_of_queries(
    client, cast, curriculum, extra, django_assert_num_queries
):
    for _ in range(extra):
        person = factories.EnrolmentFactory(cohort=cast.cohort_a1).participant
        attend(cast.cohort_a1, person)
        complete(curriculum, person, 3)
        services.unit_save(plan=curriculum, title="More", minutes=5, link="", statements=[], by=cast.admin_a)
    client.force_login(cast.tutor_a1)
    with django_assert_num_queries(15):
        page = client.get(reverse("curriculum:engagement", args=[cast.cohort_a1.pk])).content.decode()
    assert page.count("<tr>") == 2 + extra
    with django_assert_num_queries(13):
        page = client.get(reverse("curriculum:coverage", args=[cast.cohort_a1.pk])).content.decode()
    assert "32 statements taught" in page


def test_the_heads_view_shows_engagement(client, cast, curriculum):
    from schools import services as school_services
    from tests.schools.helpers import head_of, place_a1

    place = place_a1(cast)
    attend(cast.cohort_a1, cast.participant_a1)
    complete(curriculum, cast.participant_a1, 4)
    token = school_services.head_token(head_of(place))
    page = client.get(reverse("assessment:head", kwargs={"token": token})).content.decode()
    assert "Self-study 4 of 10 units (40%, 90% needed)" in page
    assert "Below the threshold for the assessment" in page


def test_a_unit_marked_done_between_checking_and_applying_a_file_is_counted_once(cast, curriculum):
    upload = SimpleUploadedFile("lms.csv", f"email,unit\n{cast.participant_a1.email},1\n{cast.participant_a1.email},2\n"
                                .encode())  # fmt: skip
    batch = services.completion_import_preview(cohort=cast.cohort_a1, upload=upload, by=cast.admin_a)
    complete(curriculum, cast.participant_a1, 1)  # unit 1, by the participant, after the check
    assert services.completion_import_apply(batch=batch, by=cast.admin_a) == 1
    sources = dict(Completion.objects.values_list("unit__number", "source"))
    assert sources == {1: "participant", 2: "import"}
