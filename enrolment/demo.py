"""Demo participants on Eastern Partnership's groups, with Group 152's registers taken."""

import datetime as dt
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from cohorts import services as cohort_services
from cohorts.models import Attendance
from nasenco.files.samples import SMALL_PDF
from nasenco.files.uploads import check_upload

from . import services
from .models import Declaration, Enrolment, ParticipantProfile, School
from .services import enrolment_place
from .services.statutory import statutory_refresh_for

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
    _seed_profiles(people)
    seed_applicants(demo)


# When each demo participant became SENCO: their statutory deadlines fall either side of today. Lucy joined
# Group 152 as an aspiring SENCO and was appointed in October 2024: her course began before 1 September
# 2024, so the National Award still counts, but only if completed by 31 August 2027 (reg. 49(7)), sooner
# than her third anniversary: one of the last National Award participants racing the cap.
APPOINTED = {
    "sarah.ahmed@school.example": "2023-09-01",
    "james.oconnor@school.example": "2024-03-04",
    "lucy.bennett@school.example": "2024-10-07",
    "priya.patel@school.example": "2023-04-17",
    "mark.thompson@school.example": "2008-09-01",
    "grace.wilson@school.example": "2024-01-08",
    "tomasz.nowak@school.example": "2023-11-06",
}


def _seed_profiles(people) -> None:
    school, _ = School.objects.get_or_create(
        urn="124000",
        defaults={
            "name": "St Edmund's Primary School",
            "phase": School.Phase.PRIMARY,
            "setting": "maintained",
            "local_authority": "Suffolk",
            "postcode": "IP4 2AA",
        },
    )
    for email, appointed in APPOINTED.items():
        ParticipantProfile.objects.get_or_create(
            user=people[email],
            defaults={
                "qualified_status": "QTS",
                "qualified_on": dt.date(2010, 7, 16),
                "induction": "completed",
                "role": "designated",
                "appointed_senco_on": dt.date.fromisoformat(appointed),
                "school": school,
            },
        )
        statutory_refresh_for(user=people[email])


PDF_SCAN = SMALL_PDF

# (email, name, qualified status, qualified on, role, appointed, school phase, what happens)
APPLICANTS = [
    (
        "hannah.clarke@school.example",
        "Hannah Clarke",
        "QTS",
        "2014-07-18",
        "designated",
        "2026-09-01",
        "primary",
        "draft",
    ),
    (
        "daniel.hughes@school.example",
        "Daniel Hughes",
        "QTS",
        "2011-07-22",
        "designated",
        "2026-04-20",
        "secondary",
        "link sent",
    ),
    (
        "aisha.khan@school.example",
        "Aisha Khan",
        "QTLS",
        "2016-06-30",
        "designated",
        "2025-09-01",
        "secondary",
        "uploaded",
    ),
    ("emma.davies@school.example", "Emma Davies", "QTS", "2009-07-17", "aspiring", None, "primary", "verified"),
    (
        "oliver.smith@school.example",
        "Oliver Smith",
        "QTS",
        "2013-07-19",
        "designated",
        "2026-01-05",
        "primary",
        "accepted",
    ),
    (
        "chloe.evans@nursery.example",
        "Chloe Evans",
        "EYTS",
        "2019-07-19",
        "designated",
        "2026-02-02",
        "early_years",
        "link sent",
    ),
    ("ben.carter@school.example", "Ben Carter", "none", None, "designated", "2026-06-01", "primary", "ineligible"),
]


def seed_applicants(demo) -> None:
    """Applications to the open cohort in each state a provider sees: a draft, links sent, a declaration
    awaiting verification, one verified and ready to accept, an accepted place, an EYTS applicant (early
    years scope) and an ineligible one."""
    cohort = demo.objects["open_cohort"]
    admin = cohort.provider.memberships.filter(role="admin").first().user
    for email, name, status, qualified, role, appointed, phase, stage in APPLICANTS:
        user = demo.user(
            email=email, full_name=name, role="Applicant, awaiting verification" if stage == "uploaded" else None
        )
        if Enrolment.objects.filter(participant=user, cohort=cohort).exists():
            continue
        school_name = {"early_years": "Little Acorns Nursery", "secondary": "Kingsmead Academy"}.get(
            phase, "Widcombe Church of England Primary School"
        )
        services.profile_save(
            user=user,
            school={
                "name": school_name,
                "phase": phase,
                "setting": {"early_years": "early_years_pvi", "secondary": "academy"}.get(phase, "maintained"),
                "local_authority": "Bath and North East Somerset",
            },
            trn="" if status == "none" else str(zlib.crc32(email.encode()) % 9_000_000 + 1_000_000),
            qualified_status=status,
            qualified_on=dt.date.fromisoformat(qualified) if qualified else None,
            induction="completed" if status == "QTS" else "",
            set_member=True if status == "QTLS" else None,
            role=role,
            school_supports=role == "aspiring",
            appointed_senco_on=dt.date.fromisoformat(appointed) if appointed else None,
        )
        enrolment = services.application_save(
            participant=user,
            cohort=cohort,
            headteacher_name="Mrs J. Palmer",
            headteacher_email=f"head.{email.split('@')[0]}@school.example",
        )
        if stage == "draft":
            continue
        enrolment = services.application_submit(enrolment=enrolment, by=user)
        if stage in ("uploaded", "verified", "accepted"):
            scan = SimpleUploadedFile("signed-declaration.pdf", PDF_SCAN)
            services.declaration_upload(
                declaration=enrolment.declaration,
                upload=scan,
                checked=check_upload(scan, max_bytes=10_000_000),
                signed_by="Mrs J. Palmer",
                dbs_confirmed=True,
            )
        if stage in ("verified", "accepted"):
            services.declaration_verify(declaration=Declaration.objects.get(enrolment=enrolment), by=admin)
        if stage == "accepted":
            services.enrolment_transition(
                enrolment=enrolment, to=Enrolment.Status.ACCEPTED, by=admin, reason="Welcome to the programme."
            )
