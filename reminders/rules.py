"""Named permission rules for reminders. Views only name the rule; each page then finds only the
providers the user administers."""

import rules

from cohorts.rules import is_admin_of_provider, is_any_provider_admin, is_tutor_of_cohort

rules.add_perm("reminders.view_outbox", is_any_provider_admin)
rules.add_perm("reminders.retry_email", is_any_provider_admin)
rules.add_perm("reminders.edit_templates", is_any_provider_admin)
rules.add_perm("reminders.message_cohort", is_admin_of_provider | is_tutor_of_cohort)
