"""What is due on a day, for each rule: a few set-based queries per rule, never one per participant.

Each finder returns ``Due`` items: one reminder to one recipient about one thing at one milestone, with
the values its wording needs. ``providers`` limits the search to some providers (the admin preview).
"""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from assessment.models import Component, DueDate, Extension, Submission
from cohorts.calendar import build_calendar
from cohorts.models import CatchUp, Cohort, Membership, Qualification, TeachingDay
from enrolment.models import Declaration, Enrolment
from enrolment.services.declarations import link_for
from nasenco.dates import long_date
from portfolio.models import Mapping

from . import schedule
from .schedule import Rule

STUDYING = (Enrolment.Status.ACCEPTED, Enrolment.Status.ACTIVE)


@dataclass(frozen=True)
class Due:
    rule: Rule
    milestone: str
    about: str  # the subject object, e.g. "enrolment:12" or "day:40"
    provider_id: int
    to: str
    user_id: int | None  # None for people without an account (headteachers)
    values: dict = field(hash=False, compare=False)
    link: str = ""
    # Each a dict (filename, content_type, content), or a function returning one: made only if the reminder
    # is stored (the same day swept again builds none of them).
    attachments: tuple = ()

    def attachment_dicts(self) -> list[dict]:
        return [attachment() if callable(attachment) else attachment for attachment in self.attachments]

    @property
    def key(self) -> str:
        recipient = f"u{self.user_id}" if self.user_id else self.to.lower()
        key = f"{self.rule.code}:{recipient}:{self.about}:{self.milestone}"
        if len(key) > 200:  # a very long address: keep the key unique rather than cut it
            key = f"{key[:135]}:{hashlib.sha256(key.encode()).hexdigest()}"
        return key


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _in(queryset, providers, path: str):
    return queryset if providers is None else queryset.filter(**{f"{path}__in": providers})


# --- The statutory deadline ---------------------------------------------------------------------------------


def statutory(today: dt.date, providers=None) -> list["Due"]:
    """Both statutory rules in one query over the indexed deadline column."""
    anchors = {}
    for rule in (schedule.STATUTORY, schedule.STATUTORY_OVERDUE):
        for anchor, milestone in schedule.anchors_for(rule, today).items():
            anchors[anchor] = (rule, milestone)
    rows = _in(
        Enrolment.objects.filter(status__in=STUDYING, statutory_deadline__in=list(anchors)),
        providers,
        "cohort__provider",
    ).values(
        "pk",
        "statutory_deadline",
        "headteacher_name",
        "headteacher_email",
        "participant_id",
        "participant__email",
        "participant__full_name",
        "cohort__name",
        "cohort__provider_id",
        "cohort__provider__name",
        "cohort__provider__website",
        "cohort__programme__qualification",
    )
    rows = list(rows)
    admins = _admins_of({row["cohort__provider_id"] for row in rows})
    link = _url("enrolment:my-programme")
    found = []
    for row in rows:
        rule, milestone = anchors[row["statutory_deadline"]]
        values = {
            "participant": row["participant__full_name"],
            "cohort": row["cohort__name"],
            "provider": row["cohort__provider__name"],
            "link": link,
            "deadline": long_date(row["statutory_deadline"]),
            "days_remaining": str(max((row["statutory_deadline"] - today).days, 0)),
            "when": milestone.when,
            "qualification": Qualification(row["cohort__programme__qualification"]).label,
            "programme": Qualification(row["cohort__programme__qualification"]).short,
        }
        common = {"rule": rule, "milestone": milestone.code, "about": f"enrolment:{row['pk']}"}
        provider_id = row["cohort__provider_id"]
        found.append(
            Due(
                **common,
                provider_id=provider_id,
                to=row["participant__email"],
                user_id=row["participant_id"],
                values={**values, "name": _first(row["participant__full_name"])},
                link=link,
            )
        )
        if not milestone.copy_others:
            continue
        if row["headteacher_email"]:
            found.append(
                Due(
                    **common,
                    provider_id=provider_id,
                    to=row["headteacher_email"],
                    user_id=None,
                    values={
                        **values,
                        "name": row["headteacher_name"] or "Headteacher",
                        "link": row["cohort__provider__website"] or settings.SITE_URL,
                    },
                )
            )
        pipeline = _url("enrolment:pipeline-detail", pk=row["pk"])
        for admin in admins.get(provider_id, ()):
            found.append(
                Due(
                    **common,
                    provider_id=provider_id,
                    to=admin["user__email"],
                    user_id=admin["user_id"],
                    values={**values, "name": _first(admin["user__full_name"]), "link": pipeline},
                    link=pipeline,
                )
            )
    return found


