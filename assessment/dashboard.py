"""The participant's "how you are assessed" panel."""

from enrolment.selectors import current_enrolment, is_participant
from nasenco.dashboard import panel
from schools.selectors import schools_headed_by

from .selectors import components_for_cohort


def _has_scheme(user) -> bool:
    return is_participant(user)


@panel(
    key="assessment",
    title="How you are assessed",
    template="assessment/panels/participant.html",
    applies=_has_scheme,
    order=6,
)
def participant_panel(request):
    enrolment = current_enrolment(request.user)
    return {"components": components_for_cohort(enrolment.cohort) if enrolment else []}


def _heads_a_school(user) -> bool:
    return user.is_authenticated and bool(schools_headed_by(user.email))


@panel(
    key="head",
    title="Your staff (as headteacher)",
    template="assessment/panels/head.html",
    applies=_heads_a_school,
    order=9,
)
def head_panel(request):
    return {}
