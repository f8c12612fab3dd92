"""Trigram indexes on the folded names (``search_name``, nasenco/folding.py), on PostgreSQL only: a
contains-match (``LIKE '%…%'``) and a typo-tolerant word match (``%>``) on them are answered from the index."""

from django.db import migrations

COLUMNS = [("accounts_user", "search_name"), ("enrolment_school", "search_name")]


def _name(table, column):
    return f"search_trgm_{table}_{column}"[:63]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_name(table, column)}" ON "{table}" USING gin ("{column}" gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_trigram_indexes"),
        ("accounts", "0004_search_name"),
        ("enrolment", "0012_search_name"),
    ]

    operations = [migrations.RunPython(create, drop)]
