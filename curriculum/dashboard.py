"""The participant's engagement on their dashboard, where their programme measures it."""

from enrolment.selectors import current_enrolment, is_participant
from nasenco.dashboard import panel

from .selectors import engagement_for, plan_of


def _has_plan(user) -> bool:
    if not is_participant(user):
        return False
    place = current_enrolment(user)
    return place is not None and plan_of(place.cohort.programme) is not None


@panel(
    key="engagement", title="Your engagement", template="curriculum/panels/engagement.html", applies=_has_plan, order=6
)
def engagement_panel(request):
    return {"engagement": engagement_for(current_enrolment(request.user))}
