"""Reads for assessment: schemes, submissions a user may see, a participant's own assessment, the
achievements behind the award decision, and the exam-board report."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from cohorts.models import Qualification
from cohorts.selectors import attendance_percents, attendance_summary, cohorts_visible_to, get_cohort_for
from enrolment.models import Declaration, Enrolment
from nasenco.access import object_or_404, require_perm
from portfolio.models import Mapping, Outcome, Portfolio
from portfolio.selectors import framework_for
from schools.models import BookletSignoff

from .award import Achievements, ComponentResult, decide_award
from .marks import band_for
from .models import Adjustment, Appeal, Award, Component, Criterion, DueDate, Extension, Submission, Window, may_hand_in
from .sittings import Sitting, appeal_deadline, sitting_for

BOOKLET_NOT_SIGNED = "booklet not signed off by the headteacher yet"


def scheme_of(programme) -> QuerySet[Component]:
    return programme.components.prefetch_related("sub_elements", "criteria", "outcomes")


def components_for_cohort(cohort) -> list[dict]:
    """What a participant of ``cohort`` is assessed on, with the cohort's due dates."""
    due = dict(DueDate.objects.filter(cohort=cohort).values_list("component_id", "due_on"))
    return [{"component": c, "due_on": due.get(c.pk)} for c in cohort.programme.components.all()]


def submissions_visible_to(user):
    """Your own work; work you are allocated to mark; and, for a cohort's staff, its work."""
    if not user.is_authenticated:
        return Submission.objects.none()
    return Submission.objects.filter(
        Q(enrolment__participant=user) | Q(marker=user) | Q(enrolment__cohort__in=cohorts_visible_to(user).values("pk"))
    ).select_related("component", "enrolment__participant", "enrolment__cohort", "marker")


def cohort_for(user, pk, perm: str):
    """The cohort ``pk`` if ``user`` may see it (404 otherwise) and holds the named rule ``perm`` for it
    (403 otherwise)."""
    cohort = get_cohort_for(user, pk)
    require_perm(user, perm, cohort)
    return cohort


def get_component_of(cohort, pk) -> Component:
    """A component of the cohort's programme; 404 for any other."""
    return object_or_404(Component.objects.filter(programme_id=cohort.programme_id), pk=pk)


def get_award_for(user, pk) -> Award:
    """The participant's own award, or one in a cohort the staff member runs; 404 otherwise."""
    visible = Award.objects.select_related(
        "enrolment__participant", "enrolment__cohort__programme", "enrolment__cohort__provider"
    ).filter(Q(enrolment__participant=user) | Q(enrolment__cohort__in=cohorts_visible_to(user).values("pk")))
    return object_or_404(visible, pk=pk)


def marking_queue(cohort) -> dict:
    """The cohort's submissions, components and open extension requests, for the marking page."""
    return {
        "submissions": Submission.objects.filter(enrolment__cohort=cohort)
        .select_related("component", "enrolment__participant", "marker")
        .order_by("component__order", "enrolment__participant__full_name"),
        "components": Component.objects.filter(programme_id=cohort.programme_id),
        "extensions": Extension.objects.filter(
            enrolment__cohort=cohort, status=Extension.Status.REQUESTED
        ).select_related("enrolment__participant", "component"),
    }


def get_submission_for(user, pk):
    return object_or_404(submissions_visible_to(user), pk=pk)


def my_assessment(enrolment, *, now=None) -> list[dict]:
    """Per component: due date, extension, attempts (marks only once released); for a case study its window
    (the brief once it opens), adjustments asked for, and whether a released fail can still be appealed."""
    rows = components_for_cohort(enrolment.cohort)
    extensions = {}
    for ext in Extension.objects.filter(enrolment=enrolment).order_by("created"):
        extensions[ext.component_id] = ext
    attempts: dict[int, list] = {}
    for s in Submission.objects.filter(enrolment=enrolment).select_related("component").order_by("attempt"):
        attempts.setdefault(s.component_id, []).append(s)
    criteria: dict[int, list] = {}
    for criterion in Criterion.objects.filter(component__in=[r["component"] for r in rows]).order_by("order", "pk"):
        criteria.setdefault(criterion.component_id, []).append(criterion)
    for submissions in attempts.values():
        for s in submissions:  # what a released mark shows: the band, and each criterion's band and feedback
            if s.status != Submission.Status.RELEASED or s.final_mark is None:
                continue
            s.band = band_for(s.final_mark, s.component.pass_mark).label
            s.by_criterion = [
                {
                    "title": c.title,
                    "mark": s.criterion_marks.get(str(c.pk)),
                    "band": band_for(s.criterion_marks[str(c.pk)], s.component.pass_mark).label
                    if str(c.pk) in s.criterion_marks
                    else "",
                    "feedback": s.criterion_feedback.get(str(c.pk), ""),
                }
                for c in criteria.get(s.component_id, [])
            ]
    for row in rows:
        row["extension"] = extensions.get(row["component"].pk)
        row["attempts"] = attempts.get(row["component"].pk, [])
        last = row["attempts"][-1] if row["attempts"] else None
        row["can_submit"] = may_hand_in(last) and row["component"].kind != Component.Kind.BOOKLET
        if row["component"].kind == Component.Kind.CASE_STUDY:
            _case_study_row(row, enrolment, now=now or timezone.now())
    return rows


