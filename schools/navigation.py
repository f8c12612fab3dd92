from cohorts.actions import cohort_action
from enrolment.selectors import is_participant
from nasenco.accounts.two_factor import provide_staff_check
from nasenco.navigation import nav_item

from .selectors import is_mentor

nav_item(label="My booklet", url_name="schools:my-booklet", applies=is_participant, order=27)
cohort_action(label="Mentors and booklets", url_name="schools:cohort-mentors", perm="schools.manage_mentors")

# A school-based mentor reads a teacher's portfolio, booklet and notes: a second factor too (REQUIRE_STAFF_2FA).
provide_staff_check(
    is_mentor,
    why="As a school-based mentor you can read a teacher's portfolio, booklet and notes, which are their personal data",
)
