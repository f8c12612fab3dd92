from cohorts.selectors import is_provider_staff
from nasenco.navigation import nav_item

nav_item(label="Search", url_name="search:search", applies=is_provider_staff, order=16)
