from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    """Assessment schemes, marking, moderation, release, awards and certificates (the assessment issue)."""

    name = "assessment"
    verbose_name = "Assessment"
