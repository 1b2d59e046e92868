"""Temporary staging tables: each batch of clean rows is loaded into one (COPY on PostgreSQL,
executemany on SQLite) and moved into the registry with a few set-based statements."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

STAGE = "lindung_import_stage"


@dataclass(frozen=True)
class StageColumn:
    name: str
    type: str  # PostgreSQL type; SQLite takes it as an affinity hint
    blank: bool = False  # text stored as "" when empty: the stage holds NULL, the target ""

    def select(self, alias: str = "") -> str:
        col = f"{alias}.{self.name}" if alias else self.name
        return f"coalesce({col}, '')" if self.blank else col


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def encode_copy(records: Sequence[tuple[Any, ...]]) -> bytes:
    """Records as COPY ... (FORMAT csv) input. An empty cell is NULL: text columns that store ""
    for empty are flagged `blank` and coalesced when moved out of the stage."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    return out.getvalue().encode("utf-8")


_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).translate(_TEXT_ESCAPES)


def bulk_insert(table: str, columns: Sequence[str], records: Sequence[tuple[Any, ...]]) -> None:
    """Insert rows as they are (NULLs and empty text kept apart): COPY on PostgreSQL, executemany
    on SQLite."""
    if not records:
        return
    names = ", ".join(columns)
    with connection.cursor() as cur:
        if is_postgres():
            data = "".join("\t".join(_copy_text(v) for v in r) + "\n" for r in records).encode("utf-8")
            with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                copy.write(data)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cur.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",
                [tuple(_sqlite_value(v) for v in r) for r in records],
            )


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Staging:
    """The stage table of one import run, on the default connection."""

    def __init__(self, columns: Sequence[StageColumn]) -> None:
        self.columns = tuple(columns)
        self.postgres = is_postgres()
        self.count = 0

    @property
    def names(self) -> list[str]:
        return ["src_row", *(c.name for c in self.columns)]

    def create(self) -> None:
        cols = ", ".join(f"{c.name} {c.type}" for c in self.columns)
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {STAGE}")
            cur.execute(f"CREATE TEMP TABLE {STAGE} (src_row integer NOT NULL, {cols})")

    def drop(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {STAGE}")

    def load(self, records: Sequence[tuple[Any, ...]]) -> None:
        """Replace the stage's content with `records`."""
        names = ", ".join(self.names)
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {STAGE}")
            if self.postgres:
                with cur.copy(f"COPY {STAGE} ({names}) FROM STDIN (FORMAT csv)") as copy:
                    copy.write(encode_copy(records))
            else:
                marks = ", ".join(["%s"] * len(self.names))
                cur.executemany(
                    f"INSERT INTO {STAGE} ({names}) VALUES ({marks})",
                    [tuple(_sqlite_value(v) for v in r) for r in records],
                )
        self.count = len(records)

    def take(self, select: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run `select` (its first column a stage `src_row`, read from alias `s`), remove those
        rows from the stage, and return what it selected."""
        with connection.cursor() as cur:
            cur.execute(select, params)
            found = cur.fetchall()
            if found:
                cur.execute(
                    f"DELETE FROM {STAGE} WHERE src_row IN (SELECT x.src_row FROM ({select}) x)", params
                )
        self.count -= len({r[0] for r in found})
        return found
