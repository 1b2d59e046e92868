"""Writing many rows at once: COPY on PostgreSQL (psycopg 3 `cursor.copy`), batched INSERTs
elsewhere. Django's `bulk_create` on PostgreSQL quotes every value into arrays on the client, which
is most of the time of a 100k-row list; COPY streams the rows instead. On SQLite one prepared
INSERT runs per batch (`executemany`): `bulk_create` builds a model and a statement per few hundred
rows and prepares every value through its field, several times slower.

Rows carry database values in the order of `fields` (foreign keys as ids, dates as dates); fields
not named take their database or model defaults only through the INSERT path, so name them all.
The caller reads back any ids it needs by a key it knows (a NIK, a person and a start date).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models

BATCH = 2000


def concrete(model: type[models.Model], name: str) -> models.Field:
    """The concrete field `name` of `model` (its column and attname)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete:
        raise ValueError(f"{model.__name__}.{name} is not a concrete field")
    return field


def rows_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` into `model`'s table; returns how many. Runs inside the caller's transaction."""
    columns = [str(concrete(model, name).column) for name in fields]
    count = 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    if connection.vendor == "sqlite":
        return _sqlite_insert(model, fields, rows)
    attnames = [concrete(model, name).attname for name in fields]
    it = iter(rows)
    while chunk := list(islice(it, BATCH)):
        model._default_manager.bulk_create([model(**dict(zip(attnames, row, strict=True))) for row in chunk])
        count += len(chunk)
    return count


def _sqlite_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Batches of one prepared INSERT. Values go in as they are (SQLite's adapters handle dates,
    Decimals, booleans), except aware datetimes, made naive in the connection's time zone as
    Django stores them, and JSON, serialised by its field."""
    concretes = [concrete(model, name) for name in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in concretes)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('%s' for _ in concretes)})"
    adapt: list[Any] = []
    for f in concretes:
        if isinstance(f, models.DateTimeField):
            adapt.append(connection.ops.adapt_datetimefield_value)
        elif isinstance(f, models.JSONField):
            adapt.append(lambda value, f=f: f.get_db_prep_save(value, connection))
        else:
            adapt.append(None)
    count = 0
    it = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(it, BATCH)):
            cursor.executemany(
                sql, [[v if a is None else a(v) for a, v in zip(adapt, row, strict=True)] for row in chunk]
            )
            count += len(chunk)
    return count
