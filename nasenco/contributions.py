"""What each app contributes to a portal-wide command, found by module name in INSTALLED_APPS order."""

import importlib

from django.apps import apps


def seeders(module_name: str) -> list:
    """The ``seed`` function of every installed app's ``<app>.<module_name>``, lower layers first (so an app
    can use what the apps beneath it made). Apps without the module, or whose module has no ``seed`` (the
    shared state in ``nasenco.demo`` and ``nasenco.scale`` also seeds nothing itself), are skipped."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.{module_name}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        if callable(getattr(module, "seed", None)):
            found.append(module.seed)
    return found
