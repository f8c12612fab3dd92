"""deploy/nginx.conf on the nginx Debian 12 ships (1.22), run for real in front of a stand-in for gunicorn:
it passes ``nginx -t``, and its access log never holds a link's key (issue 25, 4)."""

import http.server
import re
import shutil
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (.ci/run installs it)")

SECRET = "Zk3SECRETkeyQ9"
LINKS = [
    f"/assessment/heads/{SECRET}/",
    f"/assessment/heads/{SECRET}/booklets/4/booklet.pdf",
    f"/declaration/{SECRET}/form.pdf",
    f"/cohorts/join/{SECRET}/",
    f"/cohorts/calendar/{SECRET}.ics",
    f"/schools/mentor/join/{SECRET}/",
    f"/reminders/unsubscribe/{SECRET}/",
    f"/accounts/password/reset/MQ/{SECRET}/",
    f"/portfolio/?next=/declaration/{SECRET}/",
]


class _Upstream(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx(tmp_path):
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1"),
            *("-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    plain, secure = free_port(), free_port()
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = site.replace("server 127.0.0.1:8000", f"server 127.0.0.1:{upstream.server_address[1]}")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{plain};").replace("listen [::]:80;", "")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{secure} ssl http2;")
    site = site.replace("listen [::]:443 ssl http2;", "")
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {tmp_path}/cert.pem;", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {tmp_path}/key.pem;", site)
    (tmp_path / "site.conf").write_text(site)
    temp = "".join(
        f"{kind}_temp_path {tmp_path}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"user root;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log {tmp_path}/default.log;\n{temp}include {tmp_path}/site.conf;\n}}\n"
    )
    checked = subprocess.run(
        [NGINX, "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True, timeout=30
    )
    process = subprocess.Popen([NGINX, "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"])
    time.sleep(0.5)
    yield checked, plain, secure, tmp_path / "nasenco.access.log"
    process.terminate()
    process.wait(timeout=10)
    upstream.shutdown()
    upstream.server_close()


def test_the_config_passes_nginx_t_and_its_access_log_holds_no_link_key(nginx):
    checked, plain, secure, log = nginx
    assert checked.returncode == 0, checked.stderr
    insecure = ssl.create_default_context()
    insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE
    for link in LINKS:
        with urllib.request.urlopen(f"https://127.0.0.1:{secure}{link}", context=insecure, timeout=10) as answer:
            assert answer.status == 200
        request = urllib.request.Request(f"http://127.0.0.1:{plain}{link}", headers={"Referer": f"https://x{link}"})
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError, match="301") as moved:
            opener.open(request, timeout=10)
        moved.value.close()
    time.sleep(0.3)
    written = log.read_text()
    assert written.count("\n") == 2 * len(LINKS)
    assert SECRET not in written, written
    assert '"GET /assessment/heads/[key]/booklets/4/booklet.pdf HTTP/1.1" 200' in written
    assert "/accounts/password/reset/[key]/[key]/" in written and "/cohorts/calendar/[key].ics" in written
    assert '"GET /portfolio/ HTTP' in written  # no query string at all


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
