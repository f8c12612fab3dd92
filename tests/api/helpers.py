"""Tokens and records for the API's tests, made through the real services."""

import datetime as dt

from django.utils import timezone

from api import services
from api.models import Scope
from assessment import services as assessment
from assessment.models import Award, Submission
from cohorts.models import Attendance
from tests import factories

ALL = list(Scope.values)


def token(provider, scopes=None, *, name="SITS sync", by=None) -> str:
    """A token's text for ``provider`` (every scope unless ``scopes``)."""
    expires = timezone.localdate() + dt.timedelta(days=90)
    return services.token_create(provider=provider, name=name, scopes=scopes or ALL, expires_on=expires, by=by)[1]


def bearer(text: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}


def records(cohort, *, places: int = 1) -> dict:
    """``places`` places on ``cohort``, each with attendance on Day 1, a released mark and an award."""
    component = assessment.component_create(
        programme=cohort.programme, title=f"Assignment {cohort.pk}", kind="level7", credits=30
    )
    criteria = list(component.criteria.all())
    day = cohort.days.order_by("number").first()
    made = []
    for _ in range(places):
        place = factories.EnrolmentFactory(cohort=cohort)
        Attendance.objects.create(day=day, participant=place.participant, status=Attendance.Status.PRESENT)
        work = factories.hand_in(place, component)
        Submission.objects.filter(pk=work.pk).update(
            status=Submission.Status.RELEASED,
            released_at=timezone.now(),
            final_mark=65,
            passed=True,
            criterion_marks={str(c.pk): 65 for c in criteria},
        )
        Award.objects.create(
            enrolment=place,
            certificate_number=f"NASENCO-{place.pk:06d}",
            holder_name=place.participant.full_name,
            scope="full",
            completed_on=timezone.localdate(),
            in_time=True,
        )
        made.append(place)
    return {"places": made, "component": component, "day": day}
