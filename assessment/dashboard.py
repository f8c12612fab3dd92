"""Dashboard panels: the participant's "how you are assessed"; staff's "My work" counts; a school-based
mentor's work to mark; a headteacher's way to their staff."""

from django.utils import timezone

from cohorts.selectors import is_provider_staff
from enrolment.selectors import current_enrolment, is_participant
from nasenco.dashboard import panel
from schools.selectors import schools_headed_by

from .models import Submission
from .selectors import components_for_cohort
from .work import my_work


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


def _to_mark(user):
    return Submission.objects.filter(
        marker=user, status__in=(Submission.Status.NOT_MARKED, Submission.Status.IN_MARKING)
    ).select_related("component", "enrolment__participant", "enrolment__cohort")


def _has_work_to_mark(user) -> bool:
    """School-based mentors with work allocated (staff see it in "My work")."""
    return user.is_authenticated and not is_provider_staff(user) and _to_mark(user).exists()


@panel(
    key="to-mark",
    title="Work for you to mark",
    template="assessment/panels/to_mark.html",
    applies=_has_work_to_mark,
    order=7,
)
def to_mark_panel(request):
    work = list(_to_mark(request.user).order_by("allocated_on", "pk")[:20])
    return {"work": work, "more": max(_to_mark(request.user).count() - len(work), 0) if len(work) == 20 else 0}


@panel(key="my-work", title="My work", template="assessment/panels/my_work.html", applies=is_provider_staff, order=3)
def my_work_panel(request):
    return {"kinds": my_work(request.user, today=timezone.localdate(), items=False)}
