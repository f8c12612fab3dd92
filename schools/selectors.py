"""Reads for schools: who mentors whom, a participant's booklet, and a headteacher's staff."""

from django.db.models import Count, Prefetch, Q, QuerySet

from cohorts.selectors import cohorts_visible_to
from enrolment.models import Enrolment
from nasenco.access import object_or_404

from .models import BookletEntry, BookletItem, BookletSection, BookletSignoff, HeadAccess, Mentorship


def current_mentorship(enrolment) -> Mentorship | None:
    """The place's current mentor (invited or accepted), if any."""
    return enrolment.mentorships.filter(cancelled_at__isnull=True).select_related("mentor").first()


def mentees_of(user) -> QuerySet[Enrolment]:
    """The places whose participant ``user`` mentors (accepted and current), on programme."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(
            mentorships__mentor=user,
            mentorships__accepted_at__isnull=False,
            mentorships__cancelled_at__isnull=True,
            status__in=Enrolment.ON_PROGRAMME,
        )
        .select_related("participant", "cohort__programme", "cohort__provider")
        .order_by("participant__full_name")
    )


def is_mentor(user) -> bool:
    return mentees_of(user).exists()


def is_mentor_of(user, enrolment) -> bool:
    return enrolment is not None and mentees_of(user).filter(pk=enrolment.pk).exists()


def enrolments_with_booklet_visible_to(user) -> QuerySet[Enrolment]:
    """Your own places; the places of people you mentor; and, for a cohort's staff, its places."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    mentored = mentees_of(user).values("pk")
    return Enrolment.objects.filter(
        Q(participant=user) | Q(pk__in=mentored) | Q(cohort__in=cohorts_visible_to(user).values("pk"))
    ).select_related("participant__profile__school", "cohort__programme", "cohort__provider")


def get_booklet_enrolment_for(user, pk) -> Enrolment:
    return object_or_404(enrolments_with_booklet_visible_to(user), pk=pk)


def structure_of(programme) -> list[BookletSection]:
    return list(programme.booklet_sections.prefetch_related("items"))


def has_booklet(programme) -> bool:
    return BookletItem.objects.filter(section__programme=programme).exists()


def booklet_of(enrolment) -> dict:
    """The booklet as it stands: sections, each item with the participant's entry, the counts, whether it is
    complete (every item confirmed) and the sign-off. Four queries whatever its size."""
    sections = list(
        BookletSection.objects.filter(programme_id=enrolment.cohort.programme_id).prefetch_related(
            Prefetch("items", queryset=BookletItem.objects.order_by("order", "pk"))
        )
    )
    entries = {
        e.item_id: e for e in BookletEntry.objects.filter(enrolment=enrolment).prefetch_related("evidence").order_by()
    }
    rows, counts = [], dict.fromkeys(("total", "confirmed", "waiting", "more", "empty"), 0)
    for section in sections:
        items = []
        for item in section.items.all():
            entry = entries.get(item.pk)
            items.append({"item": item, "entry": entry})
            counts["total"] += 1
            counts[entry.status if entry else "empty"] += 1
        rows.append({"section": section, "items": items})
    signoff = BookletSignoff.objects.filter(enrolment=enrolment).first()
    complete = counts["total"] > 0 and counts["confirmed"] == counts["total"]
    percent = round(100 * counts["confirmed"] / counts["total"]) if counts["total"] else 0
    return {"sections": rows, "counts": counts, "complete": complete, "signoff": signoff, "percent": percent}


def items_per_programme(programme_ids) -> dict[int, int]:
    """{programme id: how many booklet items it has}, in one query."""
    return dict(
        BookletItem.objects.filter(section__programme_id__in=programme_ids)
        .values_list("section__programme_id")
        .annotate(n=Count("pk"))
        .values_list("section__programme_id", "n")
    )


