"""Opening an import file: CSV (UTF-8 with or without BOM, or Windows-1252; `,` `;` or tab) or
XLSX (first sheet, read-only, streamed). Rows come out numbered as a spreadsheet shows them
(the header is row 1); blank rows are skipped but keep their numbers.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from lindung.registry.imports.columns import ImportFileError

CHUNK = 1 << 20
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


@dataclass
class FileFacts:
    """What a first pass over the bytes found: digest, format, encoding and a row estimate."""

    sha256: str
    size: int
    format: str  # "csv" or "xlsx"
    encoding: str = "utf-8"
    lines: int = 0
    nul: bool = False  # a NUL byte somewhere (no database text may hold one)


def inspect(path: Path) -> FileFacts:
    """One streaming pass: sha256, whether the text is valid UTF-8, and the number of lines."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, nul = True, False
    lines = size = 0
    last = b""
    with open(path, "rb") as f:
        head = f.read(CHUNK)
        fmt = "xlsx" if head.startswith(XLSX_MAGIC) else "csv"
        if head.startswith(OLE_MAGIC):
            raise ImportFileError(
                _("old .xls files cannot be read; save the file as .xlsx or CSV"), field="file"
            )
        chunk = head
        while chunk:
            digest.update(chunk)
            size += len(chunk)
            last = chunk[-1:]
            if fmt == "csv":
                lines += chunk.count(b"\n")
                nul = nul or b"\x00" in chunk
                if utf8:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        utf8 = False
            chunk = f.read(CHUNK)
    if fmt == "csv" and utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    encoding = ("utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8") if utf8 else "cp1252"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        encoding, nul = "utf-16", False
    lines += 1 if last not in (b"", b"\n") else 0
    return FileFacts(digest.hexdigest(), size, fmt, encoding, lines, nul)


Row = Sequence[Any]


class Unreadable(tuple[Any, ...]):
    """A row the CSV reader could not parse (a NUL byte, an overlong field): it is rejected."""

    def __new__(cls, reason: str) -> Unreadable:
        row = super().__new__(cls, ())
        row.reason = reason  # type: ignore[attr-defined]
        return row


def _filled(cell: Any) -> bool:
    return cell is not None and cell != "" and (type(cell) is not str or not cell.isspace())


class ImportFile:
    """An open import file: `header` (row 1) and `rows()` yielding (row number, cells)."""

    def __init__(self, path: Path, facts: FileFacts) -> None:
        self.path = path
        self.facts = facts
        self.header: list[Any] = []
        self.estimated_rows: int | None = None
        self._rows: Iterator[Row] = iter(())
        self._closers: list[Any] = []

    def __enter__(self) -> ImportFile:
        if self.facts.format == "xlsx":
            self._open_xlsx()
        else:
            self._open_csv()
        try:
            self.header = list(next(self._rows))
        except StopIteration:
            raise ImportFileError(_("the file is empty"), field="file") from None
        if not any(str(c or "").strip() for c in self.header):
            raise ImportFileError(_("row 1 must hold the column names"), field="file")
        return self

    def __exit__(self, *exc: object) -> None:
        for close in self._closers:
            close()

    def rows(self) -> Iterator[tuple[int, Row]]:
        """Data rows (row 2 onwards) that hold at least one value. A CSV line that cannot be
        parsed comes out as an `Unreadable` row in its place."""
        number = 1
        source = self._rows
        while True:
            try:
                cells = next(source)
            except StopIteration:
                return
            except csv.Error as exc:
                number += 1
                yield number, Unreadable(str(exc))
                continue
            number += 1
            if self.facts.nul and any("\x00" in c for c in cells):
                yield number, Unreadable(_("it holds a NUL character"))
                continue
            first = cells[0] if cells else None
            if (first and type(first) is str and not first.isspace()) or any(_filled(c) for c in cells):
                yield number, cells

    def _open_csv(self) -> None:
        # cp1252 leaves five bytes undefined; they are shown as U+FFFD rather than stopping the import.
        errors = "replace" if self.facts.encoding == "cp1252" else "strict"
        f = open(self.path, encoding=self.facts.encoding, errors=errors, newline="")  # noqa: SIM115
        self._closers.append(f.close)
        first = f.readline()
        f.seek(0)
        self._rows = csv.reader(f, delimiter=sniff_delimiter(first))
        self.estimated_rows = max(self.facts.lines - 1, 0)

    def _open_xlsx(self) -> None:
        from openpyxl import load_workbook

        try:
            wb = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file; all mean "unreadable"
            raise ImportFileError(
                _("the file cannot be read as XLSX (%(reason)s)") % {"reason": exc}, field="file"
            ) from exc
        self._closers.append(wb.close)
        ws = wb.worksheets[0]
        self._rows = ws.iter_rows(values_only=True)
        self.estimated_rows = (ws.max_row - 1) if ws.max_row else None


def sniff_delimiter(header_line: str) -> str:
    """The separator the header row uses most: `;` (Excel in Indonesian locale), `,` or tab."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def open_import_file(path: Path, facts: FileFacts | None = None) -> ImportFile:
    return ImportFile(path, facts or inspect(path))
