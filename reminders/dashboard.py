"""The notifications panel: the reminders the emails carried, on the dashboard too."""

from nasenco.dashboard import panel

from .selectors import has_unread, unread_notifications


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
