"""A SAML 2.0 identity provider for the single sign-on tests, on pysaml2's ``Server`` (as Shibboleth IdPs and
the UK Access Management Federation's members answer): it signs assertions with its own key (made here with
openssl), asserts ``mail``, a persistent opaque NameID and an AuthnContextClassRef, REFEDS MFA when the person
ticked "I used my authenticator app". As a WSGI app it shows a sign-in form, then POSTs the signed answer."""

import html
import os
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

MFA = "https://refeds.org/profile/mfa"
PASSWORD = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


def require_xmlsec1() -> None:
    """SAML signatures need Debian's xmlsec1: CI installs it (and fails without it); elsewhere the test skips."""
    if shutil.which("xmlsec1") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xmlsec1 is required in CI (apt-get install xmlsec1)")
        pytest.skip("xmlsec1 is not installed (apt-get install xmlsec1)")


class SamlIdentityProvider:
    def __init__(self, *, base_url: str, sp_metadata: str, keys: Path):
        require_xmlsec1()
        keys.mkdir(parents=True, exist_ok=True)
        key, cert = keys / "idp.key", keys / "idp.crt"
        subprocess.run(
            [
                shutil.which("openssl"),
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                str(key),
                "-out",
                str(cert),
                "-days",
                "2",
                "-subj",
                "/CN=Test University IdP",
            ],
            check=True,
            capture_output=True,
        )
        self.base_url = base_url
        config = IdPConfig()
        config.load(
            {
                "entityid": f"{base_url}/idp/metadata",
                "xmlsec_binary": shutil.which("xmlsec1"),
                "key_file": str(key),
                "cert_file": str(cert),
                "metadata": {"inline": [sp_metadata]},
                "allow_unknown_attributes": True,
                "service": {
                    "idp": {
                        "endpoints": {"single_sign_on_service": [(f"{base_url}/sso/redirect", BINDING_HTTP_REDIRECT)]},
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "policy": {"default": {"lifetime": {"minutes": 5}}},
                    }
                },
            }
        )
        self.server = Server(config=config)
        self.metadata = create_metadata_string(None, config=config).decode()

    def answer(self, saml_request: str, *, email: str, mfa: bool) -> tuple[str, str]:
        """(the portal's assertion consumer URL, the signed SAMLResponse, base64) for a redirect-bound request."""
        request = self.server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT)
        args = self.server.response_args(request.message)
        response = self.server.create_authn_response(
            identity={"mail": [email]},
            userid=email,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=f"opaque-{email.encode().hex()}"),
            authn={"class_ref": MFA if mfa else PASSWORD, "authn_auth": self.base_url},
            sign_assertion=True,
            **args,
        )
        posted = self.server.apply_binding(BINDING_HTTP_POST, str(response), args["destination"], "", response=True)
        body = posted["data"]
        value = body.split('name="SAMLResponse" value="', 1)[1].split('"', 1)[0]
        return args["destination"], html.unescape(value)

    def app(self, environ, start_response):
        query = parse_qs(environ.get("QUERY_STRING", ""))
        if environ["REQUEST_METHOD"] == "GET":
            request = html.escape(query.get("SAMLRequest", [""])[0])
            page = f"""<!doctype html><html lang="en"><head><title>Test University sign-in</title></head><body><main>
<h1>Sign in to the Test University (SAML)</h1><form method="post" action="/sso/redirect">
<input type="hidden" name="SAMLRequest" value="{request}">
<label for="email">University email</label> <input id="email" name="email">
<label><input type="checkbox" name="mfa" value="1"> I used my authenticator app</label>
<button type="submit">Sign in</button></form></main></body></html>"""
        else:
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(size).decode())
            acs, response = self.answer(form["SAMLRequest"][0], email=form["email"][0], mfa="mfa" in form)
            page = f"""<!doctype html><html lang="en"><head><title>Signing you in</title></head><body><main>
<h1>Signing you in</h1><form method="post" action="{html.escape(acs)}">
<input type="hidden" name="SAMLResponse" value="{html.escape(response)}">
<button type="submit">Continue to the portal</button></form></main></body></html>"""
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page.encode()]

    def serve(self):
        """Serve ``app`` on ``base_url``'s port until the returned function is called."""
        port = int(self.base_url.rsplit(":", 1)[1])
        httpd = make_server("127.0.0.1", port, self.app, handler_class=_Quiet)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()

        def stop():
            httpd.shutdown()
            httpd.server_close()

        return stop


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass
