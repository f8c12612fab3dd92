"""Named permission rules for the enrolment app. Views, navigation and templates only name the rule."""

import rules

from cohorts.rules import is_any_provider_admin

# The application pipeline, one application in full, the at-risk list and the cohort CSV. Each page then
# finds only the applications of the providers the user administers (outsiders get 404).
rules.add_perm("enrolment.manage_applications", is_any_provider_admin)
