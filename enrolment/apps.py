from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "enrolment"
    verbose_name = "Enrolment"

    def ready(self) -> None:
        from cohorts import roster

        from . import selectors
        from .services.statutory import statutory_refresh_cohorts

        roster.provide(
            participants=selectors.participants_of,
            cohort_ids_of=selectors.cohort_ids_of,
            cohorts_changed=statutory_refresh_cohorts,
        )
