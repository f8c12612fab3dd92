"""The portal's side of a DfE application: the person (matched by TRN, then email; never a second account),
their profile filled from what they told DfE, and their place; and the place kept in step with DfE's
training status."""

from django.contrib.auth import get_user_model

from cohorts.models import Cohort
from enrolment import services as enrolment_services
from enrolment.choices import Role
from enrolment.models import Enrolment, ParticipantProfile
from nasenco.accounts.services import account_for, welcome_send

from ..models import Application, Change


class NoAddress(Exception):
    pass


def person_for(application: Application):
    """The account this applicant already has (by TRN, then email), or None."""
    if application.person_id:
        return application.person
    User = get_user_model()
    if application.trn:
        profile = ParticipantProfile.objects.filter(trn=application.trn).select_related("user").first()
        if profile is not None:
            return profile.user
    if application.email:
        return User.objects.filter(email__iexact=application.email).first()
    return None


def dfe_facts(application: Application, profile: ParticipantProfile | None) -> dict:
    """What the teacher told DfE, for the statutory answer: ``senco_start_date`` is the appointment date; a
    teacher who does not yet work as SENCO is an aspiring SENCO. Only blanks are filled: the teacher's own
    answers to us always win."""
    facts = {}
    if application.trn and not (profile and profile.trn):
        facts["trn"] = application.trn
    if application.works_as_senco is not None and not (profile and profile.role):
        facts["role"] = Role.DESIGNATED if application.works_as_senco else Role.ASPIRING
    if application.senco_start_date and not (profile and profile.appointed_senco_on):
        facts["appointed_senco_on"] = application.senco_start_date
    return facts


def place_make(
    application: Application,
    *,
    cohort: Cohort,
    email: str,
    by,
    status: str = Enrolment.Status.ACCEPTED,
    head: tuple[str, str] | None = None,
) -> Enrolment:
    """The person and their place on ``cohort``: accepted (capacity checked, as every place is), or waiting
    for the headteacher's declaration (``head``: their name and address) when the provider asks for it."""
    user = person_for(application)
    if user is None:
        address = application.email or email
        if not address:
            raise NoAddress("DfE sent no email address for this applicant: enter one so they can sign in.")
        user, created = account_for(email=address, full_name=application.full_name)
        if created:
            welcome_send(user=user, role="a participant", organisation=cohort.provider.name)
    profile = ParticipantProfile.objects.filter(user=user).select_related("school").first()
    school = None
    if application.school_urn.isdigit() and len(application.school_urn) == 6 and not (profile and profile.school_id):
        school = {
            "name": application.school_name or f"School with URN {application.school_urn}",
            "urn": application.school_urn,
        }
    enrolment_services.profile_save(user=user, school=school, **dfe_facts(application, profile))
    enrolment = enrolment_services.enrolment_place(
        cohort=cohort,
        participant=user,
        status=status,
        by=by,
        reason=f"{'Accepted' if status == Enrolment.Status.ACCEPTED else 'Applied'} through DfE "
        f"(application {application.dfe_id}).",
        source=Enrolment.Source.DFE,
    )
    if head is not None:
        enrolment.headteacher_name, enrolment.headteacher_email = head
        enrolment.save(update_fields=["headteacher_name", "headteacher_email", "updated"])
    application.person, application.enrolment = user, enrolment
    application.save(update_fields=["person", "enrolment", "updated"])
    return enrolment


TRAINING_TO_PLACE = {
    Application.Training.DEFERRED: Enrolment.Status.DEFERRED,
    Application.Training.WITHDRAWN: Enrolment.Status.WITHDRAWN,
    Application.Training.ACTIVE: Enrolment.Status.ACTIVE,
}


def training_apply(application: Application, enrolment_data: dict | None = None, *, by=None) -> None:
    """Move the place to match DfE's training status; say so on the application when it cannot."""
    place = application.enrolment
    target = TRAINING_TO_PLACE.get(application.training_status)
    if place is None or target is None or place.status == target:
        return
    if target == Enrolment.Status.ACTIVE and place.status in (Enrolment.Status.ACCEPTED, Enrolment.Status.COMPLETED):
        return  # active at DfE: accepted or studying here are both in step
    reason = f"DfE's training status is now {application.get_training_status_display().lower()}."
    if enrolment_data and (enrolment_data.get("withdrawal") or enrolment_data.get("deferral")):
        detail = enrolment_data.get("withdrawal") or enrolment_data.get("deferral")
        reason += f" Reason: {detail.get('reason')}."
    try:
        enrolment_services.enrolment_transition(enrolment=place, to=target, by=by, reason=reason)
    except enrolment_services.TransitionRefused as refusal:
        Change.objects.create(application=application, summary=f"{reason} The place could not follow: {refusal}"[:400])
