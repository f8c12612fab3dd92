from cohorts.actions import cohort_action
from cohorts.calendar import provide_dates
from cohorts.selectors import is_examiner, is_provider_staff
from enrolment.selectors import is_participant
from nasenco.navigation import nav_item, provide_link

from .calendar_dates import cohort_due_dates, marking_dates, personal_due_dates

cohort_action(label="Assessment scheme", url_name="assessment:cohort-scheme")
cohort_action(label="Marking", url_name="assessment:queue")
cohort_action(label="Awards", url_name="assessment:awards", perm="assessment.confirm_award")

nav_item(label="My assessment", url_name="assessment:mine", applies=is_participant, order=26)

provide_link("verify_certificate", "assessment:verify")
cohort_action(label="Examiners' reports", url_name="assessment:examiner-reports", perm="assessment.exam_board")
nav_item(label="Examining", url_name="assessment:examiner", applies=is_examiner, order=30)
provide_link("head_view", "assessment:head")
provide_link("head_booklet", "assessment:head-booklet")
nav_item(label="My work", url_name="assessment:my-work", applies=is_provider_staff, order=5)
provide_dates(personal=personal_due_dates, cohort=cohort_due_dates)
provide_dates(personal=marking_dates)
