from django.db.models import QuerySet

from .models import Component, DueDate


def scheme_of(programme) -> QuerySet[Component]:
    return programme.components.prefetch_related("sub_elements", "criteria", "outcomes")


def components_for_cohort(cohort) -> list[dict]:
    """What a participant of ``cohort`` is assessed on, with the cohort's due dates."""
    due = dict(DueDate.objects.filter(cohort=cohort).values_list("component_id", "due_on"))
    return [{"component": c, "due_on": due.get(c.pk)} for c in cohort.programme.components.all()]
