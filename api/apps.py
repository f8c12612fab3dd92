from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Records API and webhooks"

    def ready(self):
        from . import receivers  # noqa: F401 - the events a registry acts on become webhook deliveries
