"""``seed_scale``: a portfolio for every place, ten evidence items each (sixty for one), each mapped once."""

import datetime as dt

from django.utils import timezone

from nasenco.scale import EVIDENCE_EACH, SIXTY, Scale

from .models import Evidence, Mapping, Outcome, Portfolio
from .selectors import framework_for

REFLECTION = "What I did, what I learned about our provision, and what changed for the pupils as a result. " * 4


def seed(scale: Scale) -> None:
    places = scale.objects["places"]
    framework = framework_for("NASENCO")
    outcomes = list(Outcome.objects.filter(framework=framework).order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    portfolio_ids = scale.next_ids(Portfolio._meta.db_table, len(places))
    scale.copy(
        Portfolio._meta.db_table,
        ["id", "status", "enrolment_id", "framework_id"],
        (
            (pk, Portfolio.Status.OPEN, place["id"], framework.pk)
            for pk, place in zip(portfolio_ids, places, strict=True)
        ),
    )
    items = [
        (portfolio, place, n)
        for portfolio, place in zip(portfolio_ids, places, strict=True)
        for n in range(SIXTY if (place["cohort"]["index"], place["k"]) == (0, 0) else EVIDENCE_EACH)
    ]
    evidence_ids = scale.next_ids(Evidence._meta.db_table, len(items))
    kinds = list(Evidence.Kind.values)
    scale.copy(
        Evidence._meta.db_table,
        [
            "id",
            "title",
            "kind",
            "activity_date",
            "reflection",
            "pupils_not_identifiable",
            "version",
            "created",
            "updated",
            "portfolio_id",
        ],
        (
            (
                pk,
                f"Evidence {n + 1}",
                kinds[n % len(kinds)],
                place["cohort"]["days"][0][1] + dt.timedelta(days=9 * n),
                REFLECTION,
                True,
                1,
                now,
                now,
                portfolio,
            )
            for pk, (portfolio, place, n) in zip(evidence_ids, items, strict=True)
        ),
    )
    scale.copy(
        Mapping._meta.db_table,
        ["id", "justification", "status", "comment", "reviewed_at", "evidence_id", "reviewed_by_id", "outcome_id"],
        (
            (
                mapping,
                "It shows the outcome in practice.",
                *_review(n, now),
                pk,
                _reviewer(n, place),
                outcomes[(pk + n) % len(outcomes)],
            )
            for mapping, pk, (_, place, n) in zip(
                scale.next_ids(Mapping._meta.db_table, len(items)), evidence_ids, items, strict=True
            )
        ),
    )


def _review(n: int, now) -> tuple:
    """Two in three mappings reviewed and accepted; the rest waiting."""
    return (Mapping.Status.ACCEPTED, "", now) if n % 3 else (Mapping.Status.PROPOSED, "", None)


def _reviewer(n: int, place: dict):
    return place["cohort"]["tutors"][0] if n % 3 else None
