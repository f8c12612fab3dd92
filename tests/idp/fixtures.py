"""Real identity providers, started for the single sign-on tests: panva's oidc-provider (a certified OpenID
Provider) under Node.js, from tests/idp/oidc (``npm ci`` there: make install and CI do it)."""

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

OIDC_DIR = Path(__file__).parent / "oidc"


@dataclass
class OpenIDProvider:
    issuer: str
    client_id: str
    client_secret: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_openid_provider(portal_url: str):
    """Start the provider for a portal at ``portal_url``; yields an ``OpenIDProvider``, then stops it."""
    node = shutil.which("node")
    if node is None or not (OIDC_DIR / "node_modules" / "oidc-provider").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Node.js and tests/idp/oidc/node_modules are required in CI (make install runs npm ci)")
        pytest.skip("Node.js or the test identity provider is not installed (npm ci --prefix tests/idp/oidc)")
    port = _free_port()
    found = OpenIDProvider(issuer=f"http://127.0.0.1:{port}", client_id="nasenco-portal", client_secret="s3cret-" * 4)
    process = subprocess.Popen(
        [
            node,
            "server.mjs",
            str(port),
            found.client_id,
            found.client_secret,
            f"{portal_url}/sso/callback/",
            f"{portal_url}/accounts/login/",
        ],
        cwd=OIDC_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"the OpenID provider stopped: {process.stdout.read()}")
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("the OpenID provider did not start")
    try:
        yield found
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
