"""What every kind of import (people, employers, projects, memberships) provides, and who may run it.

A kind reads one row into a clean record in plain Python (`clean`, run in the reading thread with
no database access) and stores a staged batch of records with set-based SQL (`store`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from lindung.accounts import scope as access
from lindung.accounts.models import Role
from lindung.registry.imports.columns import Column, Layout
from lindung.registry.imports.staging import STAGE, StageColumn, Staging
from lindung.registry.imports.upsert import Upsert, upsert

Problems = list[tuple[str, str]]  # (column key, message)


@dataclass(frozen=True)
class ImportScope:
    """What the person running an import may touch: everything (administrators, the command line),
    a branch officer's regions, or an employer user's own employer."""

    everything: bool = True
    region_codes: tuple[str, ...] = ()
    employer_id: int | None = None

    def region_ok(self, code: str | None) -> bool:
        return self.everything or bool(code and code.startswith(self.region_codes))

    def region_q(self, field: str) -> Q:
        return access.region_prefix_filter(self.region_codes, field)

    def region_sql(self, column: str) -> tuple[str, list[str]]:
        """An SQL condition "`column` lies in my regions" and its parameters."""
        if self.everything:
            return "1 = 1", []
        if not self.region_codes:
            return "1 = 0", []
        return "(" + " OR ".join(f"{column} LIKE %s" for _c in self.region_codes) + ")", [
            f"{c}%" for c in self.region_codes
        ]


def import_scope(actor: Any, kind: str) -> ImportScope:
    """The scope `actor` imports `kind` in, or PermissionDenied. `actor` None is the command line
    run by the system's operator."""
    if actor is None:
        return ImportScope()
    access.require_authenticated(actor)
    if actor.is_superuser or actor.role == Role.ADMIN:
        return ImportScope()
    if actor.role == Role.BRANCH_OFFICER:
        return ImportScope(everything=False, region_codes=tuple(access.region_codes(actor)))
    if actor.role == Role.EMPLOYER and actor.employer_id and kind == "memberships":
        return ImportScope(everything=False, employer_id=actor.employer_id)
    if actor.role == Role.EMPLOYER:
        raise PermissionDenied(_("employer users may import only memberships of their own employer"))
    raise PermissionDenied(_("your role may not import data"))


@dataclass
class StoreOutcome:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: dict[int, Problems] = field(default_factory=dict)


class ImportKind:
    name: ClassVar[str]
    label: ClassVar[str | Promise]
    columns: ClassVar[tuple[Column, ...]]
    stage: ClassVar[tuple[StageColumn, ...]]
    key: ClassVar[str]  # the stage column that identifies a row's record (NIK, NPP, ...)
    # Optional file columns -> the registry column an update leaves alone when the file lacks it.
    keeps: ClassVar[dict[str, str]] = {}

    def __init__(self, scope: ImportScope, layout: Layout | None = None) -> None:
        self.scope = scope
        self.layout = layout or Layout({c.key: i for i, c in enumerate(self.columns)}, {})
        # Optional columns the file does not have.
        self.absent = frozenset(c.key for c in self.columns if self.layout.index(c.key) is None)

    def upsert_spec(self, spec: Upsert) -> Upsert:
        return replace(spec, keep=tuple(self.keeps[c] for c in sorted(self.absent) if c in self.keeps))

    @classmethod
    def key_index(cls) -> int:
        """Where the key sits in a record (records start with the row number)."""
        return 1 + [c.name for c in cls.stage].index(cls.key)

    @staticmethod
    def compact_key(key: Any) -> Hashable:
        """The key as remembered for the whole file (to find a repeat in a later row)."""
        return key

    def prepare(self) -> None:
        """Load what `clean` needs from the database (it runs in another thread)."""

    def clean(self, row: int, values: Sequence[Any]) -> tuple[Any, ...] | Problems:
        """A row's values (in `columns` order, None when the column is absent) as a record
        `(row, *stage values)`, or the list of problems that reject it."""
        raise NotImplementedError

    def encode(self, records: list[tuple[Any, ...]]) -> bytes | None:
        """The records prepared for the database while still in the reading thread (or None)."""
        return None

    def repeated(self, key: str, first_row: int) -> Problems:
        """The row's key appeared in an earlier row of the file."""
        return [
            (self.key, _('"%(key)s" is already in row %(row)s of this file') % {"key": key, "row": first_row})
        ]

    def store(self, staging: Staging, records: list[tuple[Any, ...]], payload: bytes | None) -> StoreOutcome:
        """Move a batch of clean records into the registry."""
        raise NotImplementedError

    def reject_outside(
        self, staging: Staging, outcome: StoreOutcome, *, table: str, key: str, region: str, message: str
    ) -> None:
        """Refuse rows that would change a record registered outside the importer's regions."""
        if self.scope.everything:
            return
        where, params = self.scope.region_sql(f"x.{region}")
        for (row,) in staging.take(
            f"SELECT s.src_row FROM {STAGE} s JOIN {table} x ON x.{key} = s.{key} "
            f"WHERE x.{region} IS NULL OR NOT {where}",
            params,
        ):
            outcome.rejected[row] = [(key, message)]

    def upsert_staged(
        self, staging: Staging, outcome: StoreOutcome, spec: Upsert, *, now: dt.datetime | None = None
    ) -> None:
        """Insert or update the staged rows by their key, counting each row once."""
        if staging.count:
            outcome.inserted, outcome.updated = upsert(self.upsert_spec(spec), now=now)
        outcome.unchanged = staging.count - outcome.inserted - outcome.updated

    def finish(self, keys: Iterable[Hashable], changed: int) -> int:
        """After the last batch (in the same transaction for all-or-nothing): set-based work over
        the whole run. `keys` are the run's keys, `changed` how many rows were written. Returns
        the number of possible duplicates flagged."""
        return 0
