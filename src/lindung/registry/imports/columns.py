"""The columns of an import file and how a header row is matched to them.

Headers are matched without regard to case, surrounding spaces, or spaces/hyphens versus
underscores ("Tanggal Lahir" = "tanggal_lahir"), in English or Indonesian. A header row with an
unknown column, a column given twice, or a required column missing is refused with one message
before any row is read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from lindung.errors import DomainError


class ImportFileError(DomainError):
    """The file as a whole cannot be imported (unreadable, wrong columns)."""


@dataclass(frozen=True)
class Column:
    key: str  # English header, and the name the importer uses
    indonesian: str  # Indonesian header (the one templates carry)
    required: bool
    description: str | Promise
    example: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.key, self.indonesian, *self.aliases)


def header_key(cell: object) -> str:
    """A header cell in the form headers are compared in."""
    s = str(cell or "").replace("\ufeff", "").strip().casefold()
    return re.sub(r"[\s\-]+", "_", s)


@dataclass(frozen=True)
class Layout:
    """Where each column of a kind sits in the file, and what the file calls it."""

    positions: dict[str, int]  # column key -> index in the row
    names: dict[str, str]  # column key -> header as written in the file (for messages)

    def index(self, key: str) -> int | None:
        return self.positions.get(key)

    def name(self, key: str) -> str:
        return self.names.get(key, key)


def resolve_header(cells: Sequence[object], columns: Sequence[Column], *, kind: str) -> Layout:
    """Match the header row to `columns`, or raise ImportFileError naming every problem at once."""
    by_header = {header_key(h): col for col in columns for h in col.headers}
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for i, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue  # blank header cells (often trailing in spreadsheets) carry nothing
        col = by_header.get(key)
        if col is None:
            unknown.append(str(cell).strip())
        elif col.key in positions:
            repeated.append(f"{names[col.key]}/{str(cell).strip()}")
        else:
            positions[col.key] = i
            names[col.key] = str(cell).replace("\ufeff", "").strip()
    missing = [f"{c.key} ({c.indonesian})" for c in columns if c.required and c.key not in positions]
    problems = []
    if unknown:
        problems.append(_("unknown column(s) %(names)s") % {"names": ", ".join(f'"{u}"' for u in unknown)})
    if repeated:
        problems.append(_("column(s) given twice: %(names)s") % {"names": ", ".join(repeated)})
    if missing:
        problems.append(_("missing column(s) %(names)s") % {"names": ", ".join(missing)})
    if problems:
        expected = ", ".join(f"{c.key}/{c.indonesian}" for c in columns)
        raise ImportFileError(
            _("row 1 (header) of a %(kind)s file: %(problems)s. Expected columns: %(expected)s")
            % {"kind": kind, "problems": "; ".join(problems), "expected": expected},
            field="file",
        )
    return Layout(positions, names)
