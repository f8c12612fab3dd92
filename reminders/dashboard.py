"""The notifications panel: the reminders the emails carried, on the dashboard too."""

from cohorts.selectors import is_provider_admin
from nasenco.dashboard import panel

from .selectors import GIVEN_UP_SHOWN_DAYS, emails_given_up, has_unread, unread_notifications


@panel(
    key="notifications",
    title="Reminders for you",
    template="reminders/panels/notifications.html",
    applies=has_unread,
    order=1,
)
def notifications_panel(request):
    latest, unread = unread_notifications(request.user)
    return {"latest": latest, "unread": unread}


@panel(
    key="emails-given-up",
    title="Emails that could not be delivered",
    template="reminders/panels/given_up.html",
    applies=lambda user: is_provider_admin(user) and emails_given_up(user) > 0,
    order=0,
)
def given_up_panel(request):
    return {"count": emails_given_up(request.user), "days": GIVEN_UP_SHOWN_DAYS}
