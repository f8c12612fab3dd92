"""Demo portfolios for Group 152 at different coverage levels: Sarah nearly complete, James half-way,
Lucy just starting (her B3 is left for you to evidence in the browser test and the demo)."""

import datetime as dt

from enrolment.models import Enrolment

from . import services
from .models import Outcome

ITEMS = [
    ("SEN information report, rewritten with governors", "policy", "2024-02-20", ["A1", "B1", "C3"]),
    ("Provision map for Years 3 to 6", "provision_map", "2024-03-12", ["B5", "A4"]),
    (
        "Termly review meeting with a family and the speech and language therapist",
        "meeting",
        "2024-04-18",
        ["C2", "B4"],
    ),
    ("Staff training: adapting teaching for pupils with ADHD", "training", "2024-05-09", ["A2", "B2", "C1"]),
    ("Case study (anonymised): early identification of dyslexia", "case_study", "2024-06-04", ["A2", "B3"]),
    ("Reflective account: leading the graduated approach", "other", "2024-07-02", ["A3", "C4"]),
    ("Data protection and safeguarding audit of SEN records", "procedure", "2024-07-10", ["C5"]),
]
HOW_MANY = {"sarah.ahmed@school.example": 7, "james.oconnor@school.example": 4, "lucy.bennett@school.example": 1}


def seed(demo) -> None:
    group_152 = demo.objects["cohorts"][0]
    tutor = group_152.tutors.first()
    for email, count in HOW_MANY.items():
        enrolment = Enrolment.objects.get(cohort=group_152, participant__email=email)
        portfolio = services.portfolio_for(enrolment)
        if portfolio.evidence.exists():
            continue
        outcomes = {o.code: o for o in Outcome.objects.filter(framework=portfolio.framework)}
        for title, kind, date, codes in ITEMS[:count]:
            evidence = services.evidence_save(
                portfolio=portfolio,
                evidence=None,
                fields={
                    "title": title,
                    "kind": kind,
                    "activity_date": dt.date.fromisoformat(date),
                    "reflection": "What I did, what I learned, and what changed for pupils as a result.",
                    "pupils_not_identifiable": True,
                },
            )
            for code in codes:
                if email == "lucy.bennett@school.example" and code == "B3":
                    continue
                mapping = services.mapping_add(
                    evidence=evidence,
                    outcome=outcomes[code],
                    justification=f"This shows {code} in practice.",
                    by=enrolment.participant,
                )
                last = (title, code) == (ITEMS[count - 1][0], codes[-1])
                if not last or email == "sarah.ahmed@school.example":
                    services.mapping_review(mapping=mapping, status="accepted", comment="Well evidenced.", by=tutor)

    _sarahs_reflection(group_152)


def _sarahs_reflection(group_152) -> None:
    """Sarah's journal after three sessions and her self-evaluation at the start, middle and end, so her
    portfolio (and its PDF) shows the journal and the chart of movement."""
    enrolment = Enrolment.objects.get(cohort=group_152, participant__email="sarah.ahmed@school.example")
    portfolio = services.portfolio_for(enrolment)
    if portfolio.journal.exists():
        return
    for number, title in ((1, "The law and my role"), (3, "Identifying needs"), (5, "Leading colleagues")):
        day = group_152.days.get(number=number)
        services.journal_add(
            portfolio=portfolio,
            fields={
                "written_on": day.date,
                "title": f"After Day {number}: {title}",
                "body": "What I took from the session, and what I will try in school before the next one.",
                "teaching_day": day,
            },
        )
    outcomes = list(Outcome.objects.filter(framework=portfolio.framework).order_by("part__order", "order"))
    for stage, lift in (("start", 0), ("middle", 1), ("end", 2)):
        ratings = {o: min(4, 1 + (i % 2) + lift) for i, o in enumerate(outcomes)}
        services.self_evaluation_save(portfolio=portfolio, stage=stage, ratings=ratings)
