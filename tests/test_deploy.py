"""The deployment kit agrees with the code: the runtime lock, the proxy's body limit, the bindings."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
DEV_ONLY = ("pytest", "pytest-django", "playwright", "ruff", "moto", "factory-boy", "time-machine", "import-linter")


def _pins(path: Path) -> dict[str, str]:
    lines = [line for line in path.read_text().splitlines() if line and not line.startswith("#")]
    return {line.split("==")[0].lower().replace("_", "-"): line for line in lines}


def test_the_runtime_lock_is_current_and_holds_no_test_tools():
    import sys

    sys.path.insert(0, str(ROOT / "deploy"))
    from runtime_lock import runtime_lock

    assert (ROOT / "requirements-runtime.lock").read_text() == runtime_lock(), "run deploy/runtime_lock.py"
    runtime, development = _pins(ROOT / "requirements-runtime.lock"), _pins(ROOT / "requirements.lock")
    assert not set(DEV_ONLY) & set(runtime)
    assert all(development[name] == pin for name, pin in runtime.items())  # the same versions as tested
    assert {"django", "gunicorn", "celery", "weasyprint", "psycopg", "boto3", "django-otp"} <= set(runtime)


def test_nginx_takes_the_largest_upload_the_portal_accepts_and_forwards_what_the_settings_trust():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert re.search(r"client_max_body_size (\d+)m;", conf).group(1) == str(settings.MAX_REQUEST_BODY_MB)
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Request-ID"):
        assert f"proxy_set_header {header}" in conf
    assert "server 127.0.0.1:8000" in conf


def test_gunicorn_listens_on_localhost_and_beat_keeps_its_schedule_under_var():
    web = (ROOT / "deploy" / "nasenco-web.service").read_text()
    beat = (ROOT / "deploy" / "nasenco-beat.service").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "--bind 127.0.0.1:8000" in web and "--access-logfile -" in web
    assert "0.0.0.0" not in web + readme  # noqa: S104 - checking that nothing binds everywhere
    assert "--schedule /srv/nasenco/var/celerybeat-schedule" in beat
    assert "--schedule var/celerybeat-schedule" in readme


def test_the_example_settings_pass_djangos_deployment_checks(tmp_path):
    """The example environment file, as a shell or systemd reads it, starts a hardened portal."""
    import os
    import secrets
    import subprocess
    import sys

    env = {"PATH": os.environ["PATH"]}
    for line in (ROOT / "deploy" / "nasenco.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value.strip('"')
    env.update(SECRET_KEY=secrets.token_urlsafe(50), VAR_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
