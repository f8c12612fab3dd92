"""Keeping each place's statutory answer (eligibility, scope, deadline and its status boundaries) in step
with the facts behind it. The rules are in ``enrolment.statute``; this module gathers the facts and stores
what the rules decided, so every page and list reads the same answer."""

import datetime as dt

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from cohorts.models import Cohort
from cohorts.selectors import session_dates
from nasenco.bulk import update_in_bulk
from nasenco.dates import add_months

from ..models import Enrolment, ParticipantProfile, SencoSpell
from ..statute import Answer, Course, Facts, Spell, Terms, answer, course_refusal

STORED = [
    "eligible",
    "award_scope",
    "reasons",
    "missing",
    "statutory_deadline",
    "deadline_required",
    "deadline_reasons",
    "deadline_close_from",
    "deadline_risk_from",
]


def facts_of(profile: ParticipantProfile | None, *, completed_on: dt.date | None = None) -> Facts:
    if profile is None:
        return Facts(completed_on=completed_on)
    return Facts(
        qualified_status=profile.qualified_status,
        qualified_on=profile.qualified_on,
        induction=profile.induction,
        induction_exemption=profile.induction_exemption,
        set_member=profile.set_member,
        role=profile.role,
        school_supports=profile.school_supports,
        setting=profile.school.setting if profile.school else "",
        appointed_on=profile.appointed_senco_on,
        earlier_spells=tuple(Spell(spell.started_on, spell.ended_on, spell.relevant) for spell in profile.spells.all()),
        completed_on=completed_on,
    )


def course_of(cohort: Cohort | None, *, first_day=None, last_day=None, today: dt.date) -> Course:
    """The course as the rules see it. With no cohort chosen, a course starting today (an NPQ for SENCOs,
    the only qualification a course starting now can lead to)."""
    if cohort is None:
        return Course(starts=today)
    programme = cohort.programme
    window = programme.submission_window_months
    return Course(
        qualification=programme.qualification,
        starts=first_day or today,
        assessment_ends=add_months(last_day, window) if last_day and window else last_day,
        terms=Terms(
            accepts_qtls=programme.accepts_qtls,
            accepts_eyts=programme.accepts_eyts,
            eyts_early_years_only=programme.eyts_early_years_only,
            aspiring_needs_support=programme.aspiring_needs_support,
            heads_need_teaching_status=programme.heads_need_teaching_status,
        ),
    )


def _store(enrolment: Enrolment, result: Answer) -> None:
    enrolment.eligible = result.eligible
    enrolment.award_scope = result.scope
    enrolment.reasons = [{"text": r.text, "source": r.source} for r in result.reasons]
    enrolment.missing = result.missing
    enrolment.statutory_deadline = result.deadline
    enrolment.deadline_required = result.required
    enrolment.deadline_reasons = [{"text": r.text, "source": r.source} for r in result.deadline_reasons]
    enrolment.deadline_close_from = result.close_from
    enrolment.deadline_risk_from = result.risk_from


def statutory_refresh(enrolments: QuerySet[Enrolment]) -> int:
    """Recompute and store the answer for each of ``enrolments``, in a fixed number of queries."""
    today = timezone.localdate()
    rows = list(
        enrolments.select_related("cohort__programme", "participant")
        .annotate(**session_dates("cohort_id"))
        .order_by("pk")
    )
    profiles = {
        profile.user_id: profile
        for profile in ParticipantProfile.objects.filter(user_id__in={row.participant_id for row in rows})
        .select_related("school")
        .prefetch_related(Prefetch("spells", queryset=SencoSpell.objects.order_by("started_on")))
    }
    changed = []
    for row in rows:
        before = [getattr(row, f) for f in STORED]
        facts = facts_of(profiles.get(row.participant_id), completed_on=row.completed_on)
        _store(row, answer(facts, course_of(row.cohort, first_day=row.first_day, last_day=row.last_day, today=today)))
        if [getattr(row, f) for f in STORED] != before:
            changed.append(row)
    # Only a changed answer is written, and it moves ``updated``: a registry syncing places with
    # ``updated_since`` (the API) sees each change once, and a nightly refresh that changes nothing writes nothing.
    now = timezone.now()
    fields = [*STORED, "updated"]
    update_in_bulk(
        Enrolment, [{"pk": row.pk, "updated": now, **{f: getattr(row, f) for f in STORED}} for row in changed], fields
    )
    return len(rows)


REFRESH_BATCH = 2000


def statutory_refresh_all(enrolments: QuerySet[Enrolment], *, batch: int = REFRESH_BATCH) -> int:
    """``statutory_refresh`` for any number of places, ``batch`` at a time (in primary-key order, each batch
    its own transaction): memory stays flat at national size, and a batch stored is kept if a later one fails."""
    ids = list(enrolments.order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            done += statutory_refresh(Enrolment.objects.filter(pk__in=ids[start : start + batch]))
    return done


def statutory_refresh_for(*, user) -> int:
    """After ``user``'s profile changed: every place and application they hold."""
    return statutory_refresh(Enrolment.objects.filter(participant=user))


def statutory_refresh_cohorts(cohort_ids) -> int:
    """After a cohort's dates or its programme's terms changed."""
    return statutory_refresh(Enrolment.objects.filter(cohort_id__in=list(cohort_ids)))


def place_refusal(cohort: Cohort) -> str:
    """Why no place can be made on ``cohort`` whoever the person is, or "": the one course rule every way of
    making a place asks (the form through the eligibility answer; imports and transfers here): a National
    Award course started on or after 1 September 2024, or an NPQ started before it, meets neither limb of
    SEND Regulations 2014 reg. 49(7)."""
    dated = Cohort.objects.filter(pk=cohort.pk).annotate(**session_dates()).select_related("programme").get()
    return course_refusal(course_of(dated, first_day=dated.first_day, last_day=dated.last_day,
                                    today=timezone.localdate()))  # fmt: skip
