"""Named permission rules for the cohorts app, combined with & and |. Views only name the rule."""

import rules

from . import selectors


@rules.predicate
def is_admin_of_provider(user, obj) -> bool:
    provider_id = getattr(obj, "provider_id", None)
    return provider_id is not None and provider_id in selectors.administered_provider_ids(user)


@rules.predicate
def is_tutor_of_cohort(user, cohort) -> bool:
    if cohort is None or not user.is_authenticated:
        return False
    return cohort.tutors.filter(pk=user.pk).exists()


@rules.predicate
def is_provider_staff(user) -> bool:
    return selectors.is_provider_staff(user)


@rules.predicate
def is_any_provider_admin(user) -> bool:
    return selectors.is_provider_admin(user)


rules.add_perm("cohorts.list_cohorts", is_provider_staff)
rules.add_perm("cohorts.create_cohort", is_any_provider_admin)
rules.add_perm("cohorts.view_cohort", is_admin_of_provider | is_tutor_of_cohort)
rules.add_perm("cohorts.take_register", is_admin_of_provider | is_tutor_of_cohort)
rules.add_perm("cohorts.change_cohort", is_admin_of_provider)
rules.add_perm("cohorts.view_activity", is_any_provider_admin)
rules.add_perm("cohorts.manage_staff", is_any_provider_admin)
