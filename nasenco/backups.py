"""Backups: the database and the private files, with a manifest (row counts, file checksums) that a
restore is checked against. ``make backup`` / ``make restore`` call the two commands around these.

PostgreSQL goes through ``pg_dump``/``pg_restore`` (custom format, no owners); the embedded SQLite file
through SQLite's online backup. Files come from the configured storage, the local folder or the bucket
alike, so a backup taken from S3 restores to S3 (or to a folder)."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection

MANIFEST = "manifest.json"


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def stored_names(storage=default_storage, folder: str = "") -> list[str]:
    """Every file in storage, recursively."""
    folders, files = storage.listdir(folder)
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += stored_names(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def backup(to: Path) -> dict:
    """Write the database and every stored file under ``to`` with a manifest; return the manifest."""
    to.mkdir(parents=True, exist_ok=False)
    database = _dump(to)
    checksums = {}
    for name in stored_names():
        target = to / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(target, "wb") as out:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                out.write(chunk)
        with open(target, "rb") as written:
            checksums[name] = _sha256(written)
    manifest = {"database": database, "rows": row_counts(), "files": checksums}
    (to / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(source: Path) -> dict:
    """Load a backup into the configured (empty) database and storage, then check it against the manifest.
    Returns {"rows": mismatches, "files": mismatches}; both empty means the restore is exact."""
    manifest = json.loads((source / MANIFEST).read_text())
    _load(source, manifest["database"])
    for name in manifest["files"]:
        with open(source / "files" / name, "rb") as handle:
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, File(handle))
            if saved != name:
                raise RuntimeError(f"storage renamed {name} to {saved}")
    return verify(manifest)


def verify(manifest: dict) -> dict:
    counts = row_counts()
    rows = {label: (n, counts.get(label)) for label, n in manifest["rows"].items() if counts.get(label) != n}
    files = {}
    for name, checksum in manifest["files"].items():
        try:
            with default_storage.open(name, "rb") as handle:
                found = _sha256(handle)
        except FileNotFoundError:
            found = None
        if found != checksum:
            files[name] = found
    return {"rows": rows, "files": files}


def _db() -> dict:
    return settings.DATABASES["default"]


def _pg_env() -> dict:
    db = _db()
    return {**os.environ, "PGPASSWORD": db.get("PASSWORD") or "", "PGCONNECT_TIMEOUT": "10"}


def _pg_args() -> list[str]:
    db = _db()
    return ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or ""]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(
            f"{name} is not installed: install the PostgreSQL client (apt-get install postgresql-client)."
        )
    return found


def _dump(to: Path) -> str:
    if connection.vendor == "postgresql":
        target = to / "database.dump"
        subprocess.run(  # noqa: S603 - a list (no shell) from our own settings
            [
                _tool("pg_dump"),
                *_pg_args(),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "-f",
                str(target),
                _db()["NAME"],
            ],
            env=_pg_env(),
            check=True,
            timeout=3600,
        )
        return target.name
    target = to / "database.sqlite3"
    with sqlite3.connect(_db()["NAME"]) as live, sqlite3.connect(target) as copy:
        live.backup(copy)
    return target.name


def _load(source: Path, name: str) -> None:
    connection.close()
    if connection.vendor == "postgresql":
        if not name.endswith(".dump"):
            raise RuntimeError("This backup is of SQLite; restore it with the embedded default.")
        subprocess.run(  # noqa: S603 - a list (no shell) from our own settings
            [
                _tool("pg_restore"),
                *_pg_args(),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "-d",
                _db()["NAME"],
                str(source / name),
            ],
            env=_pg_env(),
            check=True,
            timeout=3600,
        )
        return
    if not name.endswith(".sqlite3"):
        raise RuntimeError("This backup is of PostgreSQL; set DATABASE_URL to an empty PostgreSQL database.")
    with sqlite3.connect(source / name) as copy, sqlite3.connect(_db()["NAME"]) as live:
        copy.backup(live)
