"""``seed_scale``: providers, staff, programmes, cohorts, their tutors and teaching days."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from nasenco.scale import BIG_COHORTS, DAYS, PROVIDERS, TWELVE, Scale, is_open, provider_of

from .models import Cohort, Membership, Programme, Provider, TeachingDay

TUTORS = {0: 10}  # Scale provider 00 has ten tutors; the others five
WEEKS_APART = 4


def _staff(provider: Provider, p: int) -> list:
    """The provider's admin and tutors (created once), tutors in a fixed order."""
    User = get_user_model()
    domain = f"scale-{p:02d}.example"
    admin, _ = User.objects.get_or_create(email=f"admin@{domain}", defaults={"full_name": f"Admin {p:02d}"})
    Membership.objects.get_or_create(provider=provider, user=admin, role=Membership.Role.ADMIN)
    tutors = []
    for t in range(TUTORS.get(p, 5)):
        email = f"tutor.twelve@{domain}" if (p, t) == (0, 0) else f"tutor{t}@{domain}"
        tutor, _ = User.objects.get_or_create(email=email, defaults={"full_name": f"Tutor {p:02d}-{t}"})
        Membership.objects.get_or_create(provider=provider, user=tutor, role=Membership.Role.TUTOR)
        tutors.append(tutor.pk)
    return tutors


def _tutor_of(index: int, tutors: list) -> int:
    if index < BIG_COHORTS:
        return tutors[0] if index < TWELVE else tutors[1 + index % (len(tutors) - 1)]
    return tutors[index % len(tutors)]


def _status(scale: Scale, index: int, first: dt.date) -> str:
    if is_open(index):
        return Cohort.Status.OPEN
    return Cohort.Status.CLOSED if first + dt.timedelta(days=365) < scale.today else Cohort.Status.RUNNING


def seed(scale: Scale) -> None:
    providers, programmes, tutors = [], [], []
    for p in range(PROVIDERS):
        provider, _ = Provider.objects.get_or_create(
            slug=f"scale-{p:02d}",
            defaults={"name": f"Scale provider {p:02d}", "contact_email": f"courses@scale-{p:02d}.example"},
        )
        programme, _ = Programme.objects.get_or_create(provider=provider, defaults={"title": "NASENCO"})
        providers.append(provider.pk)
        programmes.append(programme.pk)
        tutors.append(_staff(provider, p))
    scale.objects.update(programmes=programmes, providers=providers)

    have = Cohort.objects.filter(provider_id__in=providers).count()
    indices = range(have, scale.target)
    cohort_ids = scale.next_ids(Cohort._meta.db_table, len(indices))
    now = timezone.now()
    made, rows = [], []
    for index, pk in zip(indices, cohort_ids, strict=True):
        p, first = provider_of(index), scale.first_day(index)
        year = first.year if first.month >= 9 else first.year - 1
        made.append((index, pk, p, first))
        rows.append(
            (
                pk,
                f"Scale {index:05d}",
                f"{year}-{(year + 1) % 100:02d}",
                Cohort.Delivery.VIRTUAL,
                30,
                _status(scale, index, first),
                "",
                programmes[p],
                providers[p],
                now,
                1,
            )
        )
    scale.copy(
        Cohort._meta.db_table,
        [
            "id",
            "name",
            "academic_year",
            "delivery",
            "capacity",
            "status",
            "notes",
            "programme_id",
            "provider_id",
            "updated",
            "version",
        ],
        rows,
    )
    scale.copy(
        Cohort.tutors.through._meta.db_table,
        ["id", "cohort_id", "user_id"],
        zip(
            scale.next_ids(Cohort.tutors.through._meta.db_table, len(made)),
            (pk for _, pk, _, _ in made),
            (_tutor_of(index, tutors[p]) for index, _, p, _ in made),
            strict=True,
        ),
    )
    day_ids = iter(scale.next_ids(TeachingDay._meta.db_table, len(made) * DAYS))
    days = {}  # cohort id: [(day id, date)]
    rows = []
    for _, pk, _, first in made:
        for number in range(DAYS):
            day_id, date = next(day_ids), first + dt.timedelta(weeks=WEEKS_APART * number)
            days.setdefault(pk, []).append((day_id, date))
            rows.append(
                (
                    day_id,
                    number,
                    date,
                    dt.time(9, 30),
                    dt.time(15, 30),
                    TeachingDay.Mode.VIRTUAL,
                    "https://classroom.example.org/scale",
                    "",
                    pk,
                    None,
                    0,
                    now,
                )
            )
    scale.copy(
        TeachingDay._meta.db_table,
        [
            "id",
            "number",
            "date",
            "start_time",
            "end_time",
            "mode",
            "joining_link",
            "topics",
            "cohort_id",
            "venue_id",
            "sequence",
            "updated",
        ],
        rows,
    )
    scale.objects["cohorts"] = [
        {"index": index, "id": pk, "provider": p, "programme": programmes[p], "days": days[pk], "tutors": tutors[p]}
        for index, pk, p, _ in made
    ]
