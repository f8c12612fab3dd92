from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    name = "curriculum"
    verbose_name = "Curriculum: frameworks, self-study and engagement"

    def ready(self):
        from . import dashboard, navigation, rules  # noqa: F401  (registers panels, links and permissions)
