from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nasenco.accounts"
    label = "accounts"
    verbose_name = "Accounts"
