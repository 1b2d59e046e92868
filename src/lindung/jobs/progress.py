"""Progress reporting for long work, the same interface on the command line and in a job.

Long services take `progress: Progress` and call `progress.start(total)`, `progress.advance(n)`
and `progress.finish()`; they never know whether a bar or a job row is listening.
"""

from __future__ import annotations

import sys
import time


class Progress:
    """Silent progress: the default when nobody is watching."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.done = 0
        self.message = ""

    def start(self, total: int | None, message: str = "") -> None:
        self.total, self.done, self.message = total, 0, message
        self._changed()

    def advance(self, n: int = 1, message: str | None = None) -> None:
        self.done += n
        if message is not None:
            self.message = message
        self._changed()

    def finish(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        if self.total is not None:
            self.done = max(self.done, self.total)
        self._changed(force=True)

    def _changed(self, force: bool = False) -> None:
        pass


class BarProgress(Progress):
    """A tqdm bar on stderr for commands run in a terminal."""

    def __init__(self, unit: str = "rows", disable: bool | None = None) -> None:
        super().__init__()
        self.unit = unit
        self.disable = (not sys.stderr.isatty()) if disable is None else disable
        self._bar = None

    def start(self, total: int | None, message: str = "") -> None:
        from tqdm import tqdm

        self._bar = tqdm(
            total=total, unit=self.unit, desc=message or None, disable=self.disable, file=sys.stderr
        )
        super().start(total, message)

    def advance(self, n: int = 1, message: str | None = None) -> None:
        super().advance(n, message)
        if self._bar is not None:
            if message:
                self._bar.set_description(message)
            self._bar.update(n)

    def finish(self, message: str | None = None) -> None:
        super().finish(message)
        if self._bar is not None:
            self._bar.close()


class ThrottledProgress(Progress):
    """Calls `write()` at most once every `interval` seconds (and always on finish)."""

    interval = 0.5

    def __init__(self) -> None:
        super().__init__()
        self._last = 0.0

    def _changed(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= self.interval:
            self._last = now
            self.write()

    def write(self) -> None:
        raise NotImplementedError
