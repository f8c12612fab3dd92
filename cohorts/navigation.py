from nasenco.accounts.two_factor import provide_staff_check, second_factor_was_reset
from nasenco.navigation import nav_item

from .selectors import is_provider_admin, is_provider_staff, staff_roles

nav_item(label="Cohorts", url_name="cohorts:cohort-list", applies=is_provider_staff, order=10)
nav_item(label="Programmes", url_name="cohorts:programme-list", applies=is_provider_admin, order=11)
nav_item(label="Venues", url_name="cohorts:venue-list", applies=is_provider_admin, order=12)
nav_item(label="Settings", url_name="cohorts:provider-settings", applies=is_provider_admin, order=15)
nav_item(label="Staff", url_name="cohorts:staff", applies=is_provider_admin, order=14)
nav_item(label="Activity", url_name="cohorts:activity", applies=is_provider_admin, order=45)

# Everyone on a provider's staff (admins, tutors, external examiners) sees other people's personal data, so
# must use a second factor when REQUIRE_STAFF_2FA is on.
provide_staff_check(
    lambda user: bool(staff_roles(user)),
    why="Your role in the portal holds other people's personal data (participants' details, work and marks)",
)


def _log_second_factor_reset(sender, *, user, by, **kwargs):
    """The operator reset someone's second factor: each provider they work for sees it in its activity log."""
    from .services.activity import activity_record

    for provider_id in sorted(staff_roles(user)):
        activity_record(
            provider_id=provider_id,
            by=by,
            action="staff.second_factor_reset",
            summary=f"Second factor reset by the platform operator for {user.email}",
            obj=user,
            label=user.full_name or user.email,
        )


second_factor_was_reset.connect(_log_second_factor_reset, dispatch_uid="cohorts-second-factor-reset")
