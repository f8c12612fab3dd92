"""Backups: the database and the private files, with a manifest (row counts, file checksums) that a
restore is checked against. ``make backup`` / ``make restore`` call the two commands around these.

PostgreSQL goes through ``pg_dump``/``pg_restore`` (custom format, no owners); the embedded SQLite file
through SQLite's online backup. Files come from the configured storage, the local folder or the bucket
alike, so a backup taken from S3 restores to S3 (or to a folder).

The manifest's row counts are the dump's own (issue 25, 9: counted live after the dump, a backup taken while
people used the portal could never be restored): on PostgreSQL, one repeatable-read transaction exports its
snapshot, counts every table in the schema (not just the models: many-to-many tables, migrations, sessions)
and keeps the snapshot open while ``pg_dump --snapshot`` dumps exactly that; on SQLite, the copy is counted.
Everything written is readable by its owner only."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection

MANIFEST = "manifest.json"


def _count_all(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def table_counts() -> dict[str, int]:
    """Rows in every table of the configured database, as it is now."""
    with connection.cursor() as cursor:
        return _count_all(cursor, sorted(connection.introspection.table_names(cursor)))


def stored_names(storage=default_storage, folder: str = "") -> list[str]:
    """Every file in storage, recursively (none in a folder that does not exist yet)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += stored_names(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def _owner_only():
    """Folders 0700 and files 0600 for whatever is created inside: a backup holds personal data."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def backup(to: Path) -> dict:
    """Write the database and every stored file under ``to`` with a manifest; return the manifest."""
    with _owner_only():
        to.mkdir(parents=True, exist_ok=False)
        database, tables = _dump(to)
        checksums = {}
        for name in stored_names():
            target = to / "files" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, open(target, "wb") as out:
                for chunk in iter(lambda: source.read(1024 * 1024), b""):
                    out.write(chunk)
            with open(target, "rb") as written:
                checksums[name] = _sha256(written)
        manifest = {"database": database, "tables": tables, "files": checksums}
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
    counts = table_counts()
    expected = manifest["tables"]
    rows = {table: (n, counts.get(table)) for table, n in expected.items() if counts.get(table) != n}
    rows.update({table: (None, n) for table, n in counts.items() if table not in expected})
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


def _dump(to: Path) -> tuple[str, dict[str, int]]:
    """The database file's name and the row count of every table in it, both from one snapshot."""
    if connection.vendor == "postgresql":
        return _pg_dump(to / "database.dump")
    target = to / "database.sqlite3"
    with sqlite3.connect(_db()["NAME"]) as live, sqlite3.connect(target) as copy:
        live.backup(copy)
    with sqlite3.connect(target) as copy:
        cursor = copy.cursor()
        names = [row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        tables = _count_all(cursor, sorted(n for n in names if not n.startswith("sqlite_")))
    return target.name, tables


def _pg_dump(target: Path) -> tuple[str, dict[str, int]]:
    import psycopg

    db = _db()
    server = {"host": db.get("HOST") or "127.0.0.1", "port": db.get("PORT") or 5432, "user": db.get("USER") or ""}
    with psycopg.connect(dbname=db["NAME"], password=db.get("PASSWORD") or None, connect_timeout=10, **server) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        names = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        ).fetchall()
        tables = _count_all(conn.cursor(), [name for (name,) in names])
        subprocess.run(  # noqa: S603 - a list (no shell) from our own settings
            [
                _tool("pg_dump"),
                *_pg_args(),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "-f",
                str(target),
                db["NAME"],
            ],
            env=_pg_env(),
            check=True,
            timeout=3600,
        )
        conn.rollback()
    return target.name, tables


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
