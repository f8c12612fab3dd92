"""Named permission rules for personal data. Views only name the rule."""

import rules

from cohorts.rules import is_any_provider_admin

# A provider admin exports or erases the data of a person whose places are all with their providers.
rules.add_perm("privacy.manage_personal_data", is_any_provider_admin)
