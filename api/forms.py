import datetime as dt
import ipaddress
from urllib.parse import urlsplit

from django import forms
from django.utils import timezone

from .models import Endpoint, Scope
from .services import LONGEST_TOKEN_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, label="What uses it", help_text='e.g. "SITS nightly sync". Shown in the activity log.'
    )
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        label="What it may do",
        error_messages={"required": "Choose at least one thing the token may do."},
    )
    expires_on = forms.DateField(
        label="Expires on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=f"Within {LONGEST_TOKEN_DAYS // 30} months. Make a new token before then.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + dt.timedelta(days=180)


class EndpointForm(forms.Form):
    url = forms.URLField(
        max_length=500,
        label="Address",
        assume_scheme="https",
        help_text="Where your system receives webhooks. It must use HTTPS.",
    )
    events = forms.MultipleChoiceField(
        choices=Endpoint.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Events to send",
        error_messages={"required": "Choose at least one event to send."},
    )

    def __init__(self, *args, production: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.production = production

    def clean_url(self):
        """In production only a public HTTPS address: a provider's admin cannot aim the portal's requests at
        the portal's own network (loopback, private or link-local addresses)."""
        url = self.cleaned_data["url"]
        if not self.production:
            return url
        if not url.startswith("https://"):
            raise forms.ValidationError("Use an https:// address: webhooks carry your records.")
        host = (urlsplit(url).hostname or "").lower()
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            internal = host == "localhost" or host.endswith((".localhost", ".local", ".internal"))
        else:
            internal = not address.is_global
        if internal:
            raise forms.ValidationError("Use a public address: this one is inside a private network.")
        return url
