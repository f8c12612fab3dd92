from cohorts.calendar import provide_dates
from cohorts.selectors import is_examiner, is_provider_admin, is_provider_staff
from nasenco.navigation import nav_item, provide_link

from .calendar_dates import statutory_dates
from .selectors import is_participant

nav_item(label="My programme", url_name="enrolment:my-programme", applies=is_participant, order=20)

nav_item(label="Applications", url_name="enrolment:pipeline", applies=is_provider_admin, order=13)
nav_item(
    label="Apply",
    url_name="enrolment:apply",
    applies=lambda user: (
        user.is_authenticated and not is_provider_staff(user) and not is_examiner(user) and not is_participant(user)
    ),
    order=21,
)

provide_link("after_sign_up", "enrolment:apply")
provide_link("declaration_clauses", "enrolment:declaration-clauses")
provide_link("eligibility", "enrolment:eligibility")
provide_link("participant_timetable", "enrolment:my-programme")
provide_dates(personal=statutory_dates)
