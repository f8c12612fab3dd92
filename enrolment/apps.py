from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "enrolment"
    verbose_name = "Enrolment"

    def ready(self) -> None:
        from cohorts import roster

        from . import selectors

        roster.provide(participants=selectors.participants_of, cohort_ids_of=selectors.cohort_ids_of)
