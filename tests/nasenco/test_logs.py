"""Every log line has time, level, logger and the request's id; JSON on request; the id reaches tasks."""

import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.urls import reverse

from nasenco.logs import JsonFormatter, RequestIdFilter, request_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines():
    """What the configured console handler writes, captured through the real format and filter."""
    import io

    stream = io.StringIO()
    config = settings.LOGGING
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(config["formatters"]["text"]["format"]))
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def test_a_request_gets_an_id_on_its_log_lines_and_its_response(client, lines):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    rid = response["X-Request-ID"]
    assert len(rid) == 32
    line = next(text for text in lines.getvalue().splitlines() if "Not Found" in text)
    date, time_, level, logger, bracketed = line.split(" ", 5)[:5]
    assert date[:2] == "20" and time_.count(":") == 2 and level == "WARNING" and logger == "django.request"
    assert bracketed == f"[{rid}]"


def test_the_proxys_request_id_is_kept_when_sane_and_replaced_when_not(client):
    assert client.get(reverse("healthz"), HTTP_X_REQUEST_ID="lb-4f2a9c01")["X-Request-ID"] == "lb-4f2a9c01"
    replaced = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="<script>\nx")["X-Request-ID"]
    assert replaced != "<script>\nx" and len(replaced) == 32


def test_json_lines_carry_the_same_fields():
    record = logging.LogRecord("nasenco.views", logging.ERROR, __file__, 1, "storage said %s", ("no",), None)
    token = request_id.set("abc12345")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR" and line["logger"] == "nasenco.views" and line["request_id"] == "abc12345"
    assert line["message"] == "storage said no" and line["time"][:2] == "20"