def _case_study_row(row, enrolment, *, now) -> None:
    component = row["component"]
    sitting = row["sitting"] = sitting_of(enrolment, component, now=now)
    row["brief"] = sitting.window.brief if sitting.window and sitting.state != "upcoming" else ""
    row["can_submit"] = row["can_submit"] and sitting.is_open
    row["adjustments"] = list(Adjustment.objects.filter(enrolment=enrolment, component=component))
    for s in row["attempts"]:
        s.appeal_list = list(s.appeals.all())
        if s.status == Submission.Status.RELEASED and s.passed is False:
            s.appeal_until = appeal_deadline(s.released_at, component.appeal_days)
            s.can_appeal = timezone.localdate(now) <= s.appeal_until and not any(
                a.status == Appeal.Status.LODGED for a in s.appeal_list
            )


def achievements_for(cohort, enrolments) -> dict:
    """{enrolment id: Achievements} for enrolments of one cohort, in a fixed number of queries."""
    enrolments = list(enrolments)
    for enrolment in enrolments:
        enrolment.cohort = cohort  # already loaded: no query per place for its cohort and programme
    return achievements_of_places(enrolments)


def achievements_of_places(enrolments) -> dict:
    """{enrolment id: Achievements} for places on any number of cohorts and programmes (each with its cohort
    and programme loaded), in a fixed number of queries whatever their number (the head's view: one school's
    staff on a dozen cohorts)."""
    enrolments = list(enrolments)
    ids = [e.pk for e in enrolments]
    programmes = {e.cohort.programme_id: e.cohort.programme for e in enrolments}
    components: dict[int, list] = {}
    for component in (
        Component.objects.filter(programme_id__in=list(programmes)).prefetch_related("outcomes").order_by("order", "pk")
    ):
        components.setdefault(component.programme_id, []).append(component)
    latest: dict[tuple[int, int], Submission] = {}
    for s in Submission.objects.filter(enrolment_id__in=ids).order_by("attempt"):
        latest[(s.enrolment_id, s.component_id)] = s
    portfolios = {p.enrolment_id: p for p in Portfolio.objects.filter(enrolment_id__in=ids)}
    default_frameworks = {q: framework_for(q) for q in {p.qualification for p in programmes.values()}}
    framework_ids = {p.framework_id for p in portfolios.values()} | {f.pk for f in default_frameworks.values() if f}
    codes: dict[int, list[str]] = {}
    for framework_id, code in (
        Outcome.objects.filter(framework_id__in=framework_ids)
        .order_by("part__order", "order")
        .values_list("framework_id", "code")
    ):
        codes.setdefault(framework_id, []).append(code)
    evidenced: dict[int, set[str]] = {}
    for enrolment_id, code in (
        Mapping.objects.filter(evidence__portfolio__enrolment_id__in=ids, status=Mapping.Status.ACCEPTED)
        .order_by()
        .values_list("evidence__portfolio__enrolment_id", "outcome__code")
    ):
        evidenced.setdefault(enrolment_id, set()).add(code)
    attendance = attendance_percents((e.participant_id, e.cohort_id) for e in enrolments)
    signed = set(BookletSignoff.objects.filter(enrolment_id__in=ids).values_list("enrolment_id", flat=True))
    result = {}
    for enrolment in enrolments:
        programme = programmes[enrolment.cohort.programme_id]
        # The NPQ is assessed by its case study against DfE's framework, not by outcomes evidenced in a
        # portfolio, and DfE (with the provider's own suitability step, before the place is accepted) decides
        # who may take it: no National Award outcomes and no headteacher declaration stand between a pass and
        # the award.
        npq = programme.qualification == Qualification.NPQSENCO
        results = []
        for component in components.get(programme.pk, ()):
            codes_passed = tuple(o.code for o in component.outcomes.all())
            if component.kind == Component.Kind.BOOKLET:
                passed = True if enrolment.pk in signed else None
                results.append(ComponentResult(component.title, passed, codes_passed, BOOKLET_NOT_SIGNED))
                continue
            s = latest.get((enrolment.pk, component.pk))
            passed = s.passed if s and s.status == Submission.Status.RELEASED else None
            results.append(ComponentResult(component.title, passed, codes_passed))
        portfolio = portfolios.get(enrolment.pk)
        default_framework = default_frameworks.get(programme.qualification)
        framework_id = portfolio.framework_id if portfolio else getattr(default_framework, "pk", None)
        declaration = getattr(enrolment, "declaration", None)
        result[enrolment.pk] = Achievements(
            components=tuple(results),
            outcomes=() if npq else tuple(codes.get(framework_id, ())),
            evidenced=frozenset(evidenced.get(enrolment.pk, ())),
            attendance_percent=attendance.get((enrolment.participant_id, enrolment.cohort_id), 0),
            minimum_attendance=programme.minimum_attendance_percent,
            declaration_verified=npq or bool(declaration and declaration.status == Declaration.Status.VERIFIED),
            scope=enrolment.award_scope or "full",
            completed_on=None,
            statutory_deadline=enrolment.statutory_deadline,
        )
    return result


