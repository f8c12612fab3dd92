from nasenco.navigation import nav_item

from .selectors import is_provider_staff

nav_item(label="Cohorts", url_name="cohorts:cohort-list", applies=is_provider_staff, order=10)
