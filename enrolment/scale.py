"""``seed_scale``: participants with their profiles, places, registers and the statutory answer."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from cohorts.models import Attendance
from nasenco.folding import fold
from nasenco.scale import Scale, is_open, places_in

from .models import Enrolment, ParticipantProfile, School
from .services.statutory import statutory_refresh

STAFF_PER_SCHOOL = 4
SCHOOLS_PER_COHORT = 8  # a scale cohort has at most 29 places: eight schools of four


def school_number(cohort: dict, k: int) -> int:
    """The school of the ``k``-th person on a scale cohort: the same on every run of seed_scale."""
    return cohort["index"] * SCHOOLS_PER_COHORT + k // STAFF_PER_SCHOOL


SIXTY = "sixty@scale-00.example"  # the participant with 60 evidence items


def email_of(index: int, k: int) -> str:
    return SIXTY if (index, k) == (0, 0) else f"p{index:05d}-{k:02d}@school.example"


def seed(scale: Scale) -> None:
    cohorts = scale.objects["cohorts"]
    User = get_user_model()
    now = timezone.now()
    people = [(c, k) for c in cohorts for k in range(places_in(c["index"]))]
    user_ids = scale.next_ids(User._meta.db_table, len(people))
    scale.copy(
        User._meta.db_table,
        [
            "id",
            "password",
            "is_superuser",
            "email",
            "full_name",
            "search_name",
            "is_active",
            "is_staff",
            "date_joined",
            "two_factor_enabled",
        ],
        (
            (
                pk,
                "!scale",
                False,
                email_of(c["index"], k),
                f"Participant {c['index']:05d}-{k:02d}",
                fold(f"Participant {c['index']:05d}-{k:02d}"),
                True,
                False,
                now,
                False,
            )
            for pk, (c, k) in zip(user_ids, people, strict=True)
        ),
    )
    # Every profile has a school, four colleagues on a cohort to a school under one named head, as across the
    # country: the dashboards' "do you head a school?" and the head's view read these at national size. A
    # school's number comes from its cohort's, so loading full after small adds only the new ones.
    numbers = sorted({school_number(c, k) for c, k in people})
    school_ids = dict(zip(numbers, scale.next_ids(School._meta.db_table, len(numbers)), strict=True))
    scale.copy(
        School._meta.db_table,
        ["id", "name", "search_name", "urn", "local_authority", "phase", "setting", "postcode"],
        (
            (
                pk,
                f"Scale School {n:05d}",
                fold(f"Scale School {n:05d}"),
                f"{200_000 + n}",
                "",
                "primary",
                "maintained",
                "",
            )
            for n, pk in school_ids.items()
        ),
    )
    scale.copy(
        ParticipantProfile._meta.db_table,
        [
            "id",
            "trn",
            "qualified_status",
            "qualified_on",
            "role",
            "school_supports",
            "appointed_senco_on",
            "updated",
            "user_id",
            "induction",
            "induction_exemption",
            "school_id",
        ],
        (
            (
                pk,
                f"{5_000_000 + pk % 4_000_000}",
                "QTS",
                dt.date(2010, 7, 16),
                "designated",
                True,
                c["days"][0][1] - dt.timedelta(days=(37 * k) % 700),
                now,
                user,
                "completed",
                "",
                school_ids[school_number(c, k)],
            )
            for pk, user, (c, k) in zip(
                scale.next_ids(ParticipantProfile._meta.db_table, len(people)), user_ids, people, strict=True
            )
        ),
    )
    place_ids = scale.next_ids(Enrolment._meta.db_table, len(people))
    scale.copy(
        Enrolment._meta.db_table,
        [
            "id",
            "status",
            "created",
            "updated",
            "cohort_id",
            "provider_id",
            "participant_id",
            "award_scope",
            "eligible",
            "headteacher_email",
            "headteacher_name",
            "reasons",
            "submitted_at",
            "deadline_reasons",
            "missing",
            "source",
            "student_number",
        ],
        (
            (
                pk,
                _status(c),
                now,
                now,
                c["id"],
                scale.objects["providers"][c["provider"]],
                user,
                "",
                True,
                f"head@scale-school-{school_number(c, k):05d}.example",
                f"Head {school_number(c, k):05d}",
                "[]",
                now,
                "[]",
                "[]",
                Enrolment.Source.PORTAL,
                "",
            )
            for pk, user, (c, k) in zip(place_ids, user_ids, people, strict=True)
        ),
    )
    # Registers taken for every session before today.
    scale.copy(
        Attendance._meta.db_table,
        ["day_id", "participant_id", "status", "note", "recorded_by_id", "recorded_at"],
        (
            (
                day,
                user,
                Attendance.Status.PRESENT if (user + day) % 11 else Attendance.Status.ABSENT,
                "",
                c["tutors"][0],
                now,
            )
            for user, (c, _) in zip(user_ids, people, strict=True)
            for day, date in c["days"]
            if date < scale.today
        ),
    )
    # The stored statutory answer, from the real rules (reg. 49), as after any change.
    if place_ids:
        statutory_refresh(Enrolment.objects.filter(pk__range=(place_ids[0], place_ids[-1])))
    scale.objects["places"] = [
        {"id": pk, "user": user, "cohort": c, "k": k}
        for pk, user, (c, k) in zip(place_ids, user_ids, people, strict=True)
    ]


def _status(cohort: dict) -> str:
    return Enrolment.Status.SUBMITTED if is_open(cohort["index"]) else Enrolment.Status.ACTIVE
