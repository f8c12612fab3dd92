"""The schools services' cases for tests/test_activity_log.py: one call per service that takes ``by``."""

import datetime as dt

from django.utils import timezone

from schools import services as schools
from schools.models import Mentorship

from .helpers import make_booklet, record_all


def _place(cast):
    return cast.participant_a1.enrolments.get()


def _invited(cast):
    Mentorship.objects.filter(enrolment=_place(cast)).update(cancelled_at=timezone.now())
    return schools.mentor_invite(enrolment=_place(cast), email="new.mentor@school.example", name="Ann Lee", by=None)


def _free(cast):
    Mentorship.objects.filter(enrolment=_place(cast)).update(cancelled_at=timezone.now())
    return _place(cast)


SCHOOL_CALLS = {
    "schools.services.booklets.booklet_ink_set": (
        "admin_a",
        lambda c, by, comp: schools.booklet_ink_set(programme=c.cohort_a1.programme, required=True, by=by),
    ),
    "schools.services.booklets.booklet_section_add": (
        "admin_a",
        lambda c, by, comp: schools.booklet_section_add(programme=c.cohort_a1.programme, title="Tasks", by=by),
    ),
    "schools.services.booklets.booklet_item_add": (
        "admin_a",
        lambda c, by, comp: schools.booklet_item_add(
            section=make_booklet(c.cohort_a1.programme)[0].section,
            title="Lead a review",
            record="R",
            confirmer="mentor",
            by=by,
        ),
    ),
    "schools.services.booklets.booklet_item_remove": (
        "admin_a",
        lambda c, by, comp: schools.booklet_item_remove(item=make_booklet(c.cohort_a1.programme)[0], by=by),
    ),
    "schools.services.booklets.entry_record": (
        "participant",
        lambda c, by, comp: schools.entry_record(
            enrolment=_place(c), item=make_booklet(c.cohort_a1.programme)[0], text="Did it", by=by
        ),
    ),
    "schools.services.booklets.entry_confirm": (
        "mentor_a1",
        lambda c, by, comp: schools.entry_confirm(entry=record_all(c, make_booklet(c.cohort_a1.programme))[0], by=by),
    ),
    "schools.services.booklets.entry_ask_more": (
        "mentor_a1",
        lambda c, by, comp: schools.entry_ask_more(
            entry=record_all(c, make_booklet(c.cohort_a1.programme))[0], by=by, response="Add the minutes."
        ),
    ),
    "schools.services.mentors.mentor_invite": (
        "participant",
        lambda c, by, comp: schools.mentor_invite(enrolment=_free(c), email="m@school.example", name="Ann Lee", by=by),
    ),
    "schools.services.mentors.mentor_resend": (
        "admin_a",
        lambda c, by, comp: schools.mentor_resend(mentorship=_invited(c), by=by),
    ),
    "schools.services.mentors.mentor_end": (
        "participant",
        lambda c, by, comp: schools.mentor_end(mentorship=Mentorship.objects.get(enrolment=_place(c)), by=by),
    ),
    "schools.services.mentors.mentor_note_add": (
        "mentor_a1",
        lambda c, by, comp: schools.mentor_note_add(
            enrolment=_place(c),
            by=by,
            kind="meeting",
            happened_on=dt.date(2024, 1, 10),
            text="Agreed the enquiry question.",
            today=dt.date(2024, 2, 1),
        ),
    ),
}
