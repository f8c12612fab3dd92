"""docs/registry_example.py, run as a registry would: it pulls released marks from a running portal with
``updated_since`` and checks webhooks' signatures (an unsigned or tampered one is refused)."""

import http.server
import importlib.util
import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from api import services
from api.models import Endpoint, Scope
from enrolment.models import Enrolment

from .helpers import records, token

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "registry_example.py"
spec = importlib.util.spec_from_file_location("registry_example", SCRIPT)
example = importlib.util.module_from_spec(spec)
spec.loader.exec_module(example)


def _pull(live_server, text, since=None) -> list[str]:
    command = [sys.executable, str(SCRIPT), "pull", "--url", live_server.url, "--token", text]
    command += ["--since", since] if since else []
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip().splitlines()


@pytest.mark.django_db(transaction=True)
def test_the_example_pulls_released_marks_since_its_last_run(live_server, cast):
    made = records(cast.cohort_a1, places=3)
    Enrolment.objects.filter(pk=made["places"][0].pk).update(student_number="2401234")
    text = token(cast.provider_a, [Scope.READ_MARKS, Scope.READ_RECORDS])
    lines = _pull(live_server, text)
    assert len(lines) == 4 and lines[0].split("\t") == ["2401234", made["component"].title, "65", "Merit"]
    since = lines[-1].removeprefix("next --since ")
    again = _pull(live_server, text, since)
    assert len(again) == 2  # the newest mark again (``updated_since`` is inclusive), and the next --since


@pytest.mark.django_db(transaction=True)
def test_the_example_receiver_accepts_only_signed_deliveries(cast):
    seen: list = []
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        _, secret = services.endpoint_create(
            provider=cast.provider_a, url=url, events=list(Endpoint.Event.values), by=cast.admin_a
        )
        server.RequestHandlerClass = example.receiver(secret, seen)  # the secret shown once, copied in
        records(cast.cohort_a1)  # an award: its webhook is sent as the transaction commits
        assert [event["event"] for event in seen] == ["award.confirmed"]
        forged = urllib.request.Request(url, data=json.dumps({"id": 1}).encode(), method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(forged, timeout=5)
        refused.value.close()
        assert refused.value.code == 401 and len(seen) == 1
    finally:
        server.shutdown()
        server.server_close()
