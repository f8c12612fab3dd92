"""Named permission rules for schools. Objects: a place (enrolment) for the booklet and mentoring, a
programme for the booklet's structure."""

import rules

from cohorts.rules import is_admin_of_provider, is_tutor_of_cohort

from . import selectors


@rules.predicate
def is_participant_of(user, enrolment) -> bool:
    return enrolment is not None and user.is_authenticated and enrolment.participant_id == user.pk


@rules.predicate
def is_mentor_of(user, enrolment) -> bool:
    return selectors.is_mentor_of(user, enrolment)


@rules.predicate
def runs_cohort_of(user, enrolment) -> bool:
    return enrolment is not None and is_admin_of_provider.test(user, enrolment.cohort)


@rules.predicate
def teaches_cohort_of(user, enrolment) -> bool:
    return enrolment is not None and is_tutor_of_cohort.test(user, enrolment.cohort)


rules.add_perm("schools.record_booklet", is_participant_of)
rules.add_perm("schools.view_place", is_participant_of | is_mentor_of | runs_cohort_of | teaches_cohort_of)
rules.add_perm("schools.add_note", is_mentor_of)
rules.add_perm("schools.name_mentor", is_participant_of | runs_cohort_of)
rules.add_perm("schools.manage_mentors", is_admin_of_provider)  # object: a cohort
rules.add_perm("schools.change_booklet", is_admin_of_provider)  # object: a programme
