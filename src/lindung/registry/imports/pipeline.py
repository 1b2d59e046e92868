"""Reading a file into batches of clean records, in a thread of its own.

Python reads and checks batch N+1 while the database stores batch N, so the slower of the two
sets the pace rather than their sum. The reader touches no database; the queue between the two
holds at most `DEPTH` batches. What grows with the file is only `RunKeys`: the key of every row
taken, with its row number (about 100 bytes a row), so a key repeated anywhere in the file is
rejected naming the row of its first appearance.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.utils import translation

from lindung.registry.imports.columns import Layout
from lindung.registry.imports.kinds import ImportKind, Problems

DEPTH = 2


@dataclass
class Batch:
    records: list[tuple[Any, ...]] = field(default_factory=list)
    payload: bytes | None = None  # `ImportKind.encode` of the records, made in the reading thread
    rejected: list[tuple[int, Problems]] = field(default_factory=list)
    rows: int = 0  # rows read, good or bad


def extractor(layout: Layout, kind: type[ImportKind]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """A function picking a row's cells in the kind's column order (None for absent columns)."""
    idx = [layout.index(c.key) for c in kind.columns]
    if all(i is not None for i in idx):
        present = [i for i in idx if i is not None]
        width = max(present) + 1
        getter = itemgetter(*present) if len(present) > 1 else (lambda cells: (cells[present[0]],))

        def pick(cells: Sequence[Any]) -> Sequence[Any]:
            if len(cells) >= width:
                return getter(cells)
            return tuple(cells[i] if i < len(cells) else None for i in present)

        return pick

    def pick_some(cells: Sequence[Any]) -> Sequence[Any]:
        n = len(cells)
        return tuple(cells[i] if i is not None and i < n else None for i in idx)

    return pick_some


RunKeys = dict[Hashable, int]  # compact key -> row of its first appearance


def read_batches(
    rows: Iterable[tuple[int, Sequence[Any]]],
    importer: ImportKind,
    layout: Layout,
    keys: RunKeys,
    *,
    size: int,
) -> Iterator[Batch]:
    """Clean rows into batches, rejecting bad rows and rows whose key an earlier row had."""
    pick = extractor(layout, type(importer))
    clean, compact, encode = importer.clean, importer.compact_key, importer.encode
    key_at = importer.key_index()
    batch = Batch()
    for number, cells in rows:
        batch.rows += 1
        result = clean(number, pick(cells))
        if type(result) is tuple:
            key = result[key_at]
            earlier = keys.setdefault(compact(key), number)
            if earlier == number:
                batch.records.append(result)
            else:
                batch.rejected.append((number, importer.repeated(str(key), earlier)))
        else:
            batch.rejected.append((number, result))  # type: ignore[arg-type]
        if batch.rows >= size:
            batch.payload = encode(batch.records) if batch.records else None
            yield batch
            batch = Batch()
    if batch.rows:
        batch.payload = encode(batch.records) if batch.records else None
        yield batch


_DONE = object()


def in_thread(source: Iterator[Batch], depth: int = DEPTH) -> Iterator[Batch]:
    """Run `source` in a thread, handing its batches over through a bounded queue. An error in the
    thread is raised here; stopping early (or an error here) stops the thread."""
    handover: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()
    language = translation.get_language()  # messages in the reader speak the caller's language

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                handover.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            if language:
                translation.activate(language)
            for batch in source:
                if not put(batch):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the consumer, which raises it
            put(exc)

    worker = threading.Thread(target=produce, name="lindung-import-reader", daemon=True)
    worker.start()
    try:
        while True:
            item = handover.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join(timeout=5)
