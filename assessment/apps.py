from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    """Assessment schemes, marking, moderation, release, awards and certificates (the assessment issue)."""

    name = "assessment"
    verbose_name = "Assessment"

    def ready(self):
        from nasenco.warm import worker_started

        from .documents import warm_up

        worker_started.connect(warm_up, dispatch_uid="assessment.warm_up")
