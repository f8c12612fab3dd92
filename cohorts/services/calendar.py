"""Private, revocable calendar addresses."""

import secrets

from ..models import CalendarFeed


def calendar_feed_for(user) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed


def calendar_feed_renew(user) -> CalendarFeed:
    """A new address; the old one stops working at once."""
    feed = calendar_feed_for(user)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token", "created"])
    return feed
