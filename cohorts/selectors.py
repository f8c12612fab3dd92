"""Reads that decide visibility. Every staff page starts from one of these."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from nasenco.access import object_or_404, require_perm

from . import roster
from .models import (
    ActivityEntry,
    Attendance,
    CatchUp,
    Cohort,
    Invitation,
    Membership,
    Programme,
    Provider,
    TeachingDay,
    Venue,
)


def staff_roles(user) -> dict[int, frozenset[str]]:
    """{provider id: roles} for a signed-in user; one query, remembered on the user for the request."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_nasenco_staff_roles", None)
    if cached is None:
        roles: dict[int, set[str]] = {}
        today = timezone.localdate()
        current = Membership.objects.filter(user=user).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        # A lead provider's admins are admins of each of its delivery partners: one query, a UNION.
        partners = (
            Provider.objects.filter(
                lead_provider__memberships__user=user, lead_provider__memberships__role=Membership.Role.ADMIN
            )
            .annotate(role=Value(Membership.Role.ADMIN.value, output_field=CharField()))
            .order_by()
            .values_list("pk", "role")
        )
        for provider_id, role in current.order_by().values_list("provider_id", "role").union(partners, all=True):
            roles.setdefault(provider_id, set()).add(role)
        cached = {pk: frozenset(r) for pk, r in roles.items()}
        user._nasenco_staff_roles = cached
    return cached


def administered_provider_ids(user) -> set[int]:
    return {pk for pk, roles in staff_roles(user).items() if Membership.Role.ADMIN in roles}


def provider_choice(user, value: str) -> tuple[list[Provider], set[int]]:
    """For a list across the providers ``user`` runs (a lead provider and its delivery partners): the
    providers to choose from (none for someone who runs one) and the ids to show: the one chosen, or all.
    A value naming a provider they do not run is no filter."""
    ids = administered_provider_ids(user)
    providers = list(Provider.objects.filter(pk__in=ids).order_by("name")) if len(ids) > 1 else []
    chosen = {int(value)} & ids if value.isdigit() else set()
    return providers, chosen or ids


def is_provider_staff(user) -> bool:
    """An admin or a tutor somewhere (external examiners see only their own pages)."""
    staff = {Membership.Role.ADMIN, Membership.Role.TUTOR}
    return any(roles & staff for roles in staff_roles(user).values())


def is_examiner(user) -> bool:
    return any(Membership.Role.EXAMINER in roles for roles in staff_roles(user).values())


def cohorts_examined_by(user) -> QuerySet[Cohort]:
    """The cohorts an external examiner was named for, while their access lasts; nothing for anyone else."""
    if not is_examiner(user):
        return Cohort.objects.none()
    current = Membership.objects.filter(user=user, role=Membership.Role.EXAMINER).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate())
    )
    return Cohort.objects.filter(examiners__in=current).distinct().select_related("provider", "programme")


def is_provider_admin(user) -> bool:
    return bool(administered_provider_ids(user))


def is_tutor(user) -> bool:
    return any(Membership.Role.TUTOR in roles for roles in staff_roles(user).values())


def cohorts_visible_to(user) -> QuerySet[Cohort]:
    """Cohorts of the providers ``user`` administers, and cohorts ``user`` tutors. Nothing else."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    # One UNION of two indexed lookups: an OR of the provider and an EXISTS on the tutors would hide both
    # from the planner, which would then expect hundreds of cohorts and hash-join whole tables behind them.
    administered = Cohort.objects.filter(provider_id__in=administered_provider_ids(user)).order_by().values("pk")
    taught = Cohort.tutors.through.objects.filter(user_id=user.pk).order_by().values("cohort_id")
    return Cohort.objects.filter(pk__in=administered.union(taught)).select_related("provider", "programme")


def session_dates(cohort_ref="pk") -> dict:
    """Annotations for a cohort's first and last session and its number of sessions, each a subquery on
    the (cohort, date) index that reads only that cohort's sessions, and only for the rows fetched."""
    days = TeachingDay.objects.filter(cohort_id=OuterRef(cohort_ref)).order_by()
    return {
        "first_day": Subquery(days.order_by("date").values("date")[:1]),
        "last_day": Subquery(days.order_by("-date").values("date")[:1]),
        "day_count": Coalesce(Subquery(days.values("cohort_id").annotate(n=Count("pk")).values("n")), 0),
    }


def cohort_list_for(user) -> QuerySet[Cohort]:
    return cohorts_visible_to(user).annotate(**session_dates()).order_by("-academic_year", "name", "pk")


