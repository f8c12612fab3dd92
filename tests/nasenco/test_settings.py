"""Production mode: refuses to start unconfigured, and passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD = {
    "PRODUCTION": "true",
    "SECRET_KEY": "k" * 20 + "-a-long-random-value-for-tests-only-0123456789",
    "ALLOWED_HOSTS": "portal.example.ac.uk",
    "STATIC_MANIFEST": "false",
}


def _manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in {"PRODUCTION", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env={**PROD, "VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"), [("SECRET_KEY", "Set SECRET_KEY"), ("ALLOWED_HOSTS", "Set ALLOWED_HOSTS")]
)
def test_production_refuses_to_start_without(missing, message, tmp_path):
    env = {k: v for k, v in PROD.items() if k != missing}
    result = _manage("check", env={**env, "VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_debug(tmp_path):
    result = _manage("check", env={**PROD, "DEBUG": "true", "VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_embedded_default_makes_its_own_secret_key_outside_the_repo(tmp_path):
    result = _manage("check", env={"VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_security_headers_on_every_page(client, db):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]


def test_british_dates_and_london_time(settings):
    import datetime as dt

    from django.utils import formats, translation

    with translation.override("en-gb"):
        assert formats.date_format(dt.date(2023, 10, 5)) == "5 October 2023"
    assert settings.TIME_ZONE == "Europe/London"


def test_downloads_and_pages_with_personal_data_are_never_stored(client, cast):
    import csv
    import io

    from django.urls import reverse

    client.force_login(cast.admin_a)
    download = client.get(reverse("enrolment:cohort-csv", args=[cast.cohort_a1.pk]))
    page = client.get(reverse("enrolment:pipeline"))
    for response in (download, page):
        assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Name"  # headers go through the same formula guard as the cells


def test_a_csv_header_is_neutralised_like_any_cell():
    from nasenco.spreadsheets import csv_response

    response = csv_response("x.csv", ['=HYPERLINK("evil")', "Name"], [["a", "b"]])
    assert response.content.decode("utf-8-sig").splitlines()[0].startswith("\"'=HYPERLINK")


def test_static_files_keep_their_long_lived_caching(client):
    response = client.get("/static/css/portal.css")
    b"".join(response.streaming_content)  # read to the end, which closes the file
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ('\n=HYPERLINK("x")', '\'\n=HYPERLINK("x")'),  # a line feed first
        (" =1+1", "' =1+1"),  # a space first
        ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),  # a full-width equals sign
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("+A1", "'+A1"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("-Smith", "-Smith"),  # a name a spreadsheet shows as text is left as it is
        ("-Ann Smith-Jones", "-Ann Smith-Jones"),
        ("Smith", "Smith"),
    ],
)
def test_csv_cells_are_neutralised_only_where_a_spreadsheet_would_run_them(cell, written):
    """Issue 25 (7)."""
    from nasenco.spreadsheets import csv_safe

    assert csv_safe(cell) == written