def booklet_counts_for(enrolment_ids) -> dict[int, dict]:
    """{enrolment id: {"confirmed": n, "total": n, "signed": bool}} in three queries, for lists."""
    enrolments = list(Enrolment.objects.filter(pk__in=enrolment_ids).values_list("pk", "cohort__programme_id"))
    totals = items_per_programme({programme_id for _, programme_id in enrolments})
    confirmed: dict[int, int] = {}
    for enrolment_id in BookletEntry.objects.filter(
        enrolment_id__in=enrolment_ids, status=BookletEntry.Status.CONFIRMED
    ).values_list("enrolment_id", flat=True):
        confirmed[enrolment_id] = confirmed.get(enrolment_id, 0) + 1
    signed = set(BookletSignoff.objects.filter(enrolment_id__in=enrolment_ids).values_list("enrolment_id", flat=True))
    return {
        pk: {"confirmed": confirmed.get(pk, 0), "total": totals.get(programme_id, 0), "signed": pk in signed}
        for pk, programme_id in enrolments
    }


def _entries_for(user) -> QuerySet[BookletEntry]:
    """Entries ``user`` may confirm: mentor-confirmed items of their mentees, tutor-confirmed items of the
    cohorts they teach or run. A UNION of the two, each read from its own side (the mentees' places, the
    cohorts' places) through the entries' (enrolment, item) index; an OR of the two would read every waiting
    entry in the country."""
    mentors = BookletEntry.objects.filter(
        enrolment_id__in=mentees_of(user).order_by().values("pk"), item__confirmer=BookletItem.Confirmer.MENTOR
    )
    tutors = BookletEntry.objects.filter(
        enrolment__cohort_id__in=cohorts_visible_to(user).order_by().values("pk"),
        item__confirmer=BookletItem.Confirmer.TUTOR,
    )
    return BookletEntry.objects.filter(pk__in=mentors.order_by().values("pk").union(tutors.order_by().values("pk")))


def entries_to_confirm_by(user) -> QuerySet[BookletEntry]:
    """Entries waiting for ``user`` (``_entries_for``)."""
    if not user.is_authenticated:
        return BookletEntry.objects.none()
    return (
        _entries_for(user).filter(status=BookletEntry.Status.WAITING).select_related("item", "enrolment__participant")
    )


def get_entry_to_confirm(user, pk) -> BookletEntry:
    """An entry ``user`` may confirm or send back; 404 for any other. Confirmed entries are included, so a
    second confirmation is told it is done rather than that the page is missing."""
    if not user.is_authenticated:
        return object_or_404(BookletEntry.objects.none(), pk=pk)
    return object_or_404(
        _entries_for(user).select_related("item", "enrolment__participant", "enrolment__cohort"), pk=pk
    )


def mentorships_of_cohort(cohort) -> dict[int, Mentorship]:
    """{enrolment id: current mentorship} for a cohort's places."""
    return {
        m.enrolment_id: m
        for m in Mentorship.objects.filter(enrolment__cohort=cohort, cancelled_at__isnull=True).select_related("mentor")
    }


def staff_of_head(head: HeadAccess) -> QuerySet[Enrolment]:
    """The head's own staff on a programme: their school's participants who named this head. Nothing else."""
    return (
        Enrolment.objects.filter(
            participant__profile__school_id=head.school_id,
            headteacher_email__iexact=head.email,
            status__in=(Enrolment.Status.AWAITING_DECLARATION, *Enrolment.ON_PROGRAMME),
        )
        .select_related("participant", "cohort__programme", "cohort__provider", "declaration")
        .order_by("participant__full_name")
    )


def schools_headed_by(email: str) -> list[tuple[int, str]]:
    """(school id, name) where ``email`` is the named head of a participant applying or on a programme."""
    if not email:
        return []
    return list(
        Enrolment.objects.filter(
            headteacher_email__iexact=email,
            participant__profile__school__isnull=False,
            status__in=(Enrolment.Status.AWAITING_DECLARATION, *Enrolment.ON_PROGRAMME),
        )
        .values_list("participant__profile__school_id", "participant__profile__school__name")
        .distinct()
        .order_by("participant__profile__school__name")
    )
