"""The NPQ for SENCOs as a delivery partner runs it: Norfolk SEND Teaching School Hub, a delivery partner of
Best Practice Network, delivers DfE's framework. Its spring cohort's case-study window is open today: one
participant has handed in, one may, and one is below the engagement threshold and is refused with the reason.
Its autumn cohort's results were released today and an appeal waits for a decision. Dates follow the day the
demo is loaded, so it is alive whenever it runs."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cohorts.models import Attendance, Cohort, Membership, Provider, Qualification, TeachingDay
from cohorts.schedule import school_day_from
from cohorts.services import academic_year_of, attendance_record, cohort_create, membership_grant, programme_create
from curriculum.demo import deliver
from curriculum.services import completion_mark
from enrolment.models import Enrolment
from enrolment.services import enrolment_place
from nasenco.files.samples import SMALL_PDF
from nasenco.files.uploads import check_evidence_upload

from . import services
from .models import Component

HUB = "Norfolk SEND Teaching School Hub"
BRIEF = (
    "Choose one pupil or group with SEND in your school. Analyse how their needs were identified, the provision "
    "made and its impact, drawing on the framework's areas of identification, teaching and leading provision. "
    "Propose one improvement, with how you would implement it and evaluate its impact. 2,500 words."
)


def seed(demo) -> None:
    hub = Provider.objects.filter(name=HUB).first()
    if hub is None or hub.programmes.exists():
        return
    admin = demo.user(email="admin@norfolk-hub.example", full_name="Priya Shah", role=f"Delivery partner admin, {HUB}")
    tutor = demo.user(email="tutor@norfolk-hub.example", full_name="Tom Reid", role=f"Tutor, {HUB}")
    moderator = demo.user(email="moderator@norfolk-hub.example", full_name="Grace Okafor", role=f"Tutor, {HUB}")
    membership_grant(provider=hub, user=admin, role=Membership.Role.ADMIN)
    for person in (tutor, moderator):
        membership_grant(provider=hub, user=person, role=Membership.Role.TUTOR)
    programme = programme_create(
        provider=hub, title="NPQ for SENCOs", qualification=Qualification.NPQSENCO, credits=0, teaching_days=6,
        has_orientation=False, minimum_attendance_percent=90, by=admin,
    )  # fmt: skip
    plan = deliver(programme, by=admin)
    study = services.component_create(
        programme=programme, title="Case study: leading SEND provision", kind=Component.Kind.CASE_STUDY, credits=0,
        word_limit=2500,
    )  # fmt: skip
    today = timezone.localdate()
    spring = _cohort(programme, "Spring", start=today - dt.timedelta(weeks=20), tutors=[tutor, moderator])
    autumn = _cohort(programme, "Autumn", start=today - dt.timedelta(weeks=40), tutors=[tutor, moderator])
    units = list(plan.units.order_by("number"))

    # Spring: the window opened two days ago and closes in six.
    now = timezone.now()
    services.window_save(
        cohort=spring, component=study, opens_at=_at(today - dt.timedelta(days=2), 9),
        closes_at=_at(today + dt.timedelta(days=6), 17), brief=BRIEF, by=admin,
    )  # fmt: skip
    amira = _participant(demo, spring, "amira.begum@school.example", "Amira Begum", tutor, units, days=6, done=12)
    _participant(demo, spring, "ben.walsh@school.example", "Ben Walsh", tutor, units, days=4, done=2)  # below
    cara = _participant(demo, spring, "cara.lewis@school.example", "Cara Lewis", tutor, units, days=6, done=11)
    _hand_in(cara, study, now=now)
    demo.logins.append(("Participant, NPQ case study open (Norfolk hub)", amira.participant.email))

    # Autumn: its window closed a month ago; marked, moderated and released today; one appeal waits.
    past = services.window_save(
        cohort=autumn, component=study, opens_at=_at(today - dt.timedelta(days=38), 9),
        closes_at=_at(today - dt.timedelta(days=30), 17), brief=BRIEF, by=admin,
    )  # fmt: skip
    dev = _participant(demo, autumn, "dev.patel@school.example", "Dev Patel", tutor, units, days=6, done=12)
    ella = _participant(demo, autumn, "ella.moore@school.example", "Ella Moore", tutor, units, days=6, done=12)
    for place, passed in ((dev, False), (ella, True)):
        submission = _hand_in(place, study, now=past.opens_at + dt.timedelta(days=3))
        submission.marker = tutor  # allocated: demo data, as the marking queue would
        submission.save(update_fields=["marker"])
        services.mark_save(
            submission=submission, by=tutor, passed=passed, expected_version=submission.version,
            feedback="Clear analysis of identification; the proposal needs an evaluation plan." if not passed
            else "A well-evidenced case study against the framework.",
        )  # fmt: skip
    services.sample_draw(cohort=autumn, component=study, by=admin)
    for submission in study.submissions.filter(enrolment__cohort=autumn, in_sample=True):
        services.moderation_mark_save(submission=submission, by=moderator, mark=int(bool(submission.passed)))
    services.release(cohort=autumn, component=study, by=admin)
    services.appeal_lodge(
        submission=study.submissions.get(enrolment=dev), by=dev.participant, now=now,
        grounds="My evaluation plan is in appendix B, which I believe was not read.",
    )  # fmt: skip


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _cohort(programme, season: str, *, start: dt.date, tutors) -> Cohort:
    start = school_day_from(start)  # every three weeks from a school day: each one is a school day
    days = [
        {
            "number": n,
            "date": start + dt.timedelta(weeks=3 * (n - 1)),
            "start_time": dt.time(9, 30),
            "end_time": dt.time(15, 30),
            "mode": TeachingDay.Mode.VIRTUAL,
            "joining_link": "https://classroom.norfolk-hub.example/npqsenco",
        }
        for n in range(1, 7)
    ]
    return cohort_create(
        programme=programme, name=f"NPQSENCO Norfolk {season} {start.year}", academic_year=academic_year_of(start),
        delivery=Cohort.Delivery.VIRTUAL, capacity=24, status=Cohort.Status.RUNNING, days=days, tutors=tutors,
    )  # fmt: skip


def _participant(demo, cohort, email, name, tutor, units, *, days: int, done: int) -> Enrolment:
    person = demo.user(email=email, full_name=name)
    place = enrolment_place(cohort=cohort, participant=person, status=Enrolment.Status.ACTIVE)
    for day in cohort.days.order_by("number")[:days]:
        attendance_record(day=day, marks={person.pk: Attendance.Status.PRESENT}, by=tutor)
    for unit in units[:done]:
        completion_mark(unit=unit, participant=person, done=True, by=person)
    return place


def _hand_in(place, component, *, now):
    upload = SimpleUploadedFile("case-study.pdf", SMALL_PDF, content_type="application/pdf")
    return services.submission_create(
        enrolment=place, component=component, upload=upload, checked=check_evidence_upload(upload, max_bytes=10**7),
        word_count=2400, own_work=True, now=now,
    )  # fmt: skip
