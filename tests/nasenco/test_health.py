import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_reports_each_part(client, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["storage"] == "ok"
    assert body["redis"].startswith("not configured")


def test_healthz_checks_a_real_redis(client, settings, redis_url):
    settings.REDIS_URL = redis_url
    assert client.get(reverse("healthz")).json()["redis"] == "ok"


def test_healthz_is_503_when_redis_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["redis"].startswith("error")


def test_healthz_answers_a_load_balancer_asking_by_ip_and_other_pages_still_check_the_host(client, settings):
    settings.REDIS_URL = ""
    settings.ALLOWED_HOSTS = ["nasenco.example.ac.uk"]
    response = client.get("/healthz", HTTP_HOST="10.0.3.7:8000")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    assert client.get("/accounts/login/", HTTP_HOST="10.0.3.7:8000").status_code == 400
    assert client.post("/healthz", HTTP_HOST="10.0.3.7:8000").status_code == 405