def get_cohort_for(user, pk, *, write: bool = False) -> Cohort:
    """404 to anyone outside the cohort's provider or tutor team; 403 to a tutor asking to change it."""
    cohort = object_or_404(cohorts_visible_to(user), pk=pk)
    require_perm(user, "cohorts.change_cohort" if write else "cohorts.view_cohort", cohort)
    return cohort


def cohorts_administered_by(user) -> QuerySet[Cohort]:
    """Cohorts of the providers ``user`` administers (not those they only tutor), newest year first."""
    return Cohort.objects.filter(provider_id__in=administered_provider_ids(user)).order_by("-academic_year", "name")


def get_provider_administered_by(user, pk) -> Provider:
    """A provider ``user`` administers; 404 for any other."""
    return object_or_404(Provider.objects.filter(pk__in=administered_provider_ids(user)), pk=pk)


def programmes_administered_by(user) -> QuerySet[Programme]:
    return Programme.objects.filter(provider_id__in=administered_provider_ids(user)).select_related("provider")


def get_programme_for(user, pk) -> Programme:
    """Only an admin of the programme's provider may create cohorts from it; anyone else gets 404."""
    return object_or_404(programmes_administered_by(user), pk=pk)


def get_day_for(user, cohort_pk, day_pk) -> TeachingDay:
    cohort = get_cohort_for(user, cohort_pk)
    return object_or_404(cohort.days.select_related("cohort__programme", "venue"), pk=day_pk)


def venues_administered_by(user) -> QuerySet[Venue]:
    return Venue.objects.filter(provider_id__in=administered_provider_ids(user)).select_related("provider")


def get_venue_for(user, pk) -> Venue:
    return object_or_404(venues_administered_by(user), pk=pk)


def venues_of(provider_id) -> QuerySet[Venue]:
    return Venue.objects.filter(provider_id=provider_id)


def usual_mode(programme) -> str:
    """How the programme's sessions usually run (the commonest mode of its teaching days; before it has any,
    at a venue where the provider has one), so a new timetable starts the way most of them are."""
    commonest = (
        TeachingDay.objects.filter(cohort__programme=programme, number__gt=0)
        .values("mode")
        .annotate(n=Count("pk"))
        .order_by("-n", "mode")
        .values_list("mode", flat=True)
        .first()
    )
    if commonest:
        return commonest
    has_venue = Venue.objects.filter(provider_id=programme.provider_id).exists()
    return TeachingDay.Mode.VENUE if has_venue else TeachingDay.Mode.VIRTUAL


def tutors_of(provider_id):
    return (
        get_user_model()
        .objects.filter(memberships__provider_id=provider_id, memberships__role=Membership.Role.TUTOR)
        .order_by("full_name")
    )


def timetable_of(cohort: Cohort) -> QuerySet[TeachingDay]:
    return cohort.days.select_related("venue").order_by("number")


def first_session_of(cohort: Cohort):
    """The date of the cohort's first session (orientation if it has one), or None."""
    return cohort.days.order_by("number").values_list("date", flat=True).first()


def tutor_bookings_on(dates, tutor_ids, *, exclude_cohort_id=None) -> dict:
    """{date: [{tutor, cohort, label, start_time, end_time}]} for the tutors' other sessions on ``dates``."""
    if not dates or not tutor_ids:
        return {}
    rows = (
        TeachingDay.objects.filter(date__in=set(dates), cohort__tutors__in=tutor_ids)
        .exclude(cohort_id=exclude_cohort_id)
        .values(
            "date",
            "number",
            "start_time",
            "end_time",
            "cohort__name",
            "cohort__tutors__full_name",
            "cohort__tutors__id",
        )
    )
    bookings: dict = {}
    for row in rows:
        if row["cohort__tutors__id"] not in tutor_ids:
            continue
        bookings.setdefault(row["date"], []).append(
            {
                "tutor": row["cohort__tutors__full_name"],
                "cohort": row["cohort__name"],
                "label": "Orientation" if row["number"] == 0 else f"Day {row['number']}",
                "start_time": row["start_time"],
                "end_time": row["end_time"],
            }
        )
    return bookings


