from django import forms
from django.conf import settings
from django.db.models import Q

from cohorts.models import Cohort, Qualification

from . import rules
from .models import Declaration


def npq_cohorts(provider):
    """The lead provider's own NPQ cohorts taking people, and its delivery partners'."""
    return Cohort.objects.filter(
        Q(provider=provider) | Q(provider__lead_provider=provider),
        programme__qualification=Qualification.NPQSENCO,
        status__in=[Cohort.Status.OPEN, Cohort.Status.RUNNING],
    )


class ConnectionForm(forms.Form):
    base_url = forms.URLField(
        assume_scheme="https",
        label="DfE's address",
        help_text="Sandbox: https://sandbox.register-npq.education.gov.uk. Production: "
        "https://register-national-professional-qualifications.education.gov.uk.",
    )
    token = forms.CharField(
        label="Bearer token",
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="The token DfE sent you. Leave blank to keep the one stored. It is stored encrypted and never shown.",
    )
    delivery_partner_id = forms.UUIDField(
        label="DfE delivery-partner id", required=False, help_text="Sent with each declaration."
    )

    def clean_base_url(self):
        url = self.cleaned_data["base_url"]
        if settings.PRODUCTION and not url.startswith("https://"):  # the token never travels in the clear
            raise forms.ValidationError("DfE's address starts with https://.")
        return url


class AcceptForm(forms.Form):
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(), label="Cohort", required=False, help_text="Not needed once a place waits."
    )
    funded_place = forms.TypedChoiceField(
        label="Funded place",
        choices=[("", "Not asked (no funding cap)"), ("yes", "Yes: a funded place"), ("no", "No: not funded by DfE")],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(required=False, label="Email address", help_text="Only needed when DfE sent none.")

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = npq_cohorts(provider)


class HeadForm(forms.Form):
    cohort = forms.ModelChoiceField(queryset=Cohort.objects.none(), label="Cohort")
    head_name = forms.CharField(label="Headteacher's name", max_length=150)
    head_email = forms.EmailField(label="Headteacher's email address")
    email = forms.EmailField(
        required=False, label="Applicant's email address", help_text="Only needed when DfE sent none."
    )

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = npq_cohorts(provider)


class RejectForm(forms.Form):
    reason = forms.CharField(label="Why (kept in the activity log)", max_length=300)


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Change",
        choices=[("defer", "Defer"), ("resume", "Resume"), ("withdraw", "Withdraw"), ("schedule", "Change schedule")],
    )
    reason = forms.ChoiceField(
        label="DfE's reason (defer or withdraw)",
        required=False,
        choices=[("", "—")]
        + [(k, f"Defer: {v}") for k, v in rules.DEFER_REASONS.items()]
        + [(k, f"Withdraw: {v}") for k, v in rules.WITHDRAW_REASONS.items() if k != "other"],
    )
    schedule = forms.ChoiceField(label="New schedule", required=False, choices=[("", "—"), *rules.SCHEDULES.items()])


class DeclareForm(forms.Form):
    declaration_type = forms.ChoiceField(choices=Declaration.Type.choices, widget=forms.HiddenInput)
