"""Dashboard panels: the mentor's people; the participant's booklet."""

from enrolment.selectors import current_enrolment, is_participant
from nasenco.dashboard import panel

from .selectors import booklet_counts_for, current_mentorship, entries_to_confirm_by, has_booklet, is_mentor, mentees_of


@panel(key="mentor", title="People you mentor", template="schools/panels/mentor.html", applies=is_mentor, order=8)
def mentor_panel(request):
    places = list(mentees_of(request.user))
    counts = booklet_counts_for([p.pk for p in places])
    waiting = entries_to_confirm_by(request.user).count()
    return {"rows": [{"enrolment": p, "booklet": counts.get(p.pk)} for p in places], "waiting": waiting}


def _has_booklet(user) -> bool:
    if not is_participant(user):
        return False
    enrolment = current_enrolment(user)
    return enrolment is not None and has_booklet(enrolment.cohort.programme)


@panel(
    key="booklet",
    title="Your performance booklet",
    template="schools/panels/booklet.html",
    applies=_has_booklet,
    order=7,
)
def booklet_panel(request):
    enrolment = current_enrolment(request.user)
    return {
        "booklet": booklet_counts_for([enrolment.pk])[enrolment.pk],
        "mentorship": current_mentorship(enrolment),
    }
