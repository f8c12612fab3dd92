"""Demo participants on Eastern Partnership's groups, with Group 152's registers taken."""

from cohorts import services as cohort_services
from cohorts.models import Attendance

from .models import Enrolment
from .services import enrolment_place

PARTICIPANTS = [
    # (email, name, index of the group in the seed file)
    ("sarah.ahmed@school.example", "Sarah Ahmed", 0),
    ("james.oconnor@school.example", "James O'Connor", 0),
    ("lucy.bennett@school.example", "Lucy Bennett", 0),
    ("priya.patel@school.example", "Priya Patel", 12),
    ("mark.thompson@school.example", "Mark Thompson", 12),
    ("grace.wilson@school.example", "Grace Wilson", 3),
    ("tomasz.nowak@school.example", "Tomasz Nowak", 6),
]


def seed(demo) -> None:
    cohorts = demo.objects["cohorts"]
    people = {}
    for position, (email, name, group) in enumerate(PARTICIPANTS):
        cohort = cohorts[group]
        role = f"Participant, {cohort.name}" if position in (0, 3) else None
        people[email] = demo.user(email=email, full_name=name, role=role)
        enrolment_place(cohort=cohort, participant=people[email], status=Enrolment.Status.ACTIVE)

    # Group 152's registers: everyone present, except James, who missed Day 3 and caught it up with the
    # Suffolk group, and Lucy, whose absence on Day 5 was authorised.
    group_152, suffolk = cohorts[0], cohorts[12]
    tutor = group_152.tutors.first()
    james, lucy = people["james.oconnor@school.example"], people["lucy.bennett@school.example"]
    on_152 = [people[email] for email, _, group in PARTICIPANTS if group == 0]
    for day in group_152.days.filter(number__gt=0):
        marks = {person.pk: Attendance.Status.PRESENT for person in on_152}
        if day.number == 3:
            marks[james.pk] = Attendance.Status.ABSENT
        if day.number == 5:
            marks[lucy.pk] = Attendance.Status.AUTHORISED
        cohort_services.attendance_record(day=day, marks=marks, by=tutor)
    elsewhere = suffolk.days.get(number=3)
    cohort_services.catch_up_book(participant=james, home_cohort=group_152, day=elsewhere, by=tutor)
    cohort_services.attendance_record(day=elsewhere, marks={james.pk: Attendance.Status.PRESENT}, by=tutor)
