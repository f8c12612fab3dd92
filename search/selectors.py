"""One search box for staff: people, their applications and places, and certificates, by name, email, TRN,
school or certificate number, within what the searcher may see (a provider admin: their providers' places;
a tutor: the places in cohorts they teach).

Names are compared folded (nasenco/folding.py: no accents, case or punctuation), so "Zoe OBrien" finds
"Zoë O'Brien"; certificate numbers without their dashes. Each detail is matched in its own table and the
places picked by person (``participant_id IN …`` per detail), so on PostgreSQL every match is answered from
its trigram index (search migrations 0001 and 0002) rather than by an OR across joined tables. When nothing
contains the text, PostgreSQL looks again for names a small typo away ("Zoe OBrian"), closest first; SQLite
(the embedded default) matches the folded text exactly."""

from django.contrib.auth import get_user_model
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace, Upper

from assessment.models import Award
from cohorts.selectors import cohorts_visible_to
from enrolment.models import Enrolment, ParticipantProfile, School
from nasenco.folding import compact, fold

LIMIT = 25
MIN_LENGTH = 2


def places_searchable_by(user) -> QuerySet[Enrolment]:
    """Places in the cohorts ``user`` runs or teaches (one indexed UNION, see cohorts_visible_to)."""
    return Enrolment.objects.filter(cohort_id__in=cohorts_visible_to(user).values("pk")).exclude(
        status=Enrolment.Status.DRAFT
    )


def _people_matching(text: str, folded: str, code: str, *, fuzzy: bool = False) -> Q:
    """Places whose participant matches ``text`` by any detail, one indexed subquery per detail; ``fuzzy``:
    names a small typo away (PostgreSQL's trigram word similarity) rather than containing the text."""
    users = get_user_model().objects
    if fuzzy:
        return Q(participant_id__in=users.filter(TrigramWordSimilar(F("search_name"), Value(folded))).values("pk"))
    by_name = users.filter(search_name__contains=folded)
    schools = School.objects.filter(Q(search_name__contains=folded) | Q(urn=code))
    match = (
        Q(participant_id__in=by_name.values("pk"))
        | Q(participant_id__in=users.filter(email__icontains=text).values("pk"))
        | Q(participant_id__in=ParticipantProfile.objects.filter(school__in=schools).values("user_id"))
    )
    if code.isdigit():
        match |= Q(participant_id__in=ParticipantProfile.objects.filter(trn__contains=code).values("user_id"))
    return match


def search(user, text: str) -> dict:
    """{"places": [...], "certificates": [...]} matching ``text``; at most LIMIT of each, best first."""
    text = " ".join(text.split())[:100]
    folded, code = fold(text), compact(text)
    if len(code) < MIN_LENGTH:
        return {"places": [], "certificates": []}
    visible = places_searchable_by(user).select_related("participant__profile__school", "cohort__provider")
    order = ["participant__full_name", "-cohort__academic_year", "pk"]
    found = list(visible.filter(_people_matching(text, folded, code)).order_by(*order)[:LIMIT])
    if not found and connection.vendor == "postgresql" and len(folded) >= 3:
        # Nothing contains it: names a small typo away, closest first (only then: a common word like a
        # first name would otherwise rank every similar name in the country).
        found = list(
            visible.filter(_people_matching(text, folded, code, fuzzy=True))
            .annotate(closeness=TrigramWordSimilarity(Value(folded), "participant__search_name"))
            .order_by("-closeness", *order)[:LIMIT]
        )
    certificates = (
        Award.objects.filter(enrolment__in=visible)
        .annotate(number=Replace(Upper("certificate_number"), Value("-"), Value("")))
        .filter(Q(number__contains=code.upper()) | Q(enrolment__participant__search_name__contains=folded))
        .select_related("enrolment__cohort__provider", "enrolment__participant")
        .order_by("-completed_on", "pk")[:LIMIT]
    )
    return {"places": found, "certificates": list(certificates)}
