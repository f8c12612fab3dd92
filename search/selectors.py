"""One search box for staff: people, their applications and places, and certificates, by name, email, TRN,
school or certificate number, within what the searcher may see (a provider admin: their providers' places;
a tutor: the places in cohorts they teach).

On PostgreSQL the matching columns carry trigram indexes (migration 0001), so a contains-match stays fast
at national size; SQLite (the embedded default) runs the same filter without them."""

from django.db.models import Q, QuerySet

from assessment.models import Award
from cohorts.selectors import cohorts_visible_to
from enrolment.models import Enrolment

LIMIT = 25
MIN_LENGTH = 2


def places_searchable_by(user) -> QuerySet[Enrolment]:
    """Places in the cohorts ``user`` runs or teaches (one indexed UNION, see cohorts_visible_to)."""
    return Enrolment.objects.filter(cohort_id__in=cohorts_visible_to(user).values("pk")).exclude(
        status=Enrolment.Status.DRAFT
    )


def search(user, text: str) -> dict:
    """{"places": [...], "certificates": [...]} matching ``text``; at most LIMIT of each, best first."""
    text = " ".join(text.split())[:100]
    if len(text) < MIN_LENGTH:
        return {"places": [], "certificates": []}
    visible = places_searchable_by(user)
    match = (
        Q(participant__full_name__icontains=text)
        | Q(participant__email__icontains=text)
        | Q(participant__profile__trn__icontains=text)
        | Q(participant__profile__school__name__icontains=text)
        | Q(participant__profile__school__urn=text)
    )
    places = (
        visible.filter(match)
        .select_related("participant__profile__school", "cohort__provider")
        .order_by("participant__full_name", "-cohort__academic_year", "pk")[:LIMIT]
    )
    certificates = (
        Award.objects.filter(enrolment__in=visible)
        .filter(Q(certificate_number__icontains=text) | Q(holder_name__icontains=text))
        .select_related("enrolment__cohort__provider", "enrolment__participant")
        .order_by("-completed_on", "pk")[:LIMIT]
    )
    return {"places": list(places), "certificates": list(certificates)}
