"""Named permission rules for portfolios: a cohort's tutors and its provider's admins review them."""

import rules

from cohorts.rules import is_admin_of_provider, is_tutor_of_cohort

rules.add_perm("portfolio.review_cohort", is_admin_of_provider | is_tutor_of_cohort)
