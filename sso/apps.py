from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = "Single sign-on for staff"

    def ready(self):
        from nasenco.accounts.sign_in import provide_password_refusal, provide_sign_in_options

        from . import selectors

        provide_sign_in_options(selectors.sign_in_options)
        provide_password_refusal(selectors.password_refusal)
