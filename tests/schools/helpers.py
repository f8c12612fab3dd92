"""Builders for the schools tests: a booklet for a programme, a place with a school and a head."""

import datetime as dt

from django.utils import timezone

from schools import services
from schools.models import BookletItem, BookletSection
from tests import factories


def make_booklet(programme, *, items: int = 2) -> list[BookletItem]:
    section = BookletSection.objects.create(programme=programme, title="School-based tasks")
    return [
        BookletItem.objects.create(section=section, title=f"Task {n + 1}", record="What you did", order=n)
        for n in range(items)
    ]


def place_a1(cast, *, head_email="head@meadow.example"):
    """participant_a1's place, at a school, naming a headteacher."""
    place = cast.participant_a1.enrolments.get()
    factories.ProfileFactory(user=cast.participant_a1)
    place.headteacher_name, place.headteacher_email = "Ms Head", head_email
    place.save(update_fields=["headteacher_name", "headteacher_email"])
    return place


def record_all(cast, items):
    place = cast.participant_a1.enrolments.get()
    return [
        services.entry_record(enrolment=place, item=i, text=f"Did {i.title}", by=cast.participant_a1) for i in items
    ]


def confirm_all(cast, entries):
    for entry in entries:
        services.entry_confirm(entry=entry, by=cast.mentor_a1)


def head_of(place):
    return services.head_link_renew(school_id=place.participant.profile.school_id, email=place.headteacher_email)


def expire(head):
    head.expires_at = timezone.now() - dt.timedelta(seconds=1)
    head.save(update_fields=["expires_at"])
