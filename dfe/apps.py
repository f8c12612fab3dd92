from django.apps import AppConfig


class DfeConfig(AppConfig):
    name = "dfe"
    verbose_name = "DfE Lead Provider API (NPQ)"
