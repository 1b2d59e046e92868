"""The key of every row an import has taken, with the row it came from, so a key repeated anywhere
later in the file is rejected naming the row of its first appearance.

A million NIKs in a Python dict would cost about 100 MB, ten million a gigabyte: the keys live
instead in a private temporary SQLite database on disk (`sqlite3.connect("")`) with a small page
cache, so the importer's memory stays flat whatever the file's size. Each batch is checked and
added with three set-based statements.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Hashable, Iterator, Sequence
from typing import Any

PAGE_CACHE_KB = 8192


class RunKeys:
    def __init__(self) -> None:
        self.db = sqlite3.connect("", check_same_thread=False, isolation_level=None)
        self.db.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KB}")
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("CREATE TABLE seen (key PRIMARY KEY, first_row INTEGER NOT NULL) WITHOUT ROWID")
        self.db.execute("CREATE TABLE batch (key, row INTEGER NOT NULL)")

    def admit(self, keys: Sequence[tuple[Any, int]]) -> dict[int, int]:
        """Remember `keys` (key, row; no key twice) and return {row: first row} for those whose key
        an earlier batch already had (those are not remembered again)."""
        db = self.db
        db.execute("BEGIN")
        db.execute("DELETE FROM batch")
        ordered: list[tuple[Any, int]] = sorted(keys, key=_by_key)
        db.executemany("INSERT INTO batch (key, row) VALUES (?, ?)", ordered)
        repeated = dict(db.execute("SELECT b.row, s.first_row FROM batch b JOIN seen s ON s.key = b.key"))
        db.execute("INSERT OR IGNORE INTO seen (key, first_row) SELECT key, row FROM batch")
        db.execute("COMMIT")
        return repeated

    def keys(self) -> Iterator[Hashable]:
        for (key,) in self.db.execute("SELECT key FROM seen"):
            yield key

    def close(self) -> None:
        self.db.close()


def _by_key(pair: tuple[Any, int]) -> Any:
    return pair[0]  # inserted in key order, the B-tree fills page by page
