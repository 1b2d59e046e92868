"""Insert-or-update of a staged batch by its natural key, counting what was new and what changed.

PostgreSQL: `INSERT ... SELECT ... ON CONFLICT (key) DO UPDATE ... WHERE <something differs>` with
`RETURNING xmax = 0` telling inserted rows from updated ones. SQLite: the same upsert (its dialect),
after counting which keys are new. Rows whose values are all equal are left alone (unchanged).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from lindung.registry.imports.staging import is_postgres


@dataclass(frozen=True)
class Upsert:
    table: str
    key: str  # target column with a unique constraint
    key_source: str  # the expression giving it, e.g. "s.nik"
    columns: tuple[str, ...]  # target columns, key included, in the order of `exprs`
    exprs: tuple[str, ...]  # source expressions over the stage (alias s) and `joins`
    compare: tuple[str, ...]  # columns whose difference makes an update
    joins: str = ""  # extra FROM items after the stage
    keep: tuple[str, ...] = ()  # columns an update leaves alone (their file column is absent)
    order_by: str = ""  # write in this order (index locality)

    @property
    def source(self) -> str:
        from lindung.registry.imports.staging import STAGE

        return f"{STAGE} s {self.joins}".strip()

    def statement(self) -> str:
        """The upsert itself (one `%s` parameter: the timestamp for created_at/updated_at)."""
        cols = ", ".join((*self.columns, "created_at", "updated_at"))
        exprs = ", ".join((*self.exprs, "%s", "%s"))
        sets = ", ".join(f"{c} = excluded.{c}" for c in self.columns if c != self.key and c not in self.keep)
        compare = [c for c in self.compare if c not in self.keep]
        if is_postgres():
            changed = "({}) IS DISTINCT FROM ({})".format(
                ", ".join(f"t.{c}" for c in compare), ", ".join(f"excluded.{c}" for c in compare)
            )
            where = ""
        else:
            changed = " OR ".join(f"t.{c} IS NOT excluded.{c}" for c in compare)
            where = " WHERE true"  # SQLite needs it to tell the SELECT from the ON CONFLICT clause
        if self.order_by:
            where += f" ORDER BY {self.order_by}"
        return (
            f"INSERT INTO {self.table} AS t ({cols}) SELECT {exprs} FROM {self.source}{where} "
            f"ON CONFLICT ({self.key}) DO UPDATE SET {sets}, updated_at = excluded.updated_at WHERE {changed}"
        )


def now_param() -> Any:
    return connection.ops.adapt_datetimefield_value(timezone.now())


def upsert(spec: Upsert, *, now: dt.datetime | None = None) -> tuple[int, int]:
    """Run the upsert over the stage (rows written get `now` as created_at/updated_at); returns
    (inserted, updated)."""
    stamp = connection.ops.adapt_datetimefield_value(now or timezone.now())
    with connection.cursor() as cur:
        if is_postgres():
            cur.execute(
                f"WITH w AS ({spec.statement()} RETURNING (xmax = 0) AS inserted) "
                "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM w",
                [stamp, stamp],
            )
            inserted, updated = cur.fetchone()
            return int(inserted), int(updated)
        cur.execute(
            f"SELECT count(*) FROM {spec.source} WHERE NOT EXISTS "
            f"(SELECT 1 FROM {spec.table} t WHERE t.{spec.key} = {spec.key_source})"
        )
        inserted = int(cur.fetchone()[0])
        cur.execute(spec.statement(), [stamp, stamp])
        return inserted, cur.rowcount - inserted