def register_for(day: TeachingDay) -> list[dict]:
    """The register of one day: the cohort's participants, then visitors booked for catch-up."""
    marks = {pk: (status, note) for pk, status, note in day.attendance.values_list("participant_id", "status", "note")}
    rows = [
        {"participant": person, "status": marks.get(person.pk, ("", ""))[0], "note": marks.get(person.pk, ("", ""))[1]}
        | {"visitor_from": None}
        for person in roster.participants_of(day.cohort_id).order_by("full_name")
    ]
    for booking in day.catch_ups.select_related("participant", "home_cohort").order_by("participant__full_name"):
        rows.append(
            {
                "participant": booking.participant,
                "status": marks.get(booking.participant_id, ("", ""))[0],
                "note": marks.get(booking.participant_id, ("", ""))[1],
                "visitor_from": booking.home_cohort,
            }
        )
    return rows


def attendance_summary(cohort: Cohort, *, today=None) -> list[dict]:
    """Per participant: teaching days attended (here or by catch-up), authorised absences, percentage (of all
    the programme's days, as the award counts it), and how many days have been held so far."""
    today = today or timezone.localdate()
    dates = dict(cohort.days.filter(number__gt=0).order_by().values_list("number", "date"))
    numbers = set(dates)
    held = sum(1 for day in dates.values() if day <= today)
    present: dict[int, set[int]] = {}
    authorised: dict[int, set[int]] = {}
    home = Attendance.objects.filter(day__cohort=cohort).values_list("participant_id", "day__number", "status")
    caught_up = Attendance.objects.filter(
        day__catch_ups__home_cohort=cohort, day__catch_ups__participant=F("participant")
    ).values_list("participant_id", "day__number", "status")
    for participant_id, number, status in [*home, *caught_up]:
        if status in Attendance.ATTENDED:
            present.setdefault(participant_id, set()).add(number)
        elif status == Attendance.Status.AUTHORISED:
            authorised.setdefault(participant_id, set()).add(number)
    bookings: dict[int, list] = {}
    for booking in CatchUp.objects.filter(home_cohort=cohort).select_related("day__cohort"):
        bookings.setdefault(booking.participant_id, []).append(booking)
    minimum = cohort.programme.minimum_attendance_percent
    summary = []
    for person in roster.participants_of(cohort.pk).order_by("full_name"):
        attended = len(present.get(person.pk, set()) & numbers)
        percent = round(100 * attended / len(numbers)) if numbers else 0
        summary.append(
            {
                "participant": person,
                "attended": attended,
                "authorised": len((authorised.get(person.pk, set()) - present.get(person.pk, set())) & numbers),
                "total": len(numbers),
                "percent": percent,
                "below_minimum": percent < minimum,
                "held": held,  # none held yet: the page says "not started", not a red 0 %
                "catch_ups": bookings.get(person.pk, []),
            }
        )
    return summary


def attendance_percents(places) -> dict[tuple[int, int], int]:
    """{(participant id, cohort id): percentage of the cohort's teaching days attended, here or by catch-up}
    for (participant id, cohort id) pairs on any number of cohorts, in three queries: the same percentage
    ``attendance_summary`` gives (of all the programme's days, as the award counts it)."""
    places = set(places)
    cohort_ids = {cohort_id for _, cohort_id in places}
    people = {participant_id for participant_id, _ in places}
    numbers: dict[int, set[int]] = {}
    for cohort_id, number in TeachingDay.objects.filter(cohort_id__in=cohort_ids, number__gt=0).values_list(
        "cohort_id", "number"
    ):
        numbers.setdefault(cohort_id, set()).add(number)
    attended = Attendance.objects.filter(participant_id__in=people, status__in=Attendance.ATTENDED)
    home = attended.filter(day__cohort_id__in=cohort_ids).values_list("participant_id", "day__cohort_id", "day__number")
    caught_up = attended.filter(
        day__catch_ups__home_cohort_id__in=cohort_ids, day__catch_ups__participant=F("participant")
    ).values_list("participant_id", "day__catch_ups__home_cohort_id", "day__number")
    present: dict[tuple[int, int], set[int]] = {}
    for participant_id, cohort_id, number in [*home, *caught_up]:
        present.setdefault((participant_id, cohort_id), set()).add(number)
    return {
        (participant_id, cohort_id): (
            round(
                100
                * len(present.get((participant_id, cohort_id), set()) & numbers[cohort_id])
                / len(numbers[cohort_id])
            )
            if numbers.get(cohort_id)
            else 0
        )
        for participant_id, cohort_id in places
    }


def catch_up_options(cohort: Cohort) -> QuerySet[TeachingDay]:
    """Teaching days of other cohorts of the same programme, for booking a catch-up."""
    return (
        TeachingDay.objects.filter(cohort__programme_id=cohort.programme_id, number__gt=0)
        .exclude(cohort=cohort)
        .select_related("cohort", "venue")
        .order_by("number", "date")
    )


