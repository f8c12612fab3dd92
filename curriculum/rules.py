"""Named permission rules for the curriculum, built from the shared predicates of ``cohorts.rules``.

Objects: a framework or a plan's programme for setting up (the provider's admins); a cohort for its coverage
report (its staff and its external examiners: what an inspector asks to see) and its engagement (its staff).
"""

import rules

from cohorts.rules import is_admin_of_provider, is_any_provider_admin, is_tutor_of_cohort
from cohorts.selectors import cohorts_examined_by


@rules.predicate
def examines_cohort(user, cohort) -> bool:
    return cohort is not None and cohorts_examined_by(user).filter(pk=cohort.pk).exists()


rules.add_perm("curriculum.set_up", is_any_provider_admin)
rules.add_perm("curriculum.change_framework", is_admin_of_provider)
rules.add_perm("curriculum.view_coverage", is_admin_of_provider | is_tutor_of_cohort | examines_cohort)
rules.add_perm("curriculum.view_engagement", is_admin_of_provider | is_tutor_of_cohort)
rules.add_perm("curriculum.record_completion", is_admin_of_provider | is_tutor_of_cohort)
