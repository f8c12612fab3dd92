"""Demo reminders: the sweep run for each of the last 45 days, as beat would have, so the admins'
reminders page, people's notifications and the dashboards show real reminders."""

import datetime as dt

from django.utils import timezone

from .services import reminders_sweep


def seed(demo) -> None:
    today = timezone.localdate()
    for days_ago in range(45, -1, -1):
        reminders_sweep(today=today - dt.timedelta(days=days_ago))
