"""The SAML 2.0 service provider, through pysaml2 (the XML signature, audience, destination, InResponseTo
and validity checks are its work, with Debian's xmlsec1), one configuration per provider's connection.

The portal's own metadata (its entity id and assertion consumer service) is served for the identity provider
to load. Requests the portal sent are remembered in the cache for ten minutes: the identity provider answers
with a cross-site POST, which carries no session cookie (SameSite=Lax), so InResponseTo is checked there."""

import base64
import shutil

from defusedxml import ElementTree
from django.core.cache import cache
from django.urls import reverse
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string

from .models import Connection

OUTSTANDING_SECONDS = 600
EMAIL_ATTRIBUTES = ("mail", "email", "emailAddress", "urn:oid:0.9.2342.19200300.100.1.3")


def _config(base_url: str, provider_pk: int, idp_metadata: str = "") -> SPConfig:
    config = SPConfig()
    config.load(
        {
            "entityid": base_url + reverse("sso:saml-metadata", args=[provider_pk]),
            "xmlsec_binary": shutil.which("xmlsec1"),
            "metadata": {"inline": [idp_metadata]} if idp_metadata else {},
            "allow_unknown_attributes": True,
            "service": {
                "sp": {
                    "name": "NASENCO Portal",
                    "endpoints": {
                        "assertion_consumer_service": [
                            (base_url + reverse("sso:saml-acs", args=[provider_pk]), BINDING_HTTP_POST)
                        ]
                    },
                    "allow_unsolicited": False,
                    "authn_requests_signed": False,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                }
            },
        }
    )
    return config


def metadata_problem(idp_metadata: str) -> str:
    """What is wrong with pasted identity provider metadata ("" when it names a single sign-on service)."""
    try:
        config = _config("https://portal.invalid", 0, idp_metadata)
        services = list(config.metadata.identity_providers())
    except Exception:
        return "That is not SAML metadata: paste the whole XML document your identity provider publishes."
    if len(services) != 1:
        return "The metadata must describe exactly one identity provider."
    return ""


def metadata(base_url: str, provider_pk: int) -> str:
    return create_metadata_string(None, config=_config(base_url, provider_pk)).decode()


def start(base_url: str, connection: Connection) -> str:
    """The identity provider's sign-in URL for a new request, remembered for the answer."""
    try:
        client = Saml2Client(config=_config(base_url, connection.provider_id, connection.idp_metadata))
        idp = next(iter(client.metadata.identity_providers()))
        request_id, info = client.prepare_for_authenticate(entityid=idp, binding=BINDING_HTTP_REDIRECT)
    except Exception as error:  # pysaml2's many kinds: the stored metadata cannot make a request
        raise ValueError(type(error).__name__) from error
    cache.set(f"sso-saml:{request_id}", connection.provider_id, OUTSTANDING_SECONDS)
    return dict(info["headers"])["Location"]


def _in_response_to(saml_response: str) -> str:
    """The request an answer says it answers (read without trusting it: pysaml2 then checks everything)."""
    return ElementTree.fromstring(base64.b64decode(saml_response)).get("InResponseTo", "")


def claims_of(base_url: str, connection: Connection, saml_response: str) -> dict:
    """The verified assertion as OpenID-style claims (sub, email, acr); raises ValueError when it is not one
    the portal asked for, or its signature, audience or times do not check out."""
    client = Saml2Client(config=_config(base_url, connection.provider_id, connection.idp_metadata))
    try:
        request_id = _in_response_to(saml_response)
        asked = cache.get(f"sso-saml:{request_id}") == connection.provider_id
        outstanding = {request_id: "/"} if request_id and asked else {}
        answer = client.parse_authn_request_response(saml_response, BINDING_HTTP_POST, outstanding=outstanding)
    except Exception as error:  # pysaml2 raises many kinds; each means "not a valid answer to our request"
        raise ValueError(type(error).__name__) from error
    if answer is None:
        raise ValueError("no answer")
    cache.delete(f"sso-saml:{answer.in_response_to}")  # one use
    identity = answer.get_identity()
    email = next((values[0] for name in EMAIL_ATTRIBUTES if (values := identity.get(name))), "")
    contexts = [info[0] for info in answer.authn_info()]
    return {
        "sub": answer.name_id.text if answer.name_id is not None else "",
        "email": email,
        "email_verified": bool(email),  # asserted and signed by the institution's identity provider
        "acr": contexts[0] if contexts else "",
    }
