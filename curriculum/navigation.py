from cohorts.actions import cohort_action
from cohorts.selectors import is_provider_admin
from nasenco.navigation import nav_item, provide_link

nav_item(label="Curriculum", url_name="curriculum:home", applies=is_provider_admin, order=16)
cohort_action(label="Framework coverage", url_name="curriculum:coverage", perm="curriculum.view_coverage")
cohort_action(label="Engagement", url_name="curriculum:engagement", perm="curriculum.view_engagement")
provide_link("self_study", "curriculum:mine")
