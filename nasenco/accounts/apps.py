from django.apps import AppConfig

# "This field is required." says what is wrong, not what to do. The error summary puts the field's label
# before it ("Email address: Fill this in to continue."); forms with their own wording keep theirs.
REQUIRED = "Fill this in to continue."


class AccountsConfig(AppConfig):
    name = "nasenco.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # The first app's ready(): before the admin (or anything else) imports a module that declares a form.
        from django import forms

        forms.Field.default_error_messages = {**forms.Field.default_error_messages, "required": REQUIRED}
