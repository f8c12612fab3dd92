from cohorts.actions import cohort_action
from enrolment.selectors import is_participant
from nasenco.navigation import nav_item

nav_item(label="My booklet", url_name="schools:my-booklet", applies=is_participant, order=27)
cohort_action(label="Mentors and booklets", url_name="schools:cohort-mentors", perm="schools.manage_mentors")