def _admins_of(provider_ids) -> dict[int, list[dict]]:
    admins = defaultdict(list)
    rows = Membership.objects.filter(provider_id__in=provider_ids, role=Membership.Role.ADMIN).values(
        "provider_id", "user_id", "user__email", "user__full_name"
    )
    for row in rows:
        admins[row["provider_id"]].append(row)
    return admins


def _first(full_name: str) -> str:
    return full_name.split(" ")[0] if full_name else "there"


# --- Due dates, with each participant's extension ---------------------------------------------------------------


def due_dates(today: dt.date, providers=None) -> list["Due"]:
    """Before a due date (or an extension's), and the day after it, for whoever has submitted nothing."""
    anchors = {}
    for rule in (schedule.DUE_DATE, schedule.DUE_DATE_MISSED):
        for anchor, milestone in schedule.anchors_for(rule, today).items():
            anchors[anchor] = (rule, milestone)
    dues = list(
        _in(DueDate.objects.filter(due_on__in=list(anchors)), providers, "cohort__provider").values(
            "cohort_id", "component_id", "due_on"
        )
    )
    extended = list(
        _in(
            Extension.objects.filter(status=Extension.Status.APPROVED, until__in=list(anchors)),
            providers,
            "enrolment__cohort__provider",
        ).values("enrolment_id", "component_id", "until")
    )
    if not dues and not extended:
        return []
    cohort_ids = {d["cohort_id"] for d in dues}
    component_ids = {d["component_id"] for d in dues} | {e["component_id"] for e in extended}
    enrolments = {
        row["pk"]: row
        for row in Enrolment.objects.filter(status__in=STUDYING)
        .filter(_cohort_or_pk(cohort_ids, {e["enrolment_id"] for e in extended}))
        .values("pk", "cohort_id", "participant_id", "participant__email", "participant__full_name")
    }
    has_extension = set(
        Extension.objects.filter(
            status=Extension.Status.APPROVED, component_id__in=component_ids, enrolment_id__in=list(enrolments)
        ).values_list("enrolment_id", "component_id")
    )
    submitted = set(
        Submission.objects.filter(component_id__in=component_ids, enrolment_id__in=list(enrolments)).values_list(
            "enrolment_id", "component_id"
        )
    )
    titles = dict(Component.objects.filter(pk__in=component_ids).values_list("pk", "title"))
    cohorts = _cohorts({row["cohort_id"] for row in enrolments.values()})

    wanted = []  # (enrolment, component, date)
    by_cohort = defaultdict(list)
    for row in enrolments.values():
        by_cohort[row["cohort_id"]].append(row)
    for due in dues:
        for enrolment in by_cohort.get(due["cohort_id"], ()):
            if (enrolment["pk"], due["component_id"]) not in has_extension:
                wanted.append((enrolment, due["component_id"], due["due_on"]))
    for extension in extended:
        if extension["enrolment_id"] in enrolments:
            wanted.append((enrolments[extension["enrolment_id"]], extension["component_id"], extension["until"]))

    link = _url("assessment:mine")
    found = []
    for enrolment, component_id, date in wanted:
        if (enrolment["pk"], component_id) in submitted:
            continue
        rule, milestone = anchors[date]
        cohort = cohorts[enrolment["cohort_id"]]
        found.append(
            _to_participant(
                enrolment,
                cohort,
                rule=rule,
                milestone=milestone,
                about=f"enrolment:{enrolment['pk']}:component:{component_id}:{date.isoformat()}",
                link=link,
                component=titles[component_id],
                deadline=long_date(date),
                days_remaining=str(max((date - today).days, 0)),
                when=milestone.when,
            )
        )
    return found


def _to_participant(enrolment: dict, cohort: dict, *, rule, milestone, about: str, link: str, **values) -> Due:
    """A reminder to the participant of an enrolment row, with the values every rule's wording shares."""
    return Due(
        rule=rule,
        milestone=milestone.code,
        about=about,
        provider_id=cohort["provider_id"],
        to=enrolment["participant__email"],
        user_id=enrolment["participant_id"],
        values={
            "name": _first(enrolment["participant__full_name"]),
            "participant": enrolment["participant__full_name"],
            "cohort": cohort["name"],
            "programme": cohort["programme"],
            "provider": cohort["provider__name"],
            "link": link,
            **values,
        },
        link=link,
    )


def _cohort_or_pk(cohort_ids, pks):
    return Q(cohort_id__in=cohort_ids) | Q(pk__in=pks)


def _cohorts(cohort_ids) -> dict[int, dict]:
    rows = Cohort.objects.filter(pk__in=cohort_ids).values(
        "pk", "name", "provider_id", "provider__name", "programme__qualification"
    )
    return {row["pk"]: {**row, "programme": Qualification(row["programme__qualification"]).short} for row in rows}


