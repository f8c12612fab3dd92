"""Stable paging for incremental sync (keyset, not offsets): a list is ordered by when each row last changed,
then by id, and a cursor names the last row given. A row changed while a registry pages through moves to the
end, so it is read again later and never skipped; nothing is read twice unless it changed."""

import base64
import datetime as dt
import json

from django.db.models import Q, QuerySet
from django.utils import timezone
from ninja.errors import HttpError

DEFAULT_LIMIT, MAX_LIMIT = 100, 500


def since(value: dt.datetime | None) -> dt.datetime | None:
    """``updated_since`` as an aware time: one written without a zone is read as UTC."""
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value, dt.UTC)


def page(rows: QuerySet, *, field: str, updated_since: dt.datetime | None, cursor: str | None, limit: int):
    """(rows of this page, the next page's cursor or None), ordered by ``field`` then id."""
    rows = rows.order_by(field, "pk")
    if updated_since is not None:
        rows = rows.filter(**{f"{field}__gte": since(updated_since)})
    if cursor:
        at, pk = _read(cursor)
        rows = rows.filter(Q(**{f"{field}__gt": at}) | Q(**{field: at, "pk__gt": pk}))
    chosen = list(rows[: limit + 1])
    if len(chosen) <= limit:
        return chosen, None
    chosen = chosen[:limit]
    last = chosen[-1]
    return chosen, _write(_value(last, field), last.pk)


def _value(row, field: str):
    value = row
    for part in field.split("__"):
        value = getattr(value, part)
    return value


def _write(at: dt.datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([at.isoformat(), pk]).encode()).decode().rstrip("=")


def _read(cursor: str) -> tuple[dt.datetime, int]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        at, pk = since(dt.datetime.fromisoformat(raw[0])).astimezone(dt.UTC), int(raw[1])
        if not 0 <= pk < 2**63:
            raise ValueError(pk)
    except (ValueError, TypeError, IndexError, KeyError, OverflowError):
        raise HttpError(400, "That cursor is not one this API gave: start again without it.") from None
    return at, pk
