"""Links other apps add to a cohort's page (e.g. the portfolio's coverage heat-map), so this app never
names the apps above it."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class CohortAction:
    label: str
    url_name: str  # reversed with the cohort's pk as ``cohort_pk``
    perm: str = "cohorts.view_cohort"  # shown only to people holding this rule for the cohort


_actions: list[CohortAction] = []


def cohort_action(*, label: str, url_name: str, perm: str = "cohorts.view_cohort") -> None:
    if all(a.url_name != url_name for a in _actions):
        _actions.append(CohortAction(label, url_name, perm))


def actions_for(cohort, user) -> list[dict]:
    return [
        {"label": a.label, "url": reverse(a.url_name, kwargs={"cohort_pk": cohort.pk})}
        for a in _actions
        if user.has_perm(a.perm, cohort)
    ]