FEED_HISTORY = dt.timedelta(days=400)  # a calendar feed keeps a year of past sessions, then lets them go


def calendar_days_for(user, *, since: dt.date | None = None) -> QuerySet[TeachingDay]:
    """Every session in ``user``'s own calendar (from ``since``): cohorts they teach, hold a place on, or
    catch up with.

    Admins' calendars hold what they teach, not every cohort they run; each cohort has its own feed. The
    sessions are one UNION of three indexed lookups (no joins to OR across, no DISTINCT), so the feed reads
    this person's sessions only, however many the nation has.
    """
    taught = Cohort.tutors.through.objects.filter(user_id=user.pk).order_by().values("cohort_id")
    own = TeachingDay.objects.filter(cohort_id__in=roster.cohort_ids_of(user))
    theirs = TeachingDay.objects.filter(cohort_id__in=taught)
    caught_up = TeachingDay.objects.filter(catch_ups__participant_id=user.pk)
    if since:
        own, theirs, caught_up = (days.filter(date__gte=since) for days in (own, theirs, caught_up))
    ids = own.order_by().values("pk").union(theirs.order_by().values("pk"), caught_up.order_by().values("pk"))
    return (
        TeachingDay.objects.filter(pk__in=ids)
        .select_related("cohort__provider", "venue")
        .order_by("date", "start_time")
    )


def open_cohorts() -> QuerySet[Cohort]:
    """Cohorts taking applications, soonest first, with their first session's date."""
    return (
        Cohort.objects.filter(status=Cohort.Status.OPEN)
        .select_related("provider", "programme")
        .annotate(**session_dates())
        .order_by("first_day", "provider__name", "name")
    )


def providers_taking_applications() -> QuerySet[Provider]:
    """Providers with a cohort open for applications, by name: the public checker asks for one of these first,
    so it lists one provider's courses, not every open course in the country."""
    return Provider.objects.filter(
        pk__in=Cohort.objects.filter(status=Cohort.Status.OPEN).values("provider_id")
    ).order_by("name")


def activity_since(obj, *, by, action: str, since) -> bool:
    """Has ``by`` an entry of this kind about ``obj`` since then? (to record an autosave once in a while)."""
    return ActivityEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=obj.pk, by=by, action=action, at__gte=since
    ).exists()


def activity_for(
    user, *, provider=None, who: str = "", text: str = "", kind: str = "", obj: str = "", since=None, until=None
):
    """The activity log of the providers ``user`` administers, newest first, narrowed by the filters given:
    ``who`` and ``text`` match names and words, ``obj`` is "app.model:pk" (one object's history)."""
    entries = ActivityEntry.objects.filter(provider_id__in=administered_provider_ids(user))
    if provider:
        entries = entries.filter(provider=provider)
    if who:
        entries = entries.filter(by_name__icontains=who)
    if text:
        entries = entries.filter(Q(object_label__icontains=text) | Q(summary__icontains=text))
    if kind:
        entries = entries.filter(action__startswith=f"{kind}.")
    if obj:
        object_type, _, object_id = obj.partition(":")
        entries = entries.filter(object_type=object_type, object_id=int(object_id) if object_id.isdigit() else None)
    if since:
        entries = entries.filter(at__gte=_start_of(since))
    if until:
        entries = entries.filter(at__lt=_start_of(until + dt.timedelta(days=1)))
    return entries.select_related("provider").order_by("-at", "-pk")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def staff_administered_by(user) -> QuerySet[Membership]:
    """The staff of the providers ``user`` administers, with the cohorts each tutors (prefetched)."""
    return (
        Membership.objects.filter(provider_id__in=administered_provider_ids(user))
        .select_related("provider", "user")
        .prefetch_related(
            Prefetch(
                "user__tutored_cohorts",
                queryset=Cohort.objects.filter(provider_id__in=administered_provider_ids(user)).order_by("name"),
                to_attr="taught_here",
            ),
            "cohorts",
        )
        .order_by("provider__name", "user__full_name", "role")
    )


def get_membership_for(user, pk) -> Membership:
    return object_or_404(staff_administered_by(user), pk=pk)


def pending_invitations_of(user) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            provider_id__in=administered_provider_ids(user), accepted_at__isnull=True, cancelled_at__isnull=True
        )
        .select_related("provider", "invited_by")
        .order_by("-sent_at")
    )


def get_invitation_for(user, pk) -> Invitation:
    return object_or_404(pending_invitations_of(user), pk=pk)
