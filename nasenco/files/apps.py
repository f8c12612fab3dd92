from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "nasenco.files"
    label = "files"
    verbose_name = "Private files"
