"""SAML 2.0 sign-in against pysaml2's identity provider (tests/idp/saml_idp.py): a signed answer to the portal's
own request signs invited staff in; a replayed, tampered or unsolicited answer is refused."""

import base64
import html
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from nasenco.accounts.sign_in import IDP_MFA_SESSION_KEY
from sso import services
from sso.models import Connection, Identity
from tests.idp.saml_idp import SamlIdentityProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def idp(client, cast, tmp_path):
    sp_metadata = client.get(f"/sso/saml/{cast.provider_a.pk}/metadata/").content.decode()
    found = SamlIdentityProvider(base_url="http://127.0.0.1:9", sp_metadata=sp_metadata, keys=tmp_path)
    services.connection_save(
        provider=cast.provider_a,
        protocol=Connection.Protocol.SAML,
        idp_metadata=found.metadata,
        trust_idp_mfa=True,
        required=False,
        by=cast.admin_a,
    )
    return found


def _request(client, cast) -> str:
    response = client.get(f"/sso/start/{cast.provider_a.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("http://127.0.0.1:9/sso/redirect?")
    return parse_qs(urlsplit(response["Location"]).query)["SAMLRequest"][0]


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_invited_staff_sign_in_and_mfa_is_honoured(client, cast, idp):
    acs, answer = idp.answer(_request(client, cast), email=cast.tutor_a1.email, mfa=True)
    assert acs == f"http://testserver/sso/saml/{cast.provider_a.pk}/acs/"
    response = Client().post(urlsplit(acs).path, {"SAMLResponse": answer})  # cross-site: no session cookie
    assert response.status_code == 302 and response["Location"] == "/"
    assert Identity.objects.get().subject == f"opaque-{cast.tutor_a1.email.encode().hex()}"
    signed_in = Client()
    signed_in.cookies = response.cookies
    assert signed_in.session.get(IDP_MFA_SESSION_KEY) is True

    replayed = Client().post(urlsplit(acs).path, {"SAMLResponse": answer}, follow=True)
    assert "could not be checked, or had expired" in _text(replayed)  # a request is answered once


def test_without_mfa_the_portal_asks_for_its_own_code(client, cast, idp):
    _, answer = idp.answer(_request(client, cast), email=cast.tutor_a1.email, mfa=False)
    response = Client().post(f"/sso/saml/{cast.provider_a.pk}/acs/", {"SAMLResponse": answer})
    assert response.status_code == 302
    signed_in = Client()
    signed_in.cookies = response.cookies
    assert not signed_in.session.get(IDP_MFA_SESSION_KEY)


def test_a_tampered_or_unsolicited_answer_is_refused(client, cast, idp):
    _, answer = idp.answer(_request(client, cast), email=cast.tutor_a1.email, mfa=True)
    xml = base64.b64decode(answer).decode()
    forged = base64.b64encode(xml.replace(cast.tutor_a1.email, cast.admin_a.email).encode()).decode()
    refused = Client().post(f"/sso/saml/{cast.provider_a.pk}/acs/", {"SAMLResponse": forged}, follow=True)
    assert "could not be checked" in _text(refused) and not Identity.objects.exists()

    other = Client()  # an answer to a request this portal never sent
    request = _request(other, cast)
    from django.core.cache import cache

    cache.clear()
    _, unsolicited = idp.answer(request, email=cast.tutor_a1.email, mfa=True)
    refused = Client().post(f"/sso/saml/{cast.provider_a.pk}/acs/", {"SAMLResponse": unsolicited}, follow=True)
    assert "could not be checked" in _text(refused) and not Identity.objects.exists()


def test_an_uninvited_account_is_told_whom_to_ask(client, cast, idp):
    _, answer = idp.answer(_request(client, cast), email="stranger@uni.example", mfa=True)
    response = Client().post(f"/sso/saml/{cast.provider_a.pk}/acs/", {"SAMLResponse": answer})
    assert response.status_code == 403 and "Ask your provider's admin to invite you" in _text(response)


def test_an_asserted_mfa_is_not_honoured_unless_the_provider_trusts_it(client, cast, idp):
    Connection.objects.update(trust_idp_mfa=False)
    _, answer = idp.answer(_request(client, cast), email=cast.tutor_a1.email, mfa=True)
    response = Client().post(f"/sso/saml/{cast.provider_a.pk}/acs/", {"SAMLResponse": answer})
    assert response.status_code == 302
    signed_in = Client()
    signed_in.cookies = response.cookies
    assert not signed_in.session.get(IDP_MFA_SESSION_KEY)  # the portal's own code is asked, as for a password
