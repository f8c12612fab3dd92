"""A teacher's application: their profile, a draft, and submitting it for the eligibility decision."""

from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort

from ..eligibility import Facts, decide
from ..models import Enrolment, EnrolmentEvent, ParticipantProfile, School
from .deadlines import deadlines_refresh
from .declarations import declaration_issue
from .transitions import TransitionRefused, enrolment_transition

PROFILE_FIELDS = [
    "trn",
    "qualified_status",
    "qualified_on",
    "induction_completed",
    "role",
    "school_supports",
    "appointed_senco_on",
    "months_previously_senco",
]


@transaction.atomic
def profile_save(*, user, school: dict, **fields) -> ParticipantProfile:
    """Save the teacher's profile; the school is found by URN when given, else recorded as entered."""
    urn = school.get("urn") or ""
    found = School.objects.filter(urn=urn).first() if urn else None
    if found is None:
        found = School(**school)
        found.full_clean()
        found.save()
    profile, _ = ParticipantProfile.objects.get_or_create(user=user, defaults={**fields, "school": found})
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.school = found
    profile.full_clean()
    profile.save()
    deadlines_refresh(user=user)
    return profile


class NotOpen(Exception):
    pass


@transaction.atomic
def application_save(*, participant, cohort: Cohort, headteacher_name: str, headteacher_email: str) -> Enrolment:
    """Create or update the teacher's draft application to ``cohort``."""
    enrolment = Enrolment.objects.select_for_update().filter(participant=participant, cohort=cohort).first()
    if enrolment is None:
        if cohort.status != Cohort.Status.OPEN:
            raise NotOpen(f"{cohort.name} is not taking applications.")
        enrolment = Enrolment.objects.create(participant=participant, cohort=cohort, status=Enrolment.Status.DRAFT)
        deadlines_refresh(user=participant)
        EnrolmentEvent.objects.create(
            enrolment=enrolment,
            to_status=Enrolment.Status.DRAFT,
            by=participant,
            reason="Application started.",
        )
    if enrolment.status not in (Enrolment.Status.DRAFT, Enrolment.Status.INELIGIBLE):
        raise TransitionRefused("This application has been submitted; it can no longer be changed here.")
    enrolment.headteacher_name, enrolment.headteacher_email = headteacher_name, headteacher_email
    enrolment.save(update_fields=["headteacher_name", "headteacher_email", "updated"])
    return enrolment


def facts_for(profile: ParticipantProfile, cohort: Cohort, course_starts) -> Facts:
    return Facts(
        qualified_status=profile.qualified_status,
        qualified_on=profile.qualified_on,
        induction_completed=profile.induction_completed,
        role=profile.role,
        school_supports=profile.school_supports,
        early_years_setting=bool(profile.school and profile.school.is_early_years),
        qualification=cohort.programme.qualification,
        course_starts=course_starts,
    )


@transaction.atomic
def application_submit(*, enrolment: Enrolment, by) -> Enrolment:
    """Submit; the portal decides eligibility at once and, if eligible, asks the headteacher to declare."""
    profile = ParticipantProfile.objects.select_related("school").filter(user=enrolment.participant).first()
    if profile is None:
        raise TransitionRefused("Complete your profile before submitting.")
    if enrolment.cohort.status != Cohort.Status.OPEN:
        raise TransitionRefused(f"{enrolment.cohort.name} is no longer taking applications. Choose another cohort.")
    if not (enrolment.headteacher_name and enrolment.headteacher_email):
        raise TransitionRefused("Give your headteacher's name and email address before submitting.")
    enrolment = enrolment_transition(
        enrolment=enrolment, to=Enrolment.Status.SUBMITTED, by=by, reason="Submitted by the applicant."
    )
    cohort = enrolment.cohort
    starts = cohort.days.order_by("date").values_list("date", flat=True).first() or timezone.localdate()
    decision = decide(facts_for(profile, cohort, starts))
    enrolment.eligible, enrolment.award_scope = decision.eligible, decision.scope or ""
    enrolment.reasons = [{"text": r.text, "source": r.source} for r in decision.reasons]
    enrolment.submitted_at = timezone.now()
    enrolment.save(update_fields=["eligible", "award_scope", "reasons", "submitted_at", "updated"])
    summary = " ".join(r.text for r in decision.reasons)
    if not decision.eligible:
        return enrolment_transition(enrolment=enrolment, to=Enrolment.Status.INELIGIBLE, reason=summary)
    enrolment = enrolment_transition(enrolment=enrolment, to=Enrolment.Status.ELIGIBLE, reason=summary)
    declaration_issue(enrolment=enrolment)
    return enrolment_transition(
        enrolment=enrolment,
        to=Enrolment.Status.AWAITING_DECLARATION,
        reason=f"Declaration requested from {enrolment.headteacher_name}.",
    )
