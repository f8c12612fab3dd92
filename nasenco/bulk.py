"""Inserting thousands of rows at once, skipping any that would break a unique constraint.

``bulk_create(ignore_conflicts=True)`` sends every value as a bound parameter; at the reminder sweep's size
(10,000 emails a day with their bodies and headers) adapting those parameters cost more than the insert
itself. On PostgreSQL the rows are streamed with COPY into a temporary table shaped like the real one, then
moved across in one ``INSERT … SELECT … ON CONFLICT DO NOTHING``; elsewhere (SQLite, the embedded default)
``bulk_create`` does the same job.
"""

import json

from django.db import connection, models, transaction
from django.utils import timezone

# Fields whose Python value COPY takes as it is (psycopg adapts str, int, bool, date, datetime and UUID).
PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.DateField)
PLAIN += (models.UUIDField, models.ForeignKey)


def _reader(field, now):
    """How to read ``field``'s value from a row (a dict by attname) for COPY: the model's default when the
    row leaves it out, and no per-value preparation by Django for the plain kinds of field."""
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda row: row.get(attname) or now
    default = field.get_default()
    if isinstance(field, models.JSONField):
        encoder, null = field.encoder, field.null

        def read_json(row):
            value = row.get(attname, default)
            return None if value is None and null else json.dumps(value, cls=encoder)  # jsonb's text form

        return read_json
    if isinstance(field, PLAIN):
        return lambda row: row.get(attname, default)
    return lambda row: field.get_db_prep_save(row.get(attname, default), connection)


def insert_skipping_conflicts(model, rows: list[dict], *, returning: str = "") -> dict:
    """Insert ``rows`` of ``model`` (each a dict of field values by attname: ``provider_id``, not
    ``provider``; what a row leaves out takes the model's default). Rows that clash with a unique constraint
    are skipped, as with ``bulk_create(ignore_conflicts=True)``. No model instances are made on PostgreSQL:
    at ten thousand rows, making them cost as much as storing them.

    With ``returning`` (a unique field), {that field's value: primary key} of the rows inserted now (not of
    those skipped) on PostgreSQL; elsewhere an empty dict, and the caller looks them up."""
    if not rows:
        return {}
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], ignore_conflicts=True)
        return {}
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    table = quote(model._meta.db_table)
    staging = quote(f"staging_{model._meta.db_table}")
    columns = ", ".join(quote(f.column) for f in fields)
    readers = [_reader(f, timezone.now()) for f in fields]
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # Same column types as the table, no constraints; private to this connection, emptied at commit.
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {staging} ON COMMIT DELETE ROWS AS "  # noqa: S608 - model names
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([read(row) for read in readers])
        # Moved across and emptied in one statement, ready for the next batch.
        back = ""
        if returning:
            back = f" RETURNING {quote(model._meta.get_field(returning).column)}, {quote(model._meta.pk.column)}"
        cursor.execute(
            f"WITH moved AS (DELETE FROM {staging} RETURNING *) "  # noqa: S608
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM moved ON CONFLICT DO NOTHING{back}"
        )
        return dict(cursor.fetchall()) if returning else {}


def update_in_bulk(model, rows: list[dict], fields: list[str]) -> int:
    """Set ``fields`` (names) on the rows of ``model`` each dict names by ``pk``, in one statement per call.

    Django's ``bulk_update`` writes one ``CASE WHEN pk = … THEN …`` per row and field: at ten thousand rows
    the statement's size, not the update, is the cost. On PostgreSQL the new values are streamed with COPY
    into a temporary table and applied in one ``UPDATE … FROM``; elsewhere ``bulk_update`` does it."""
    if not rows:
        return 0
    meta = model._meta
    chosen = [meta.get_field(name) for name in fields]
    if connection.vendor != "postgresql":
        objects = []
        for row in rows:
            obj = model(pk=row["pk"])
            for field in chosen:
                setattr(obj, field.attname, row[field.name])
            objects.append(obj)
        return model.objects.bulk_update(objects, fields, batch_size=500)
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    staging = quote(f"updating_{meta.db_table}")
    columns = ", ".join(quote(f.column) for f in chosen)
    now = timezone.now()
    readers = [_reader(f, now) for f in chosen]
    by_name = [{f.attname: row[f.name] for f in chosen} for row in rows]
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {staging} ON COMMIT DELETE ROWS AS "  # noqa: S608 - model names
            f"SELECT {pk}, {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {staging} ({pk}, {columns}) FROM STDIN") as copy:
            for row, values in zip(rows, by_name, strict=True):
                copy.write_row([row["pk"], *(read(values) for read in readers)])
        assignments = ", ".join(f"{quote(f.column)} = s.{quote(f.column)}" for f in chosen)
        cursor.execute(
            f"WITH s AS (DELETE FROM {staging} RETURNING *) "  # noqa: S608
            f"UPDATE {table} SET {assignments} FROM s WHERE {table}.{pk} = s.{pk}"
        )
        return cursor.rowcount
