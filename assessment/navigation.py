from cohorts.actions import cohort_action

cohort_action(label="Assessment scheme", url_name="assessment:cohort-scheme")
