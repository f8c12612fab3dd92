from django import forms

from . import saml
from .models import Connection


class ConnectionForm(forms.ModelForm):
    issuer = forms.URLField(
        label="Issuer",
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text=Connection._meta.get_field("issuer").help_text,
    )
    client_secret = forms.CharField(
        label="Client secret",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text="Kept encrypted; leave empty to keep the one stored.",
    )

    class Meta:
        model = Connection
        fields = ["protocol", "issuer", "client_id", "idp_metadata", "trust_idp_mfa", "required"]
        widgets = {"protocol": forms.RadioSelect, "idp_metadata": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(
            ["protocol", "issuer", "client_id", "client_secret", "idp_metadata", "trust_idp_mfa", "required"]
        )

    def clean(self):
        data = super().clean()
        if data.get("protocol") == Connection.Protocol.SAML:
            if not data.get("idp_metadata"):
                self.add_error("idp_metadata", "Paste your identity provider's metadata (XML).")
            else:
                problem = saml.metadata_problem(data["idp_metadata"])
                if problem:
                    self.add_error("idp_metadata", problem)
            return data
        for name, message in (
            ("issuer", "Enter your identity provider's issuer URL."),
            ("client_id", "Enter the client id your identity provider gave the portal."),
        ):
            if not data.get(name):
                self.add_error(name, message)
        if not self.instance.client_secret_sealed and not data.get("client_secret"):
            self.add_error("client_secret", "Enter the client secret your identity provider gave you.")
        return data
