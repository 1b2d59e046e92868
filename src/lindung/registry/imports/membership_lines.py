"""Placing imported membership rows on each person's timeline, batch by batch, in file order.

A *line* is where memberships may not overlap: the same person, segment and employer (PU) or
project (Jakon); for BPU and PMI the same person and segment, whoever pays. On its line a row
- with the start date of an existing version corrects that version in place (or changes nothing);
- otherwise opens a new version. An open version that started earlier is closed on the new start
  date and becomes the new version's `previous` (an effective-dated change, as the services do);
  a version that already ended on that date is linked as `previous` too. Any other overlap
  rejects the row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

Line = tuple[int, str, int | None, int | None]  # person, segment, employer, project


@dataclass
class Version:
    id: int  # negative until the new version gets its database id
    line: Line
    valid_from: dt.date
    valid_to: dt.date | None
    terms: tuple[Any, ...]  # programmes, wage, payer and the other columns an import sets
    has_next: bool = False
    previous: int | None = None
    row: int | None = None  # the file row that created it (new versions)
    changed: bool = False  # an existing version to write back

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        return (self.valid_to is None or start < self.valid_to) and (end is None or self.valid_from < end)

    def describe(self) -> str:
        until = self.valid_to.isoformat() if self.valid_to else _("open")
        text = _("the %(segment)s membership from %(start)s to %(end)s") % {
            "segment": self.line[1],
            "start": self.valid_from.isoformat(),
            "end": until,
        }
        if self.row is not None:
            text += " " + _("(row %(row)s)") % {"row": self.row}
        return text


@dataclass
class Timeline:
    """The versions of the batch's people, and what the batch does to them."""

    lines: dict[Line, list[Version]] = field(default_factory=lambda: defaultdict(list))
    new: list[Version] = field(default_factory=list)
    updated: int = 0
    unchanged: int = 0
    _next_temp: int = -1

    def add_existing(self, version: Version) -> None:
        self.lines[version.line].append(version)

    def place(
        self, *, row: int, line: Line, start: dt.date, end: dt.date | None, terms: tuple[Any, ...]
    ) -> str | None:
        """Apply one row; returns why it is rejected, or None."""
        versions = self.lines[line]
        same = next((v for v in versions if v.valid_from == start), None)
        if same is not None:
            return self._correct(same, versions, end, terms)
        clashes = [v for v in versions if v.overlaps(start, end)]
        previous = None
        if len(clashes) == 1 and clashes[0].valid_to is None and clashes[0].valid_from < start:
            previous = clashes[0]
            previous.valid_to, previous.changed = start, previous.id > 0
        elif clashes:
            return _("overlaps %(other)s") % {"other": clashes[0].describe()}
        else:
            previous = next((v for v in versions if v.valid_to == start and not v.has_next), None)
        version = Version(self._next_temp, line, start, end, terms, row=row)
        self._next_temp -= 1
        if previous is not None:
            previous.has_next = True
            version.previous = previous.id
        versions.append(version)
        self.new.append(version)
        return None

    def _correct(
        self, same: Version, versions: list[Version], end: dt.date | None, terms: tuple[Any, ...]
    ) -> str | None:
        # A row without an end date leaves alone the end a later version gave this one.
        if end is None and same.has_next:
            end = same.valid_to
        if end == same.valid_to and terms == same.terms:
            self.unchanged += 1
            return None
        others = [v for v in versions if v is not same and v.overlaps(same.valid_from, end)]
        if others:
            return _("overlaps %(other)s") % {"other": others[0].describe()}
        same.valid_to, same.terms = end, terms
        if same.id > 0:
            same.changed = True
            self.updated += 1
        else:
            self.unchanged += 1  # a repeat of a row earlier in this batch is caught before; keep counts whole
        return None

    def assign_ids(self, ids: list[int]) -> None:
        """Give the new versions their database ids (in order) and fix the links between them."""
        real = {v.id: i for v, i in zip(self.new, ids, strict=True)}
        for v in self.new:
            v.id = real[v.id]
        for v in self.new:
            if v.previous is not None and v.previous < 0:
                v.previous = real[v.previous]

    def changed_versions(self) -> list[Version]:
        return [v for vs in self.lines.values() for v in vs if v.changed]