# --- Teaching days -----------------------------------------------------------------------------------------------


def teaching_days(today: dt.date, providers=None) -> list["Due"]:
    rule = schedule.TEACHING_DAY
    anchors = schedule.anchors_for(rule, today)
    days = list(
        _in(
            TeachingDay.objects.filter(date__in=list(anchors)).exclude(cohort__status=Cohort.Status.DRAFT),
            providers,
            "cohort__provider",
        ).select_related("cohort__provider", "cohort__programme", "venue")
    )
    if not days:
        return []
    people = defaultdict(list)  # day pk → (user id, email, name)
    by_cohort = defaultdict(list)
    for day in days:
        by_cohort[day.cohort_id].append(day)
    for row in Enrolment.objects.filter(status__in=STUDYING, cohort_id__in=list(by_cohort)).values(
        "cohort_id", "participant_id", "participant__email", "participant__full_name"
    ):
        for day in by_cohort[row["cohort_id"]]:
            people[day.pk].append((row["participant_id"], row["participant__email"], row["participant__full_name"]))
    for row in CatchUp.objects.filter(day__in=days).values(
        "day_id", "participant_id", "participant__email", "participant__full_name"
    ):
        people[row["day_id"]].append((row["participant_id"], row["participant__email"], row["participant__full_name"]))

    link = _url("enrolment:my-programme")
    found = []
    for day in days:
        milestone = anchors[day.date]
        cohort = day.cohort
        label = "Orientation" if day.number == 0 else f"Day {day.number}"
        calendar = cache(
            lambda day=day, cohort=cohort, label=label: {
                "filename": f"{cohort.name} {label}.ics".replace("/", "-"),
                "content_type": "text/calendar",
                "content": build_calendar([day], name=f"{cohort.name}: {label}").decode(),
            }
        )  # one file per session, shared by everyone on it
        values = {
            "cohort": cohort.name,
            "programme": cohort.programme.short_name,
            "provider": cohort.provider.name,
            "link": link,
            "day": label,
            "date": date_format(day.date, "l j F Y"),
            "time": _times(day),
            "place": _place(day),
            "when": milestone.when,
        }
        for user_id, email, full_name in people[day.pk]:
            found.append(
                Due(
                    rule=rule,
                    milestone=milestone.code,
                    about=f"day:{day.pk}:{day.date.isoformat()}",
                    provider_id=cohort.provider_id,
                    to=email,
                    user_id=user_id,
                    values={**values, "name": _first(full_name), "participant": full_name},
                    link=link,
                    attachments=(calendar,),
                )
            )
    return found


def _times(day) -> str:
    if day.start_time and day.end_time:
        return f"{day.start_time:%H:%M} to {day.end_time:%H:%M}"
    return "times to be confirmed"


def _place(day) -> str:
    if day.mode == TeachingDay.Mode.VENUE and day.venue:
        return ", ".join(p for p in (day.venue.name, day.venue.address, day.venue.postcode) if p)
    if day.joining_link:
        return f"online, joining link: {day.joining_link}"
    return "online (the joining link will follow)"


# --- Headteacher declarations -----------------------------------------------------------------------------------


def declarations(today: dt.date, providers=None) -> list["Due"]:
    rule = schedule.DECLARATION
    anchors = schedule.anchors_for(rule, today)
    waiting = _in(
        Declaration.objects.filter(
            status=Declaration.Status.SENT, sent_at__date__in=list(anchors), enrolment__headteacher_email__gt=""
        ),
        providers,
        "enrolment__cohort__provider",
    ).select_related("enrolment__participant", "enrolment__cohort__provider", "enrolment__cohort__programme")
    found = []
    for declaration in waiting:
        enrolment = declaration.enrolment
        sent_on = _local(declaration.sent_at)
        milestone = anchors[sent_on]
        found.append(
            Due(
                rule=rule,
                milestone=milestone.code,
                about=f"declaration:{declaration.pk}:{declaration.nonce}",
                provider_id=enrolment.cohort.provider_id,
                to=enrolment.headteacher_email,
                user_id=None,
                values={
                    "name": enrolment.headteacher_name or "Headteacher",
                    "participant": enrolment.participant.full_name,
                    "cohort": enrolment.cohort.name,
                    "programme": enrolment.cohort.programme.short_name,
                    "provider": enrolment.cohort.provider.name,
                    "link": link_for(declaration),
                    "date": long_date(sent_on),
                    "deadline": long_date(_local(declaration.expires_at)),
                },
            )
        )
    return found


