"""A teacher's application: their profile, a draft, and submitting it for the eligibility decision.

A draft keeps whatever the teacher has filled in; completeness is checked when they submit."""

from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort

from ..models import Enrolment, ParticipantProfile, School, SencoSpell
from .declarations import declaration_issue
from .events import event_record
from .statutory import statutory_refresh, statutory_refresh_for
from .transitions import TransitionRefused, enrolment_transition

PROFILE_FIELDS = [
    "trn",
    "qualified_status",
    "qualified_on",
    "induction",
    "induction_exemption",
    "set_member",
    "role",
    "school_supports",
    "appointed_senco_on",
]


@transaction.atomic
def profile_save(*, user, school: dict | None, spells=None, **fields) -> ParticipantProfile:
    """Save the teacher's profile with what they have answered so far, then recompute the statutory answer
    of every place they hold. The school is found by URN when given, else recorded as entered.
    ``spells`` (earlier periods as SENCO: dicts of started_on, ended_on, setting) replace the stored ones
    when given."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not profile fields: {', '.join(sorted(unknown))}")
    found = None
    if school and school.get("name"):
        urn = school.get("urn") or ""
        found = School.objects.filter(urn=urn).first() if urn else None
        if found is None:
            found = School(**school)
            found.full_clean()
            found.save()
        elif school.get("setting") and found.setting != school["setting"]:
            found.setting = school["setting"]
            found.save(update_fields=["setting"])
    profile, _ = ParticipantProfile.objects.get_or_create(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    if school is not None:
        profile.school = found
    profile.full_clean()
    profile.save()
    if spells is not None:
        profile.spells.all().delete()
        for spell in spells:
            row = SencoSpell(profile=profile, **spell)
            row.full_clean()
            row.save()
    statutory_refresh_for(user=user)
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
        statutory_refresh(Enrolment.objects.filter(pk=enrolment.pk))
        event_record(
            enrolment,
            by=participant,
            reason="Application started.",
            from_status="",
            to_status=Enrolment.Status.DRAFT,
            action="enrolment.applied",
        )
    if enrolment.status not in (Enrolment.Status.DRAFT, Enrolment.Status.INELIGIBLE):
        raise TransitionRefused("This application has been submitted; it can no longer be changed here.")
    enrolment.headteacher_name, enrolment.headteacher_email = headteacher_name, headteacher_email
    enrolment.save(update_fields=["headteacher_name", "headteacher_email", "updated"])
    return enrolment


def still_needed(enrolment: Enrolment, profile: ParticipantProfile | None) -> list[str]:
    """What the application lacks before it can be submitted, in the teacher's words."""
    needed = list(enrolment.missing)
    if profile is None or profile.school_id is None:
        needed.append("your school or setting")
    if not (enrolment.headteacher_name and enrolment.headteacher_email):
        needed.append("your headteacher's name and email address")
    return needed


@transaction.atomic
def application_submit(*, enrolment: Enrolment, by) -> Enrolment:
    """Submit; the portal decides eligibility at once and, if eligible, asks the headteacher to declare."""
    if enrolment.cohort.status != Cohort.Status.OPEN:
        raise TransitionRefused(f"{enrolment.cohort.name} is no longer taking applications. Choose another cohort.")
    statutory_refresh(Enrolment.objects.filter(pk=enrolment.pk))
    enrolment.refresh_from_db()
    profile = ParticipantProfile.objects.filter(user=enrolment.participant).first()
    needed = still_needed(enrolment, profile)
    if needed:
        raise TransitionRefused("Before you submit, we need to know: " + "; ".join(needed) + ".")
    enrolment = enrolment_transition(
        enrolment=enrolment, to=Enrolment.Status.SUBMITTED, by=by, reason="Submitted by the applicant."
    )
    enrolment.submitted_at = timezone.now()
    enrolment.save(update_fields=["submitted_at", "updated"])
    summary = " ".join(reason["text"] for reason in enrolment.reasons)
    if not enrolment.eligible:
        return enrolment_transition(enrolment=enrolment, to=Enrolment.Status.INELIGIBLE, reason=summary)
    enrolment = enrolment_transition(enrolment=enrolment, to=Enrolment.Status.ELIGIBLE, reason=summary)
    declaration_issue(enrolment=enrolment, by=by)
    return enrolment_transition(
        enrolment=enrolment,
        to=Enrolment.Status.AWAITING_DECLARATION,
        reason=f"Declaration requested from {enrolment.headteacher_name}.",
    )
