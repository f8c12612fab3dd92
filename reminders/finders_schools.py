"""What is due for the school-based rules (items waiting for the mentor, a complete booklet waiting for the
head, an incomplete booklet close to its due date), and every rule's finders together (``everything_due``).
Set-based, as in ``finders.py``."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Max, Q

from assessment.models import Component, DueDate
from enrolment.models import Enrolment
from nasenco.dates import long_date
from schools.models import BookletEntry, BookletItem, BookletSignoff, Mentorship
from schools.selectors import items_per_programme

from . import finders, finders_npq, schedule
from .finders import STUDYING, Due, _cohorts, _first, _in, _local, _to_participant, _url


def booklet_confirm(today: dt.date, providers=None) -> list[Due]:
    """One reminder per mentor and participant for items recorded on the milestone's day, still waiting."""
    rule = schedule.BOOKLET_CONFIRM
    anchors = schedule.anchors_for(rule, today)
    waiting = _in(
        BookletEntry.objects.filter(
            status=BookletEntry.Status.WAITING,
            item__confirmer=BookletItem.Confirmer.MENTOR,
            recorded_at__date__in=list(anchors),
        ),
        providers,
        "enrolment__cohort__provider",
    ).values_list("enrolment_id", "recorded_at")
    groups: dict[tuple[int, dt.date], int] = defaultdict(int)
    for enrolment_id, recorded_at in waiting:
        groups[(enrolment_id, _local(recorded_at))] += 1
    mentors = {
        m["enrolment_id"]: m
        for m in Mentorship.objects.filter(
            enrolment_id__in={e for e, _ in groups}, accepted_at__isnull=False, cancelled_at__isnull=True
        ).values(
            "enrolment_id",
            "mentor_id",
            "mentor__email",
            "mentor__full_name",
            "enrolment__participant__full_name",
            "enrolment__cohort_id",
        )
    }
    cohorts = _cohorts({m["enrolment__cohort_id"] for m in mentors.values()})
    found = []
    for (enrolment_id, day), count in groups.items():
        mentor = mentors.get(enrolment_id)
        if mentor is None or day not in anchors:
            continue
        cohort = cohorts[mentor["enrolment__cohort_id"]]
        link = _url("schools:place", pk=enrolment_id)
        found.append(
            Due(
                rule=rule,
                milestone=anchors[day].code,
                about=f"enrolment:{enrolment_id}:booklet-recorded:{day.isoformat()}",
                provider_id=cohort["provider_id"],
                to=mentor["mentor__email"],
                user_id=mentor["mentor_id"],
                values={
                    "name": _first(mentor["mentor__full_name"]),
                    "participant": mentor["enrolment__participant__full_name"],
                    "cohort": cohort["name"],
                    "programme": cohort["programme"],
                    "provider": cohort["provider__name"],
                    "link": link,
                    "count": str(count),
                    "date": long_date(day),
                },
                link=link,
            )
        )
    return found


def booklet_signoff(today: dt.date, providers=None) -> list[Due]:
    """The head of each booklet whose last item was confirmed on a milestone's day and is not signed off."""
    rule = schedule.BOOKLET_SIGNOFF
    anchors = schedule.anchors_for(rule, today)
    rows = list(
        _in(
            BookletEntry.objects.filter(enrolment__status__in=STUDYING, enrolment__headteacher_email__gt=""),
            providers,
            "enrolment__cohort__provider",
        )
        .exclude(enrolment_id__in=BookletSignoff.objects.values("enrolment_id"))
        .values(
            "enrolment_id",
            "enrolment__cohort_id",
            "enrolment__cohort__programme_id",
            "enrolment__headteacher_email",
            "enrolment__headteacher_name",
            "enrolment__participant__full_name",
        )
        .annotate(
            confirmed=Count("pk", filter=Q(status=BookletEntry.Status.CONFIRMED)),
            last=Max("confirmed_at"),
        )
        .filter(last__date__in=list(anchors))
    )
    totals = items_per_programme({r["enrolment__cohort__programme_id"] for r in rows})
    cohorts = _cohorts({r["enrolment__cohort_id"] for r in rows})
    link = _url("assessment:head-renew")
    found = []
    for row in rows:
        day = _local(row["last"])
        if row["confirmed"] != totals.get(row["enrolment__cohort__programme_id"]) or day not in anchors:
            continue
        cohort = cohorts[row["enrolment__cohort_id"]]
        found.append(
            Due(
                rule=rule,
                milestone=anchors[day].code,
                about=f"enrolment:{row['enrolment_id']}:booklet-complete:{day.isoformat()}",
                provider_id=cohort["provider_id"],
                to=row["enrolment__headteacher_email"],
                user_id=None,
                values={
                    "name": row["enrolment__headteacher_name"] or "Headteacher",
                    "participant": row["enrolment__participant__full_name"],
                    "cohort": cohort["name"],
                    "programme": cohort["programme"],
                    "provider": cohort["provider__name"],
                    "link": link,
                    "date": long_date(day),
                },
            )
        )
    return found


def booklet_incomplete(today: dt.date, providers=None) -> list[Due]:
    """Participants whose booklet component is due in 3 months while items are still unconfirmed."""
    rule = schedule.BOOKLET_INCOMPLETE
    anchors = schedule.anchors_for(rule, today)
    dues = list(
        _in(
            DueDate.objects.filter(due_on__in=list(anchors), component__kind=Component.Kind.BOOKLET),
            providers,
            "cohort__provider",
        ).values("cohort_id", "cohort__programme_id", "component__title", "due_on")
    )
    if not dues:
        return []
    cohort_ids = {d["cohort_id"] for d in dues}
    totals = items_per_programme({d["cohort__programme_id"] for d in dues})
    places = defaultdict(list)
    for row in Enrolment.objects.filter(status__in=STUDYING, cohort_id__in=cohort_ids).values(
        "pk", "cohort_id", "participant_id", "participant__email", "participant__full_name"
    ):
        places[row["cohort_id"]].append(row)
    confirmed = dict(
        BookletEntry.objects.filter(enrolment__cohort_id__in=cohort_ids, status=BookletEntry.Status.CONFIRMED)
        .values_list("enrolment_id")
        .annotate(n=Count("pk"))
        .values_list("enrolment_id", "n")
    )
    cohorts = _cohorts(cohort_ids)
    link = _url("schools:my-booklet")
    found = []
    for due in dues:
        total = totals.get(due["cohort__programme_id"], 0)
        for place in places[due["cohort_id"]]:
            done = confirmed.get(place["pk"], 0)
            if not total or done >= total:
                continue
            found.append(
                _to_participant(
                    place,
                    cohorts[due["cohort_id"]],
                    rule=rule,
                    milestone=anchors[due["due_on"]],
                    about=f"enrolment:{place['pk']}:booklet-due:{due['due_on'].isoformat()}",
                    link=link,
                    component=due["component__title"],
                    deadline=long_date(due["due_on"]),
                    count=str(done),
                    total=str(total),
                )
            )
    return found


FINDERS = (
    finders.statutory,
    finders.due_dates,
    finders.teaching_days,
    finders.declarations,
    finders.portfolio_gaps,
    finders.marking,
    booklet_confirm,
    booklet_signoff,
    booklet_incomplete,
    finders_npq.window_opens,
    finders_npq.window_closes,
    finders_npq.engagement_low,
    finders_npq.appeal_deadlines,
)


def everything_due(today: dt.date, providers=None) -> list[Due]:
    """Every rule's finder, for the sweep and the admin's preview."""
    return [due for finder in FINDERS for due in finder(today, providers)]
