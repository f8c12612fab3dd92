from cohorts.actions import cohort_action
from cohorts.selectors import is_provider_admin
from nasenco.navigation import nav_item

nav_item(label="Reminders", url_name="reminders:outbox", applies=is_provider_admin, order=40)
nav_item(label="Notifications", url_name="reminders:notifications", applies=lambda u: u.is_authenticated, order=90)
cohort_action(label="Messages", url_name="reminders:cohort-messages", perm="reminders.message_cohort")