def _local(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


# --- Portfolio gaps ------------------------------------------------------------------------------------------------


def portfolio_gaps(today: dt.date, providers=None) -> list["Due"]:
    rule = schedule.PORTFOLIO_GAPS
    anchors = schedule.anchors_for(rule, today)
    dues = list(
        _in(
            DueDate.objects.filter(due_on__in=list(anchors), component__outcomes__isnull=False).distinct(),
            providers,
            "cohort__provider",
        ).values("cohort_id", "component_id", "component__title", "due_on")
    )
    if not dues:
        return []
    component_ids = {d["component_id"] for d in dues}
    needs = defaultdict(list)  # component → [(outcome id, code)]
    for component_id, outcome_id, code in Component.outcomes.through.objects.filter(
        component_id__in=component_ids
    ).values_list("component_id", "outcome_id", "outcome__code"):
        needs[component_id].append((outcome_id, code))
    cohort_ids = {d["cohort_id"] for d in dues}
    enrolments = defaultdict(list)
    for row in Enrolment.objects.filter(status__in=STUDYING, cohort_id__in=cohort_ids).values(
        "pk", "cohort_id", "participant_id", "participant__email", "participant__full_name"
    ):
        enrolments[row["cohort_id"]].append(row)
    evidenced = set(
        Mapping.objects.filter(
            status=Mapping.Status.ACCEPTED,
            evidence__portfolio__enrolment__cohort_id__in=cohort_ids,
            outcome_id__in={o for pairs in needs.values() for o, _ in pairs},
        ).values_list("evidence__portfolio__enrolment_id", "outcome_id")
    )
    cohorts = _cohorts(cohort_ids)
    link = _url("portfolio:mine")
    found = []
    for due in dues:
        cohort = cohorts[due["cohort_id"]]
        milestone = anchors[due["due_on"]]
        for enrolment in enrolments[due["cohort_id"]]:
            needed = needs[due["component_id"]]
            gaps = [code for outcome_id, code in needed if (enrolment["pk"], outcome_id) not in evidenced]
            if not gaps:
                continue
            found.append(
                _to_participant(
                    enrolment,
                    cohort,
                    rule=rule,
                    milestone=milestone,
                    about=f"enrolment:{enrolment['pk']}:component:{due['component_id']}:{due['due_on'].isoformat()}",
                    link=link,
                    component=due["component__title"],
                    deadline=long_date(due["due_on"]),
                    count=str(len(gaps)),
                    outcomes=", ".join(sorted(gaps)),
                )
            )
    return found


# --- Marking ---------------------------------------------------------------------------------------------------------


def marking(today: dt.date, providers=None) -> list["Due"]:
    """One reminder per marker, component and cohort for work allocated on the milestone's day."""
    rule = schedule.MARKING
    anchors = schedule.anchors_for(rule, today)
    rows = _in(
        Submission.objects.filter(
            status__in=(Submission.Status.NOT_MARKED, Submission.Status.IN_MARKING),
            marker__isnull=False,
            allocated_on__in=list(anchors),
        ),
        providers,
        "enrolment__cohort__provider",
    ).values(
        "marker_id",
        "marker__email",
        "marker__full_name",
        "component_id",
        "component__title",
        "enrolment__cohort_id",
        "allocated_on",
    )
    groups = defaultdict(int)
    details = {}
    for row in rows:
        group = (row["marker_id"], row["component_id"], row["enrolment__cohort_id"], row["allocated_on"])
        groups[group] += 1
        details[group] = row
    cohorts = _cohorts({g[2] for g in groups})
    staff = set(  # a school-based mentor marking has no cohort queue: their dashboard lists the work
        Membership.objects.filter(user_id__in={g[0] for g in groups}).values_list("user_id", "provider_id")
    )
    found = []
    for group, count in groups.items():
        row, cohort = details[group], cohorts[group[2]]
        milestone = anchors[row["allocated_on"]]
        on_staff = (group[0], cohort["provider_id"]) in staff
        link = _url("assessment:queue", cohort_pk=group[2]) if on_staff else _url("dashboard")
        found.append(
            Due(
                rule=rule,
                milestone=milestone.code,
                about=f"cohort:{group[2]}:component:{group[1]}:allocated:{row['allocated_on'].isoformat()}",
                provider_id=cohort["provider_id"],
                to=row["marker__email"],
                user_id=row["marker_id"],
                values={
                    "name": _first(row["marker__full_name"]),
                    "participant": "",
                    "cohort": cohort["name"],
                    "programme": cohort["programme"],
                    "provider": cohort["provider__name"],
                    "link": link,
                    "component": row["component__title"],
                    "count": str(count),
                    "date": long_date(row["allocated_on"]),
                },
                link=link,
            )
        )
    return found
