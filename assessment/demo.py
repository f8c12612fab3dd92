"""The three seed providers' assessment schemes, as their course pages describe them.

Credits and word counts are the published ones; which outcomes each component evidences, and the rubric
wording, are illustrative until a provider enters its own. Due dates are set only where the source gives
them (Eastern Partnership's autumn groups: tasks by mid-January, the action research by mid-August).
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cohorts.models import Cohort, Membership, Programme
from cohorts.schedule import due_from_offset
from cohorts.selectors import first_session_of
from cohorts.services import attendance_record, membership_grant
from enrolment.models import Declaration, Enrolment
from nasenco.files.samples import SMALL_PDF
from nasenco.files.uploads import check_evidence_upload
from portfolio import services as portfolio_services
from portfolio.models import Outcome

from . import npq_demo, services
from .models import Component, Submission

L7, PF = Component.Kind.LEVEL_7, Component.Kind.PASS_FAIL
User = get_user_model()

SCHEMES = {
    "best-practice-network": [
        ("Assignment 1", L7, 30, 5000, (), ("A1", "A2", "B3")),
        ("Assignment 2", L7, 30, 5000, (), ("A4", "B5", "C4")),
        ("E-portfolio", PF, 0, None, (), ()),
    ],
    "eastern-partnership": [
        (
            "Assignment 1: school-based tasks and action plan",
            L7,
            30,
            2800,
            (("Task 1", 1), ("Task 2", 1), ("Task 3", 1), ("Action plan", 2)),
            ("A1", "B1", "B5"),
        ),
        ("Assignment 2: action research project", L7, 30, 4200, (), ("A4", "B3", "C4")),
        ("Self Evaluation Tool", PF, 0, None, (), ()),
        ("Reflective Learning Journal", PF, 0, None, (), ("C4",)),
    ],
    "roehampton": [
        ("Element 1: critical reflections on practice", L7, 30, 5000, (), ("A2", "A4", "C4")),
        ("Element 2", L7, 30, 5000, (), ("B2", "B3", "B5")),
        ("School-based performance booklet, signed by the headteacher", Component.Kind.BOOKLET, 0, None, (), ()),
        ("Professional element: portfolio, marked by the school-based mentor", PF, 0, None, (), ()),
    ],
}


def seed(demo) -> None:
    for slug, components in SCHEMES.items():
        # Roehampton assesses its NPQ for SENCOs (where the running Lambeth cohort is) as its National Award.
        qualifications = ("NASENCO", "NPQSENCO") if slug == "roehampton" else ("NASENCO",)
        for programme in Programme.objects.filter(provider__slug=slug, qualification__in=qualifications):
            if not programme.components.exists():
                _scheme(programme, slug, components)
    seed_group_152(demo)
    seed_lambeth_today(demo)
    seed_examiner(demo)
    npq_demo.seed(demo)


def _scheme(programme, slug, components) -> None:
    made = [
        services.component_create(
            programme=programme,
            title=title,
            kind=kind,
            credits=credits,
            word_limit=words,
            sub_elements=subs,
            outcome_codes=codes,
            order=i,
            mentor_marks="school-based mentor" in title,
        )
        for i, (title, kind, credits, words, subs, codes) in enumerate(components)
    ]
    if slug == "eastern-partnership":
        # Autumn groups start in late September: tasks by mid-January, the research by mid-August.
        Component.objects.filter(pk=made[0].pk).update(due_weeks=16)
        Component.objects.filter(pk=made[1].pk).update(due_weeks=46)
        for cohort in programme.cohorts.exclude(name="Group 152"):
            services.due_date_set(component=made[0], cohort=cohort, due_on=dt.date(2024, 1, 15), by=None)
            services.due_date_set(component=made[1], cohort=cohort, due_on=dt.date(2024, 8, 15), by=None)


PDF = SMALL_PDF


def seed_group_152(demo) -> None:
    """Group 152's work: Sarah's last three components marked, moderated and released, so handing in
    Assignment 1 is all that stands between her and the award; James's Assignment 1 handed in and waiting for
    marking, with an extension asked for on Assignment 2."""
    group_152 = demo.objects["cohorts"][0]
    components = list(Component.objects.filter(programme=group_152.programme).order_by("order"))
    if not components or Submission.objects.filter(enrolment__cohort=group_152).exists():
        return
    tutor = group_152.tutors.first()
    admin = group_152.provider.memberships.filter(role="admin").first().user
    moderator = group_152.provider.memberships.filter(role="tutor").exclude(user=tutor).first().user
    sarah = Enrolment.objects.get(cohort=group_152, participant__email="sarah.ahmed@school.example")
    james = Enrolment.objects.get(cohort=group_152, participant__email="james.oconnor@school.example")
    now = dt.datetime.now(dt.UTC)
    for enrolment in (sarah, james):
        Declaration.objects.get_or_create(
            enrolment=enrolment,
            defaults={
                "clauses": "Signed before the portal was used.",
                "status": "verified",
                "sent_at": now,
                "expires_at": now,
                "signed_by": "Mrs K. Ward",
                "dbs_confirmed": True,
            },
        )

    def hand_in(enrolment, component, words):
        upload = SimpleUploadedFile(f"{component.title[:20]}.pdf", PDF)
        return services.submission_create(
            enrolment=enrolment,
            component=component,
            upload=upload,
            checked=check_evidence_upload(upload, max_bytes=10_000_000),
            word_count=words,
            own_work=True,
            today=dt.date(2024, 9, 20),
        )

    marks = [72, None, None]  # Assignment 2; the tool and the journal are pass/fail
    for component, mark in zip(components[1:], marks, strict=True):
        submission = hand_in(sarah, component, component.word_limit or 1500)
        services.allocate(submission=submission, marker=tutor, by=None)
        services.mark_save(
            submission=submission,
            by=tutor,
            passed=True if mark is None else None,
            criterion_marks={c.pk: mark for c in component.criteria.all()} if mark else {},
            feedback="Clear, critical and well grounded in your setting's practice.",
            expected_version=1,
        )
        if component.kind == Component.Kind.LEVEL_7:
            services.sample_draw(cohort=group_152, component=component, by=None)
            for sampled in Submission.objects.filter(component=component, in_sample=True, agreed_mark__isnull=True):
                services.moderation_mark_save(submission=sampled, by=moderator, mark=sampled.raw_mark - 2)
        services.release(cohort=group_152, component=component, by=admin)
    hand_in(james, components[0], 2950)
    services.extension_request(
        enrolment=james,
        component=components[1],
        until=dt.date(2024, 12, 13),
        reason="Long-term illness in the family this term.",
    )


# Roehampton's usual due dates, in weeks after a cohort's first session (Element 1, Element 2, the booklet,
# the professional element).
ROEHAMPTON_WEEKS = (16, 40, 44, 44)


def seed_lambeth_today(demo) -> None:
    """The running Lambeth cohort, relative to the day the demo is loaded: its registers taken up to
    yesterday (today's waits), Element 1 handed in by both teachers a month ago and waiting for the tutor,
    Nia's professional element waiting for her mentor, and her newest evidence waiting for review."""
    cohort = Cohort.objects.filter(name="Lambeth (running)").first()
    components = list(Component.objects.filter(programme_id=cohort.programme_id).order_by("order")) if cohort else []
    if cohort is None or not components or Submission.objects.filter(enrolment__cohort=cohort).exists():
        return
    tutor = User.objects.get(email="tutor@roehampton.example")
    cohort.tutors.add(tutor)
    today = timezone.localdate()
    first = first_session_of(cohort)
    for component, weeks in zip(components, ROEHAMPTON_WEEKS, strict=True):
        Component.objects.filter(pk=component.pk).update(due_weeks=weeks)
        services.due_date_set(component=component, cohort=cohort, due_on=due_from_offset(first, weeks), by=None)
    places = list(cohort.enrolments.select_related("participant").order_by("participant__full_name"))
    for day in cohort.days.filter(date__lt=today):
        attendance_record(day=day, marks={p.participant_id: "present" for p in places}, by=tutor)
    element_1, professional = components[0], components[3]
    handed_in = due_from_offset(first, ROEHAMPTON_WEEKS[0]) - dt.timedelta(days=2)
    for place in places:
        upload = SimpleUploadedFile("Element 1.pdf", PDF)
        submission = services.submission_create(
            enrolment=place,
            component=element_1,
            upload=upload,
            checked=check_evidence_upload(upload, max_bytes=10_000_000),
            word_count=4870,
            own_work=True,
            today=min(handed_in, today),
        )
        services.allocate(submission=submission, marker=tutor, by=None)
    nia = next(p for p in places if p.participant.email.startswith("nia."))
    upload = SimpleUploadedFile("Professional portfolio.pdf", PDF)
    services.submission_create(  # marked by the school-based mentor: allocated to them as it is handed in
        enrolment=nia,
        component=professional,
        upload=upload,
        checked=check_evidence_upload(upload, max_bytes=10_000_000),
        word_count=None,
        own_work=True,
        today=today,
    )
    portfolio = portfolio_services.portfolio_for(nia)
    evidence = portfolio_services.evidence_save(
        portfolio=portfolio,
        evidence=None,
        fields={
            "title": "Provision map for Year 3",
            "kind": "provision_map",
            "activity_date": today - dt.timedelta(days=3),
            "reflection": "Mapped the interventions for Year 3 with the class teachers; two pupils' support changes.",
            "pupils_not_identifiable": True,
        },
    )
    outcome = Outcome.objects.get(framework=portfolio.framework, code="B5")
    portfolio_services.mapping_add(
        evidence=evidence,
        outcome=outcome,
        justification="Designing and monitoring provision across a year group.",
        by=nia.participant,
    )


def seed_examiner(demo) -> None:
    """An external examiner for Group 152 whose access runs a year from the day the demo is loaded."""
    group_152 = demo.objects["cohorts"][0]
    examiner = demo.user(
        email="examiner@herts.example", full_name="Professor Alan Reeve", role="External examiner, Group 152"
    )
    membership = membership_grant(provider=group_152.provider, user=examiner, role=Membership.Role.EXAMINER)
    if membership.ends_on is None:
        Membership.objects.filter(pk=membership.pk).update(ends_on=timezone.localdate() + dt.timedelta(days=365))
    membership.cohorts.add(group_152)
