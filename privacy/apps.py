from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Personal-data rights across every app: what is held and why, the subject-access export, erasure and
    the retention sweep. It sits above every other app because it reads them all."""

    name = "privacy"
    verbose_name = "Personal data"
