from django import forms

from .schedule import OPTIONAL


class PreferencesForm(forms.Form):
    """One checkbox per optional reminder; the required ones are listed on the page but are not choices."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        for rule, wanted in choices:
            self.fields[rule.code] = forms.BooleanField(
                label=rule.label, help_text=rule.audience, required=False, initial=wanted
            )

    def wanted(self) -> set[str]:
        return {rule.code for rule in OPTIONAL if self.cleaned_data.get(rule.code)}


class TemplateForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), max_length=5000)
