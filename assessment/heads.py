"""The head's view, read side: for each of a headteacher's own staff on a programme, attendance, components
handed in and passed, portfolio coverage, the statutory deadline and its status, and what waits for the
head. Built from the same achievements as the award decision; nothing from tutors' or mentors' notes."""

from django.db.models import Count

from curriculum.selectors import engagement_by_place
from enrolment.models import Declaration
from enrolment.services.declarations import link_for as declaration_link
from schools.selectors import booklet_counts_for, staff_of_head

from .award import decide_award
from .models import Component, Submission
from .selectors import achievements_of_places


def head_overview(head, *, today) -> list[dict]:
    """One row per member of staff, in a fixed number of queries however many cohorts they are on (engagement
    aside: one report per cohort whose programme has a curriculum plan)."""
    places = list(staff_of_head(head))
    ids = [p.pk for p in places]
    handed_in: dict[int, set[int]] = {}
    for enrolment_id, component_id in (
        Submission.objects.filter(enrolment_id__in=ids).order_by().values_list("enrolment_id", "component_id")
    ):
        handed_in.setdefault(enrolment_id, set()).add(component_id)
    components = dict(
        Component.objects.filter(programme_id__in={p.cohort.programme_id for p in places})
        .exclude(kind=Component.Kind.BOOKLET)
        .values_list("programme_id")
        .annotate(n=Count("pk"))
        .values_list("programme_id", "n")
    )
    achievements = achievements_of_places(places)
    booklets = booklet_counts_for(ids)
    engagement = engagement_by_place(places, today=today)
    rows = []
    for place in places:
        a = achievements.get(place.pk)
        declaration = getattr(place, "declaration", None)
        waiting = []
        if declaration is not None and declaration.status in (Declaration.Status.SENT, Declaration.Status.REJECTED):
            waiting.append({"what": "Sign the declaration", "url": declaration_link(declaration)})
        booklet = booklets.get(place.pk)
        if booklet and booklet["total"] and booklet["confirmed"] == booklet["total"] and not booklet["signed"]:
            waiting.append({"what": "Sign off the performance booklet", "booklet": True})
        rows.append(
            {
                "enrolment": place,
                "attendance": a.attendance_percent if a else 0,
                "minimum": place.cohort.programme.minimum_attendance_percent,
                "engagement": engagement.get(place.pk),
                "handed_in": len(handed_in.get(place.pk, ())),
                "passed": sum(1 for c in a.components if c.passed) if a else 0,
                "components": components.get(place.cohort.programme_id, 0) + (1 if booklet and booklet["total"] else 0),
                "coverage": len(set(a.outcomes) & set(a.evidenced)) if a else 0,
                "outcomes": len(a.outcomes) if a else 0,
                "deadline": place.statutory_deadline,
                "status": place.deadline_status(today),
                "booklet": booklet,
                "waiting": waiting,
                "decision": decide_award(a) if a else None,
            }
        )
    return rows
