"""The three seed providers' assessment schemes, as their course pages describe them.

Credits and word counts are the published ones; which outcomes each component evidences, and the rubric
wording, are illustrative until a provider enters its own. Due dates are set only where the source gives
them (Eastern Partnership's autumn groups: tasks by mid-January, the action research by mid-August).
"""

import datetime as dt

from cohorts.models import Programme

from . import services
from .models import Component

L7, PF = Component.Kind.LEVEL_7, Component.Kind.PASS_FAIL

SCHEMES = {
    "best-practice-network": [
        ("Assignment 1", L7, 30, 5000, (), ("A1", "A2", "B3")),
        ("Assignment 2", L7, 30, 5000, (), ("A4", "B5", "C4")),
        ("E-portfolio", PF, 0, None, (), ()),
    ],
    "eastern-partnership": [
        (
            "Assignment 1: school-based tasks and action plan",
            L7,
            30,
            2800,
            (("Task 1", 1), ("Task 2", 1), ("Task 3", 1), ("Action plan", 2)),
            ("A1", "B1", "B5"),
        ),
        ("Assignment 2: action research project", L7, 30, 4200, (), ("A4", "B3", "C4")),
        ("Self Evaluation Tool", PF, 0, None, (), ()),
        ("Reflective Learning Journal", PF, 0, None, (), ("C4",)),
    ],
    "roehampton": [
        ("Element 1: critical reflections on practice", L7, 30, 5000, (), ("A2", "A4", "C4")),
        ("Element 2", L7, 30, 5000, (), ("B2", "B3", "B5")),
        ("School-based performance booklet, signed by the headteacher", PF, 0, None, (), ()),
        ("Professional element", PF, 0, None, (), ()),
    ],
}


def seed(demo) -> None:
    for slug, components in SCHEMES.items():
        programme = Programme.objects.filter(provider__slug=slug, qualification="NASENCO").order_by("pk").first()
        if programme is None or programme.components.exists():
            continue
        made = [
            services.component_create(
                programme=programme,
                title=title,
                kind=kind,
                credits=credits,
                word_limit=words,
                sub_elements=subs,
                outcome_codes=codes,
                order=i,
            )
            for i, (title, kind, credits, words, subs, codes) in enumerate(components)
        ]
        if slug == "eastern-partnership":
            for cohort in programme.cohorts.exclude(name="Group 152"):
                services.due_date_set(component=made[0], cohort=cohort, due_on=dt.date(2024, 1, 15))
                services.due_date_set(component=made[1], cohort=cohort, due_on=dt.date(2024, 8, 15))
