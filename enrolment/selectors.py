from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import Enrolment


def enrolments_of(user) -> QuerySet[Enrolment]:
    if not user.is_authenticated:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(participant=user).select_related("cohort__provider", "cohort__programme")


def is_participant(user) -> bool:
    """Anyone with an application or a place; remembered on the user for the request."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_nasenco_is_participant", None)
    if cached is None:
        cached = user._nasenco_is_participant = Enrolment.objects.filter(participant=user).exists()
    return cached


def current_enrolment(user) -> Enrolment | None:
    """The place the participant is studying on now (the newest, if more than one); one query a request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_nasenco_current_enrolment"):
        user._nasenco_current_enrolment = (
            enrolments_of(user).filter(status__in=Enrolment.ON_PROGRAMME).order_by("-created").first()
        )
    return user._nasenco_current_enrolment


def participants_of(cohort_ids) -> QuerySet:
    """People holding a place (accepted, active or completed) on any of ``cohort_ids``."""
    return (
        get_user_model()
        .objects.filter(enrolments__cohort_id__in=list(cohort_ids), enrolments__status__in=Enrolment.ON_PROGRAMME)
        .distinct()
    )


def cohort_ids_of(user) -> QuerySet:
    return (
        Enrolment.objects.filter(participant=user, status__in=Enrolment.ON_PROGRAMME)
        .order_by()
        .values_list("cohort_id", flat=True)
    )


def enrolments_administered_by(user) -> QuerySet[Enrolment]:
    """Applications and places in the cohorts of the providers ``user`` administers; nothing else."""
    from cohorts.selectors import administered_provider_ids

    return (
        Enrolment.objects.filter(cohort__provider_id__in=administered_provider_ids(user))
        .exclude(status=Enrolment.Status.DRAFT)  # a draft is the teacher's own until they submit it
        .select_related("participant__profile__school", "cohort__provider", "cohort__programme", "declaration")
    )


def get_enrolment_for(user, pk) -> Enrolment:
    from nasenco.access import object_or_404

    return object_or_404(enrolments_administered_by(user), pk=pk)


def with_deadlines(enrolments, *, today) -> list[dict]:
    """Each enrolment with its statutory deadline and red/amber/green status.

    The status also weighs when the cohort's assessment ends: the last teaching day plus the programme's
    submission window.
    """
    from django.db.models import Max

    from .deadline import STATUS_LABELS, deadline_status, statutory_deadline

    rows = []
    for enrolment in enrolments.annotate(last_day=Max("cohort__days__date")):
        profile = getattr(enrolment.participant, "profile", None)
        deadline = statutory_deadline(
            appointed_on=profile.appointed_senco_on if profile else None,
            months_previously_senco=profile.months_previously_senco if profile else 0,
            qualification=enrolment.cohort.programme.qualification,
        )
        window = enrolment.cohort.programme.submission_window_months
        ends = _add_months(enrolment.last_day, window) if enrolment.last_day and window else enrolment.last_day
        status = deadline_status(deadline, today=today, assessment_ends=ends)
        rows.append(
            {
                "enrolment": enrolment,
                "profile": profile,
                "deadline": deadline,
                "status": status,
                "status_label": STATUS_LABELS[status],
                "assessment_ends": ends,
                "days_left": (deadline.date - today).days if deadline.required else None,
            }
        )
    return rows


def _add_months(day, months: int):
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def live_places(enrolments):
    """Applications and places still in play (not withdrawn, completed, ineligible or moved on)."""
    return enrolments.exclude(
        status__in=[
            Enrolment.Status.WITHDRAWN,
            Enrolment.Status.COMPLETED,
            Enrolment.Status.INELIGIBLE,
            Enrolment.Status.TRANSFERRED,
        ]
    )


def assessment_ends(cohort_ids) -> dict:
    """{cohort id: when its assessment ends}: the last teaching day plus the programme's submission window."""
    from django.db.models import Max

    from cohorts.models import Cohort

    rows = (
        Cohort.objects.filter(pk__in=list(cohort_ids))
        .annotate(last_day=Max("days__date"))
        .values_list("pk", "last_day", "programme__submission_window_months")
    )
    return {pk: _add_months(last, window) if last and window else last for pk, last, window in rows if last}


def at_risk(enrolments, *, today, red_only: bool = False):
    """The places whose deadline is red (or red or amber), as one query on the stored deadline.

    Mirrors deadline_status: red within 90 days or before the cohort's assessment ends; amber within a
    year or less than 60 days after the assessment ends.
    """
    import datetime as dt

    from django.db.models import Q

    places = live_places(enrolments).filter(statutory_deadline__isnull=False)
    ends = assessment_ends(places.values_list("cohort_id", flat=True).distinct().order_by())
    horizon, margin = (90, 0) if red_only else (365, 60)
    condition = Q(statutory_deadline__lt=today + dt.timedelta(days=horizon))
    for cohort_id, end in ends.items():
        condition |= Q(cohort_id=cohort_id, statutory_deadline__lt=end + dt.timedelta(days=margin))
    return places.filter(condition).order_by("statutory_deadline", "pk")
