from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

from . import logs, redaction


class NasencoConfig(AppConfig):
    name = "nasenco"
    verbose_name = "NASENCO Portal"

    def ready(self) -> None:
        redaction.install()  # before anything logs a path that is a key
        logs.connect()  # request ids follow requests into the tasks they queue
        # Each app contributes its dashboard panels and navigation items from its own module,
        # so the project package never imports the apps that sit above it.
        autodiscover_modules("dashboard", "navigation")