def achievements_of(enrolment):
    """Everything the award decision needs for one participant."""
    return achievements_for(enrolment.cohort, [enrolment])[enrolment.pk]


def exam_board(cohort) -> dict:
    """Per participant: each component's attempts and final mark, extensions, attendance, award outcome.

    A fixed number of queries whatever the cohort's size.
    """
    components = list(cohort.programme.components.order_by("order", "pk"))
    enrolments = list(
        cohort.enrolments.filter(status__in=Enrolment.ON_PROGRAMME)
        .select_related("participant")
        .order_by("participant__full_name")
    )
    submissions: dict[tuple[int, int], list] = {}
    for s in Submission.objects.filter(enrolment__cohort=cohort).order_by("attempt"):
        submissions.setdefault((s.enrolment_id, s.component_id), []).append(s)
    extensions: dict[tuple[int, int], object] = {}
    for e in Extension.objects.filter(enrolment__cohort=cohort, status=Extension.Status.APPROVED):
        extensions[(e.enrolment_id, e.component_id)] = e
    attendance = {row["participant"].pk: row["percent"] for row in attendance_summary(cohort)}
    awards = {a.enrolment_id: a for a in Award.objects.filter(enrolment__cohort=cohort)}
    rows = []
    for enrolment in enrolments:
        cells = []
        for component in components:
            attempts = submissions.get((enrolment.pk, component.pk), [])
            last = attempts[-1] if attempts else None
            released = last is not None and last.status == Submission.Status.RELEASED
            cells.append(
                {
                    "component": component,
                    "attempts": len(attempts),
                    "late": any(a.late for a in attempts),
                    "final": last.final_mark if released else None,
                    "passed": last.passed if released else None,
                    "extension": extensions.get((enrolment.pk, component.pk)),
                }
            )
        award = awards.get(enrolment.pk)
        rows.append(
            {
                "enrolment": enrolment,
                "cells": cells,
                "attendance": attendance.get(enrolment.participant_id, 0),
                "award": award,
            }
        )
    return {"components": components, "rows": rows, "decide": decide_award}


def sitting_of(enrolment, component: Component, *, now=None) -> Sitting:
    """Where the participant's next attempt stands: its window, open or not, with their adjustments."""
    now = now or timezone.now()
    windows = list(Window.objects.filter(cohort_id=enrolment.cohort_id, component=component))
    used = list(
        Submission.objects.filter(enrolment=enrolment, component=component, window__isnull=False).values_list(
            "window_id", flat=True
        )
    )
    approved = Adjustment.objects.filter(enrolment=enrolment, component=component, status=Adjustment.Status.APPROVED)
    later = approved.filter(kind=Adjustment.Kind.LATER_WINDOW).order_by("-decided_at").first()
    extra = max((a.extra_minutes or 0 for a in approved.filter(kind=Adjustment.Kind.EXTRA_TIME)), default=0)
    return sitting_for(windows, used=used, deferred_to=later.window_id if later else None, extra_minutes=extra, now=now)
