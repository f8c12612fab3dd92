"""A person's work queue ("My work"): what waits for them across the portal, each kind counted with its
first items linked. Read-only; a fixed number of queries (two per kind) whatever the sizes.

- work allocated to you to mark (tutors and school-based mentors);
- sampled work waiting for a second or third mark, in cohorts you teach or run (not your own marking);
- evidence mapped to outcomes and waiting for review, in cohorts you teach or run;
- registers of today's sessions not yet taken;
- booklet items waiting for you to confirm;
- for admins: extension requests, appeals to decide (not on work they marked or moderated), and headteacher
  declarations uploaded and waiting to be verified.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from cohorts.models import Attendance, TeachingDay
from cohorts.selectors import cohorts_administered_by, cohorts_visible_to
from enrolment.models import Declaration
from nasenco.dates import long_date
from portfolio.models import Mapping
from schools.selectors import entries_to_confirm_by

from .models import Appeal, Extension, ModerationMark, Submission

SHOWN = 10  # items listed per kind; the count says how many there are
# Counted up to here and shown as "1,000+" beyond: a count that stops early is an index walk over the
# person's own cohorts, where an exact count of a provider's every waiting item would read the nation's.
COUNT_CAP = 1000


@dataclass
class Kind:
    key: str
    title: str
    count: int
    items: list[dict] = field(default_factory=list)  # {"label", "url"}

    @property
    def shown_count(self) -> str:
        return f"{COUNT_CAP:,}+" if self.count > COUNT_CAP else f"{self.count:,}"


def my_work(user, *, today, items: bool = True) -> list[Kind]:
    """Every kind of waiting work ``user`` has, in the order people usually do it; kinds with none left out.
    Without ``items``, only the counts (one query per kind): the dashboard's summary."""

    def _kind(key, title, queryset, label, url) -> Kind:
        listed = [{"label": label(o), "url": url(o)} for o in queryset[:SHOWN]] if items else []
        return Kind(key, title, queryset.order_by()[: COUNT_CAP + 1].count(), listed)  # any 1,001 will do

    visible = cohorts_visible_to(user).values("pk")
    to_mark = (
        Submission.objects.filter(marker=user, status__in=(Submission.Status.NOT_MARKED, Submission.Status.IN_MARKING))
        .select_related("component", "enrolment__participant", "enrolment__cohort")
        .order_by("allocated_on", "pk")
    )
    to_moderate = (
        Submission.objects.filter(
            enrolment__cohort__in=visible, in_sample=True, agreed_mark__isnull=True, status=Submission.Status.MARKED
        )
        .exclude(marker=user)
        .exclude(pk__in=ModerationMark.objects.filter(marker=user).values("submission_id"))
        .select_related("component", "enrolment__participant", "enrolment__cohort")
        .order_by("pk")
    )
    to_review = (
        Mapping.objects.filter(status=Mapping.Status.PROPOSED, evidence__portfolio__enrolment__cohort__in=visible)
        .select_related("evidence__portfolio__enrolment__participant", "outcome")
        .order_by("pk")
    )
    registers = (
        TeachingDay.objects.filter(cohort__in=visible, date=today)
        .exclude(pk__in=Attendance.objects.filter(day__date=today).values("day_id"))
        .select_related("cohort")
        .order_by("start_time", "pk")
    )
    confirm = entries_to_confirm_by(user).order_by("recorded_at")
    kinds = [
        _kind(
            "mark",
            "Work to mark",
            to_mark,
            lambda s: f"{s.component.title}: {s.label_for_marker()} ({s.enrolment.cohort.name})",
            lambda s: reverse("assessment:mark", args=[s.pk]),
        ),
        _kind(
            "moderate",
            "Second and third marking",
            to_moderate,
            lambda s: f"{s.component.title}: {s.label_for_marker()} ({s.enrolment.cohort.name})",
            lambda s: reverse("assessment:moderate", args=[s.pk]),
        ),
        _kind(
            "review",
            "Evidence waiting for review",
            to_review,
            lambda m: f"{m.evidence.portfolio.enrolment.participant.full_name}: {m.evidence.title} → {m.outcome.code}",
            lambda m: reverse("portfolio:evidence", args=[m.evidence_id]),
        ),
        _kind(
            "register",
            "Registers to take today",
            registers,
            lambda d: f"{d.cohort.name}, {d.label}",
            lambda d: reverse("cohorts:register", args=[d.cohort_id, d.pk]),
        ),
        _kind(
            "confirm",
            "Booklet items to confirm",
            confirm,
            lambda e: f"{e.enrolment.participant.full_name}: {e.item.title}",
            lambda e: reverse("schools:place", args=[e.enrolment_id]),
        ),
    ]
    administered = cohorts_administered_by(user).values("pk")
    extensions = (
        Extension.objects.filter(enrolment__cohort__in=administered, status=Extension.Status.REQUESTED)
        .select_related("enrolment__participant", "component")
        .order_by("created")
    )
    appeals = (
        Appeal.objects.filter(submission__enrolment__cohort__in=administered, status=Appeal.Status.LODGED)
        .exclude(submission__marker=user)
        .exclude(submission__moderation__marker=user)
        .select_related("submission__enrolment__participant", "submission__enrolment__cohort")
        .order_by("lodged_at")
    )
    declarations = (
        Declaration.objects.filter(enrolment__cohort__in=administered, status=Declaration.Status.UPLOADED)
        .select_related("enrolment__participant", "enrolment__cohort")
        .order_by("uploaded_at")
    )
    kinds += [
        _kind(
            "extension",
            "Extension requests to decide",
            extensions,
            lambda e: f"{e.enrolment.participant.full_name}: {e.component.title}, to {long_date(e.until)}",
            lambda e: reverse("assessment:queue", args=[e.enrolment.cohort_id]),
        ),
        _kind(
            "appeal",
            "Appeals to decide",
            appeals,
            lambda a: f"{a.submission.enrolment.participant.full_name} ({a.submission.enrolment.cohort.name})",
            lambda a: reverse("assessment:appeal-decide", args=[a.submission.enrolment.cohort_id, a.pk]),
        ),
        _kind(
            "declaration",
            "Declarations to verify",
            declarations,
            lambda d: f"{d.enrolment.participant.full_name} ({d.enrolment.cohort.name})",
            lambda d: reverse("enrolment:pipeline-detail", args=[d.enrolment_id]),
        ),
    ]
    return [k for k in kinds if k.count]


def next_to_mark(user, *, after) -> Submission | None:
    """The next piece allocated to ``user`` still to mark, after the one just saved: what "Save and next" opens."""
    return (
        Submission.objects.filter(marker=user, status__in=(Submission.Status.NOT_MARKED, Submission.Status.IN_MARKING))
        .exclude(pk=after.pk)
        .order_by("allocated_on", "pk")
        .first()
    )
