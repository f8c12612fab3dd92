"""Demo participants on Eastern Partnership's groups."""

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
    for position, (email, name, group) in enumerate(PARTICIPANTS):
        cohort = cohorts[group]
        role = f"Participant, {cohort.name}" if position in (0, 3) else None
        user = demo.user(email=email, full_name=name, role=role)
        enrolment_place(cohort=cohort, participant=user, status=Enrolment.Status.ACTIVE)
