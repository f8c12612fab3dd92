"""A backup restores into a fresh database and a fresh file folder with every row count and checksum equal
(PostgreSQL through pg_dump/pg_restore in CI; the embedded SQLite file otherwise)."""

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from nasenco.files.samples import SMALL_PDF
from nasenco.files.services import stored_file_claim, stored_file_complete, stored_file_request
from nasenco.files.uploads import check_upload
from portfolio import services as portfolio
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)
COUNT = "SELECT count(*) FROM {}"  # our own table names only


def _files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def empty_database(tmp_path):
    """(DATABASE_URL, count(table)) of a new, empty database of the same kind as the tests use."""
    db = settings.DATABASES["default"]
    if connection.vendor != "postgresql":
        path = tmp_path / "restored.sqlite3"

        def count_sqlite(table):
            with sqlite3.connect(path) as restored:
                return restored.execute(COUNT.format(table)).fetchone()[0]

        yield f"sqlite:///{path}", count_sqlite
        return
    import psycopg

    name = f"nasenco_restore_{uuid.uuid4().hex[:8]}"
    server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    server["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def count(table):
        with psycopg.connect(dbname=name, **server) as restored:
            return restored.execute(COUNT.format(table)).fetchone()[0]

    yield f"postgres://{db['USER']}@{server['host']}:{server['port']}/{name}", count
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_fresh_database_and_folder_exactly(cast, tmp_path, empty_database):
    url, count = empty_database
    evidence = factories.EvidenceFactory(portfolio=cast.participant_a1.enrolments.get().portfolio)
    upload = SimpleUploadedFile("minutes — Spring term.pdf", SMALL_PDF)
    portfolio.evidence_save(
        portfolio=evidence.portfolio,
        evidence=evidence,
        fields={},
        files=[(upload, check_upload(upload, max_bytes=10_000_000))],
        expected_version=evidence.version,
    )
    stored = stored_file_request(by=cast.admin_a, kind="exam-board", name="Exam board.pdf")
    stored_file_claim(stored_file_id=stored.pk)
    stored_file_complete(stored_file_id=stored.pk, content=b"%PDF-1.7 exam board", content_type="application/pdf")
    media = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    originals = _files(media)
    assert len(originals) == 2

    call_command("backup", "--to", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", "--to", str(tmp_path / "backup"))

    fresh_media = tmp_path / "restored-media"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PRIVATE_MEDIA_ROOT": str(fresh_media),
        "VAR_DIR": str(tmp_path / "restored-var"),
        "REDIS_URL": "",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", "--from", str(tmp_path / "backup")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "every row count and file checksum matches" in done.stdout

    from django.contrib.auth import get_user_model

    from cohorts.models import ActivityEntry
    from portfolio.models import EvidenceFile

    assert count("accounts_user") == get_user_model().objects.count() > 0
    assert count("portfolio_evidencefile") == EvidenceFile.objects.count() == 1
    assert count("cohorts_activityentry") == ActivityEntry.objects.count()
    assert _files(fresh_media) == originals  # every file, byte for byte

    again = subprocess.run(
        [sys.executable, "manage.py", "restore", "--from", str(tmp_path / "backup")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode != 0 and "not empty" in again.stderr  # never over a live database


def test_a_backup_taken_while_people_use_the_portal_restores_and_is_owner_only(cast, tmp_path, empty_database):
    """Issue 25 (9): the manifest counted rows live after the dump, so a busy portal's backup never restored;
    every table is counted (not only the models'), and what is written is readable by its owner only."""
    import threading

    from django.db import connections

    from nasenco.mail.models import OutboxEmail

    url, count = empty_database
    stored = stored_file_request(by=cast.admin_a, kind="exam-board", name="Exam board.pdf")
    stored_file_claim(stored_file_id=stored.pk)
    stored_file_complete(stored_file_id=stored.pk, content=b"%PDF-1.7 exam board", content_type="application/pdf")
    busy, written = threading.Event(), []

    def people_at_work():
        while not busy.is_set():
            written.append(OutboxEmail.objects.create(to="x@school.example", subject="s", body_text="b").pk)
        connections.close_all()

    worker = threading.Thread(target=people_at_work)
    worker.start()
    try:
        while len(written) < 20:  # under way before the backup starts
            pass
        call_command("backup", "--to", str(tmp_path / "backup"))
    finally:
        busy.set()
        worker.join(timeout=30)
    manifest = __import__("json").loads((tmp_path / "backup" / "manifest.json").read_text())
    assert OutboxEmail.objects.count() > manifest["tables"]["mail_outboxemail"] > 0  # rows kept coming after
    assert {"accounts_user_groups", "django_migrations", "django_session"} <= set(manifest["tables"])
    for path in [tmp_path / "backup", *(tmp_path / "backup").rglob("*")]:
        assert path.stat().st_mode & 0o077 == 0, f"{path} is readable by others"

    env = {**os.environ, "DATABASE_URL": url, "VAR_DIR": str(tmp_path / "restored-var"), "REDIS_URL": ""}
    used = tmp_path / "used-media"
    (used / "evidence").mkdir(parents=True)
    (used / "evidence" / "someone-else.pdf").write_bytes(b"%PDF-1.7 not ours")

    def restore(media):
        return subprocess.run(
            [sys.executable, "manage.py", "restore", "--from", str(tmp_path / "backup")],
            cwd=ROOT,
            env={**env, "PRIVATE_MEDIA_ROOT": str(media)},
            capture_output=True,
            text=True,
            timeout=300,
        )

    refused = restore(used)
    assert refused.returncode != 0 and "file storage is not empty" in refused.stderr
    done = restore(tmp_path / "fresh-media")
    assert done.returncode == 0, done.stderr
    assert count("mail_outboxemail") == manifest["tables"]["mail_outboxemail"]
