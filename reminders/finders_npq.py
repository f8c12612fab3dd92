"""What is due for the NPQ's case study: its window opening and closing, engagement below the threshold four
weeks before the window, and the last days to appeal a result. Set-based, as in ``finders.py``; engagement
is read once per cohort whose window is four weeks away."""

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from assessment.models import Adjustment, Appeal, Submission, Window
from assessment.sittings import appeal_deadline, when
from curriculum.selectors import engagement_of, plan_of
from enrolment.models import Enrolment
from nasenco.dates import long_date

from . import schedule
from .finders import STUDYING, Due, _cohorts, _in, _to_participant, _url


def _windows(rule, today: dt.date, providers, field: str):
    anchors = schedule.anchors_for(rule, today)
    windows = list(
        _in(Window.objects.filter(**{f"{field}__date__in": list(anchors)}), providers, "cohort__provider")
        .select_related("component", "cohort__programme")
        .order_by("pk")
    )
    return anchors, windows


def _studying(cohort_ids) -> dict[int, list[dict]]:
    by_cohort = defaultdict(list)
    for row in Enrolment.objects.filter(cohort_id__in=cohort_ids, status__in=STUDYING).values(
        "pk", "cohort_id", "participant_id", "participant__email", "participant__full_name"
    ):
        by_cohort[row["cohort_id"]].append(row)
    return by_cohort


def _deferred(component_ids) -> set[tuple[int, int]]:
    """(place, component) sitting a later window after extenuating circumstances."""
    return set(
        Adjustment.objects.filter(
            component_id__in=component_ids, kind=Adjustment.Kind.LATER_WINDOW, status=Adjustment.Status.APPROVED
        ).values_list("enrolment_id", "component_id")
    )


def window_opens(today: dt.date, providers=None) -> list[Due]:
    rule = schedule.WINDOW_OPENS
    anchors, windows = _windows(rule, today, providers, "opens_at")
    if not windows:
        return []
    people, cohorts = _studying({w.cohort_id for w in windows}), _cohorts({w.cohort_id for w in windows})
    link = _url("assessment:mine")
    found = []
    for window in windows:
        milestone = anchors[timezone.localdate(window.opens_at)]
        for enrolment in people.get(window.cohort_id, ()):
            found.append(
                _to_participant(
                    enrolment,
                    cohorts[window.cohort_id],
                    rule=rule,
                    milestone=milestone,
                    about=f"enrolment:{enrolment['pk']}:window:{window.pk}",
                    link=link,
                    component=window.component.title,
                    date=when(window.opens_at),
                    closes=when(window.closes_at),
                    when=milestone.when,
                )
            )
    return found


def window_closes(today: dt.date, providers=None) -> list[Due]:
    rule = schedule.WINDOW_CLOSES
    anchors, windows = _windows(rule, today, providers, "closes_at")
    if not windows:
        return []
    people, cohorts = _studying({w.cohort_id for w in windows}), _cohorts({w.cohort_id for w in windows})
    handed_in = set(Submission.objects.filter(window__in=windows).values_list("enrolment_id", "window_id"))
    deferred = _deferred({w.component_id for w in windows})
    link = _url("assessment:mine")
    found = []
    for window in windows:
        milestone = anchors[timezone.localdate(window.closes_at)]
        for enrolment in people.get(window.cohort_id, ()):
            if (enrolment["pk"], window.pk) in handed_in or (enrolment["pk"], window.component_id) in deferred:
                continue
            found.append(
                _to_participant(
                    enrolment,
                    cohorts[window.cohort_id],
                    rule=rule,
                    milestone=milestone,
                    about=f"enrolment:{enrolment['pk']}:window:{window.pk}",
                    link=link,
                    component=window.component.title,
                    closes=when(window.closes_at),
                    when=milestone.when,
                )
            )
    return found


def engagement_low(today: dt.date, providers=None) -> list[Due]:
    """Four weeks before a cohort's first window for a case study, whoever is below the thresholds."""
    rule = schedule.ENGAGEMENT_LOW
    anchors, windows = _windows(rule, today, providers, "opens_at")
    firsts = [
        w
        for w in windows
        if not Window.objects.filter(
            cohort_id=w.cohort_id, component_id=w.component_id, opens_at__lt=w.opens_at
        ).exists()
    ]
    found = []
    link = _url("curriculum:mine")
    for window in firsts:
        plan = plan_of(window.cohort.programme)
        if plan is None or not plan.gates_assessment:
            continue
        cohort = _cohorts({window.cohort_id})[window.cohort_id]
        places = {row["participant_id"]: row for row in _studying({window.cohort_id})[window.cohort_id]}
        milestone = anchors[timezone.localdate(window.opens_at)]
        for row in engagement_of(window.cohort, plan=plan, today=today):
            enrolment = places.get(row["participant"].pk)
            if enrolment is None or row["engagement"].met:
                continue
            found.append(
                _to_participant(
                    enrolment,
                    cohort,
                    rule=rule,
                    milestone=milestone,
                    about=f"enrolment:{enrolment['pk']}:window:{window.pk}",
                    link=link,
                    component=window.component.title,
                    date=long_date(timezone.localdate(window.opens_at)),
                    short="; ".join(row["engagement"].reasons),
                )
            )
    return found


def appeal_deadlines(today: dt.date, providers=None) -> list[Due]:
    """Three days before the last day to appeal a released case-study fail nobody has appealed."""
    rule = schedule.APPEAL_DEADLINE
    anchors = schedule.anchors_for(rule, today)  # {last day to appeal: milestone}
    if not anchors:
        return []
    earliest = min(anchors) - dt.timedelta(days=60)  # the longest appeal period a component may set
    candidates = (
        _in(
            Submission.objects.filter(
                component__kind="case_study",
                status=Submission.Status.RELEASED,
                passed=False,
                enrolment__status__in=STUDYING,
                released_at__date__gte=earliest,
            ).exclude(pk__in=Appeal.objects.values("submission_id")),
            providers,
            "enrolment__cohort__provider",
        )
        .select_related("component", "enrolment__participant")
        .order_by("pk")
    )
    rows = [(s, appeal_deadline(s.released_at, s.component.appeal_days)) for s in candidates]
    rows = [(s, last_day) for s, last_day in rows if last_day in anchors]
    cohorts = _cohorts({s.enrolment.cohort_id for s, _ in rows})
    link = _url("assessment:mine")
    found = []
    for submission, last_day in rows:
        person = submission.enrolment.participant
        enrolment = {
            "pk": submission.enrolment_id, "cohort_id": submission.enrolment.cohort_id, "participant_id": person.pk,
            "participant__email": person.email, "participant__full_name": person.full_name,
        }  # fmt: skip
        milestone = anchors[last_day]
        found.append(
            _to_participant(
                enrolment,
                cohorts[enrolment["cohort_id"]],
                rule=rule,
                milestone=milestone,
                about=f"submission:{submission.pk}",
                link=link,
                component=submission.component.title,
                deadline=long_date(last_day),
                when=milestone.when,
            )
        )
    return found
