"""Named permission rules for reminders. Views only name the rule."""

import rules

from cohorts.rules import is_any_provider_admin

rules.add_perm("reminders.view_outbox", is_any_provider_admin)
