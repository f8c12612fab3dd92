"""Roehampton's school-based element (shared/seeds/003), on its NPQ for SENCOs: a running Lambeth cohort
dated from the day the demo is loaded (a National Award course cannot start now: reg. 49(7)), two teachers
at one school under one headteacher, a school-based mentor, and a performance
booklet half confirmed. The head's view link is printed with the logins."""

import datetime as dt

from django.utils import timezone

from cohorts.models import Cohort, Programme, Qualification, TeachingDay, Venue
from cohorts.schedule import school_day_from
from cohorts.services import cohort_create, venue_create
from enrolment.models import Enrolment, ParticipantProfile, School
from enrolment.services import enrolment_place
from enrolment.services.statutory import statutory_refresh_for

from . import services
from .models import BookletEntry, BookletSection, Mentorship

BOOKLET = [
    (
        "School-based tasks",
        [
            ("Map the school's SEN provision", "The provision map, and what you changed after reviewing it."),
            ("Lead a person-centred review", "Notes of the review with the family, anonymised, and what followed."),
            ("Audit the SEN information report", "The audit against the Code of Practice and the action agreed."),
        ],
    ),
    (
        "Professional standards",
        [
            ("Train staff on a need you identified", "The session's plan and what staff said or did afterwards."),
            ("Work with an outside agency", "The referral or joint plan and its outcome for the pupil."),
            ("Present to governors", "Your report or slides and the governors' response."),
        ],
    ),
]
HEAD = ("Joanna Reid", "head@stmarks-lambeth.example")
TEACHERS = [
    ("nia.campbell@stmarks-lambeth.example", "Nia Campbell"),
    ("oliver.grant@stmarks-lambeth.example", "Oliver Grant"),
]


def seed(demo) -> None:
    programme = Programme.objects.filter(provider__slug="roehampton", qualification=Qualification.NPQSENCO).first()
    if programme is None:
        return
    if not BookletSection.objects.filter(programme=programme).exists():
        for section_title, items in BOOKLET:
            section = services.booklet_section_add(programme=programme, title=section_title, by=None)
            for title, record in items:
                services.booklet_item_add(section=section, title=title, record=record, confirmer="mentor", by=None)
    cohort = _running_cohort(programme)
    school, _ = School.objects.get_or_create(
        urn="100560",
        defaults={
            "name": "St Mark's Church of England Primary School",
            "phase": School.Phase.PRIMARY,
            "setting": "maintained",
            "local_authority": "Lambeth",
            "postcode": "SE11 4PW",
        },
    )
    places = []
    for position, (email, name) in enumerate(TEACHERS):
        person = demo.user(
            email=email, full_name=name, role="Participant, Roehampton (booklet)" if not position else None
        )
        ParticipantProfile.objects.get_or_create(
            user=person,
            defaults={
                "qualified_status": "QTS",
                "qualified_on": dt.date(2015, 7, 17),
                "induction": "completed",
                "role": "designated",
                "appointed_senco_on": timezone.localdate() - dt.timedelta(days=200 + 30 * position),
                "school": school,
            },
        )
        place = enrolment_place(cohort=cohort, participant=person, status=Enrolment.Status.ACTIVE)
        Enrolment.objects.filter(pk=place.pk).update(headteacher_name=HEAD[0], headteacher_email=HEAD[1])
        statutory_refresh_for(user=person)
        places.append(place)
    mentor = demo.user(
        email="daniel.osei@stmarks-lambeth.example", full_name="Daniel Osei", role="School-based mentor (Roehampton)"
    )
    nia = places[0]
    if not Mentorship.objects.filter(enrolment=nia).exists():
        invitation = services.mentor_invite(
            enrolment=nia, email=mentor.email, name=mentor.full_name, by=nia.participant
        )
        services.mentor_accept(mentorship=invitation, user=mentor)
    if not BookletEntry.objects.filter(enrolment=nia).exists():
        items = [item for section in programme.booklet_sections.all() for item in section.items.all()]
        for n, item in enumerate(items[:5]):
            entry = services.entry_record(
                enrolment=nia,
                item=item,
                text=f"{item.record.split(',')[0]}: done and reflected on.",
                by=nia.participant,
            )
            if n < 3:
                services.entry_confirm(entry=entry, by=mentor)
    head = services.head_link_renew(school_id=school.pk, email=HEAD[1])
    demo.logins.append(("Headteacher's view (a signed link, no account)", services.head_link(head)))


def _running_cohort(programme) -> Cohort:
    existing = Cohort.objects.filter(programme=programme, name="Lambeth (running)").first()
    if existing:
        return existing
    # Today's session, or on a weekend Monday's: teaching days are school days.
    first = school_day_from(timezone.localdate()) - dt.timedelta(days=28 * 5)
    venue = Venue.objects.filter(provider=programme.provider, name="Aurora House").first() or venue_create(
        provider=programme.provider,
        name="Aurora House",
        address="22 Kennington Park Gardens, London",
        postcode="SE11 4AX",
    )
    days = [
        {
            "number": n,
            "date": first + dt.timedelta(days=28 * (n - 1)),
            "start_time": dt.time(9, 30),
            "end_time": dt.time(15, 30),
            "mode": TeachingDay.Mode.VENUE,
            "venue": venue,
        }
        for n in range(1, programme.teaching_days + 1)
    ]
    return cohort_create(
        programme=programme,
        name="Lambeth (running)",
        academic_year=f"{first.year}-{str(first.year + 1)[2:]}",
        delivery=Cohort.Delivery.VENUE,
        status=Cohort.Status.RUNNING,
        days=days,
    )
