from cohorts.actions import cohort_action
from enrolment.selectors import is_participant
from nasenco.navigation import nav_item

nav_item(label="My portfolio", url_name="portfolio:mine", applies=is_participant, order=25)

cohort_action(label="Portfolio coverage", url_name="portfolio:cohort-coverage")
