from nasenco.accounts.two_factor import provide_staff_check
from nasenco.navigation import nav_item

from .selectors import is_provider_admin, is_provider_staff

nav_item(label="Cohorts", url_name="cohorts:cohort-list", applies=is_provider_staff, order=10)
nav_item(label="Programmes", url_name="cohorts:programme-list", applies=is_provider_admin, order=11)
nav_item(label="Venues", url_name="cohorts:venue-list", applies=is_provider_admin, order=12)
nav_item(label="Settings", url_name="cohorts:provider-settings", applies=is_provider_admin, order=15)
nav_item(label="Staff", url_name="cohorts:staff", applies=is_provider_admin, order=14)
nav_item(label="Activity", url_name="cohorts:activity", applies=is_provider_admin, order=45)

# Provider admins must use a second factor when REQUIRE_STAFF_2FA is on.
provide_staff_check(is_provider_admin)
