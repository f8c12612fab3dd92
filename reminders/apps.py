from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Reminders: the daily sweep over every date that matters, preferences, templates, notifications.

    The top layer: it reads enrolment, cohorts, portfolio and assessment; none of them imports it.
    """

    name = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        from . import receivers  # noqa: F401 - connects the in-app notifications other apps signal
