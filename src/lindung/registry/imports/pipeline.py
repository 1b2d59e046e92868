"""Reading a file into batches of clean records, in a thread of its own.

Python reads and checks batch N+1 while the database stores batch N, so the slower of the two
sets the pace rather than their sum. The reader touches no database; the queue between the two
holds at most `DEPTH` batches, and the keys already taken wait on disk (`RunKeys`): memory stays
flat whatever the file's size.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from lindung.registry.imports.columns import Layout
from lindung.registry.imports.files import Unreadable
from lindung.registry.imports.kinds import ImportKind, Problems
from lindung.registry.imports.run_keys import RunKeys

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
    clean = importer.clean
    batch = Batch()
    for number, cells in rows:
        batch.rows += 1
        if type(cells) is Unreadable:
            reason = _("this row cannot be read (%(reason)s)") % {"reason": cells.reason}  # type: ignore[attr-defined]
            batch.rejected.append((number, [("row", reason)]))
            continue
        result = clean(number, pick(cells))
        if type(result) is tuple:
            batch.records.append(result)
        else:
            batch.rejected.append((number, result))  # type: ignore[arg-type]
        if batch.rows >= size:
            yield _finish(batch, importer, keys)
            batch = Batch()
    if batch.rows:
        yield _finish(batch, importer, keys)


def _finish(batch: Batch, importer: ImportKind, keys: RunKeys) -> Batch:
    """Drop records whose key came earlier in the file (in this batch or before), then encode."""
    key_at, compact = importer.key_index(), importer.compact_key
    first: dict[Hashable, int] = {}
    fresh, pairs = [], []
    for record in batch.records:
        key = compact(record[key_at])
        earlier = first.setdefault(key, record[0])
        if earlier == record[0]:
            fresh.append(record)
            pairs.append((key, record[0]))
        else:
            batch.rejected.append((record[0], importer.repeated(str(record[key_at]), earlier)))
    repeated = keys.admit(pairs)
    if repeated:
        by_row = {r[0]: r for r in fresh}
        for row, earlier in repeated.items():
            batch.rejected.append((row, importer.repeated(str(by_row[row][key_at]), earlier)))
        fresh = [r for r in fresh if r[0] not in repeated]
    batch.records = fresh
    batch.payload = importer.encode(fresh) if fresh else None
    return batch


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
