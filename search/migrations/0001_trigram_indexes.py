"""Trigram indexes for the search box, on PostgreSQL only (the embedded SQLite default filters without them).

Each index is on the same expression Django's ``icontains`` writes (``UPPER(col::text) LIKE UPPER(%s)``),
so PostgreSQL answers a contains-match from the index instead of reading every row. pg_trgm is a trusted
extension (PostgreSQL 13+): the database's owner may create it."""

from django.db import migrations

COLUMNS = [
    ("accounts_user", "full_name"),
    ("accounts_user", "email"),
    ("enrolment_participantprofile", "trn"),
    ("enrolment_school", "name"),
    ("assessment_award", "certificate_number"),
    ("assessment_award", "holder_name"),
]


def _name(table, column):
    return f"search_trgm_{table}_{column}"[:63]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_name(table, column)}" ON "{table}" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_two_factor_enabled"),
        ("enrolment", "0006_import_batches"),
        ("assessment", "0009_award_holder_name"),
    ]

    operations = [migrations.RunPython(create, drop)]
