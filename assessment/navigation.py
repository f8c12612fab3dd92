from cohorts.actions import cohort_action
from enrolment.selectors import is_participant
from nasenco.navigation import nav_item, provide_link

cohort_action(label="Assessment scheme", url_name="assessment:cohort-scheme")
cohort_action(label="Marking", url_name="assessment:queue")
cohort_action(label="Awards", url_name="assessment:awards", perm="assessment.confirm_award")

nav_item(label="My assessment", url_name="assessment:mine", applies=is_participant, order=26)

provide_link("verify_certificate", "assessment:verify")
