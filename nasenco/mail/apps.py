from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "nasenco.mail"
    label = "mail"
    verbose_name = "Email outbox"
