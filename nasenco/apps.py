from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NasencoConfig(AppConfig):
    name = "nasenco"
    verbose_name = "NASENCO Portal"

    def ready(self) -> None:
        # Each app contributes its dashboard panels and navigation items from its own module,
        # so the project package never imports the apps that sit above it.
        autodiscover_modules("dashboard", "navigation")
