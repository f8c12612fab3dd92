"""Named permission rules for assessment, built from the shared predicates of ``cohorts.rules``.

Objects: a cohort for the cohort-wide actions (release, allocation, awards, the exam board, the scheme), a
submission for marking and moderation. Views, navigation and templates only name the rule.
"""

import rules

from cohorts.rules import is_admin_of_provider, is_tutor_of_cohort
from cohorts.selectors import is_examiner


@rules.predicate
def is_allocated_marker(user, submission) -> bool:
    return submission is not None and user.is_authenticated and submission.marker_id == user.pk


@rules.predicate
def teaches_or_runs_cohort_of(user, submission) -> bool:
    if submission is None:
        return False
    cohort = submission.enrolment.cohort
    return is_admin_of_provider.test(user, cohort) or is_tutor_of_cohort.test(user, cohort)


rules.add_perm("assessment.view_queue", is_admin_of_provider | is_tutor_of_cohort)
rules.add_perm("assessment.mark", is_allocated_marker)
rules.add_perm("assessment.moderate", teaches_or_runs_cohort_of & ~is_allocated_marker)
rules.add_perm("assessment.allocate", is_admin_of_provider)
rules.add_perm("assessment.decide_extension", is_admin_of_provider)
rules.add_perm("assessment.draw_sample", is_admin_of_provider)
rules.add_perm("assessment.release", is_admin_of_provider)
rules.add_perm("assessment.confirm_award", is_admin_of_provider)
rules.add_perm("assessment.exam_board", is_admin_of_provider)
rules.add_perm("assessment.change_scheme", is_admin_of_provider)
rules.add_perm("assessment.import_marks", is_admin_of_provider)
rules.add_perm("assessment.examine", rules.predicate(is_examiner))
rules.add_perm("assessment.set_windows", is_admin_of_provider)
