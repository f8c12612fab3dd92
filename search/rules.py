"""Named permission rules for search."""

import rules

from cohorts.selectors import is_provider_staff

rules.add_perm("search.search", rules.predicate(is_provider_staff))
