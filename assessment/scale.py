"""``seed_scale``: four components per programme and four pieces of work per place, marked as a year goes."""

import datetime as dt

from django.utils import timezone

from cohorts.models import Programme
from nasenco.scale import COMPONENTS, Scale, is_open

from . import services
from .models import Component, Submission


def _components(programme_id: int) -> list[int]:
    have = list(Component.objects.filter(programme_id=programme_id).order_by("order").values_list("pk", flat=True))
    programme = Programme.objects.get(pk=programme_id)
    for n in range(len(have), COMPONENTS):
        made = services.component_create(
            programme=programme, title=f"Assignment {n + 1}", kind="level7", credits=15, order=n + 1
        )
        have.append(made.pk)
    return have


def seed(scale: Scale) -> None:
    components = {pk: _components(pk) for pk in scale.objects["programmes"]}
    work = [
        (place, n, component)
        for place in scale.objects["places"]
        if not is_open(place["cohort"]["index"])
        for n, component in enumerate(components[place["cohort"]["programme"]])
    ]
    rows = []
    for pk, (place, n, component) in zip(scale.next_ids(Submission._meta.db_table, len(work)), work, strict=True):
        cohort = place["cohort"]
        handed_in = cohort["days"][2 + n][1]
        if handed_in >= scale.today:
            continue
        done = cohort["days"][-1][1] < scale.today or n < 2
        mark = 45 + (pk * 7) % 40
        rows.append(
            (
                pk,
                1,
                f"scale/work-{pk}.pdf",
                "work.pdf",
                "application/pdf",
                3000,
                True,
                _at(handed_in),
                False,
                Submission.Status.RELEASED if done else Submission.Status.IN_MARKING,
                "{}",
                *((mark, mark, mark >= 50) if done else (None, None, None)),
                "[]",
                "",
                1,
                _at(handed_in + dt.timedelta(weeks=4)) if done else None,
                component,
                place["id"],
                cohort["tutors"][0],
                False,
                "",
                "",
                handed_in,
                "{}",
            )
        )
    scale.copy(
        Submission._meta.db_table,
        [
            "id",
            "attempt",
            "file",
            "file_name",
            "content_type",
            "word_count",
            "own_work_declared",
            "submitted_at",
            "late",
            "status",
            "criterion_marks",
            "raw_mark",
            "final_mark",
            "passed",
            "mark_notes",
            "feedback",
            "version",
            "released_at",
            "component_id",
            "enrolment_id",
            "marker_id",
            "in_sample",
            "feedback_file",
            "feedback_file_name",
            "allocated_on",
            "criterion_feedback",
        ],
        rows,
    )


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
