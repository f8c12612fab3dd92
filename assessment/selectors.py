from django.db.models import QuerySet

from .models import Component, DueDate


def scheme_of(programme) -> QuerySet[Component]:
    return programme.components.prefetch_related("sub_elements", "criteria", "outcomes")


def components_for_cohort(cohort) -> list[dict]:
    """What a participant of ``cohort`` is assessed on, with the cohort's due dates."""
    due = dict(DueDate.objects.filter(cohort=cohort).values_list("component_id", "due_on"))
    return [{"component": c, "due_on": due.get(c.pk)} for c in cohort.programme.components.all()]


def submissions_visible_to(user):
    """Your own work; work you are allocated to mark; and, for a cohort's staff, its work."""
    from django.db.models import Q

    from cohorts.selectors import cohorts_visible_to

    from .models import Submission

    if not user.is_authenticated:
        return Submission.objects.none()
    return Submission.objects.filter(
        Q(enrolment__participant=user) | Q(marker=user) | Q(enrolment__cohort__in=cohorts_visible_to(user).values("pk"))
    ).select_related("component", "enrolment__participant", "enrolment__cohort", "marker")


def get_submission_for(user, pk):
    from nasenco.access import object_or_404

    return object_or_404(submissions_visible_to(user), pk=pk)


def my_assessment(enrolment) -> list[dict]:
    """Per component: due date, extension, attempts (marks only once released)."""
    from .models import Extension, Submission

    rows = components_for_cohort(enrolment.cohort)
    extensions = {}
    for ext in Extension.objects.filter(enrolment=enrolment).order_by("created"):
        extensions[ext.component_id] = ext
    attempts: dict[int, list] = {}
    for s in Submission.objects.filter(enrolment=enrolment).order_by("attempt"):
        attempts.setdefault(s.component_id, []).append(s)
    for row in rows:
        row["extension"] = extensions.get(row["component"].pk)
        row["attempts"] = attempts.get(row["component"].pk, [])
        last = row["attempts"][-1] if row["attempts"] else None
        row["can_submit"] = last is None or (last.status == "released" and last.passed is False)
    return rows
