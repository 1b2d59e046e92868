"""Reading a beneficiary list file: CSV (UTF-8 with or without BOM, else Windows-1252; `,` `;` or
tab) or XLSX (the first sheet, streamed). Rows are numbered as a spreadsheet shows them (the header
is row 1); blank rows are skipped but keep their numbers.

The registry's bulk import (`lindung.registry.imports`, not yet on main when this was written) has
readers and cell parsers of its own; `read_beneficiary_rows` and the `cell_*` parsers are the only
entry points, so they can be swapped for those once it lands.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lindung.errors import DomainError

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
COLUMNS: dict[str, tuple[str, ...]] = {
    "nik": ("nik", "no_ktp", "nomor_induk_kependudukan"),
    "name": ("name", "nama", "nama_lengkap"),
    "birth_date": ("birth_date", "tanggal_lahir", "tgl_lahir"),
    "sex": ("sex", "jenis_kelamin", "jk"),
    "village_code": ("village_code", "kode_desa", "kode_wilayah", "kode_kelurahan"),
    "category": ("category", "kategori"),
    "source": ("source", "sumber"),
    "priority": ("priority", "prioritas", "urutan"),
}
REQUIRED = ("nik", "name", "birth_date", "sex", "village_code", "category")
ALIASES = {alias: column for column, names in COLUMNS.items() for alias in names}


class CellError(ValueError):
    """A cell that cannot be read; the message quotes the value."""


def _header_key(cell: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(cell or "").strip().casefold())


def _layout(header: list[Any]) -> dict[str, int]:
    """Column name → position; extra columns are ignored, missing required ones refused."""
    layout: dict[str, int] = {}
    for i, cell in enumerate(header):
        column = ALIASES.get(_header_key(cell))
        if column and column not in layout:
            layout[column] = i
    missing = [c for c in REQUIRED if c not in layout]
    if missing:
        raise DomainError(
            f"row 1 lacks the column(s) {', '.join(missing)} (expected: {', '.join(COLUMNS)})", field="file"
        )
    return layout


def read_beneficiary_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column: raw cell}) for each non-blank data row of the file at `path`."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(OLE_MAGIC):
        raise DomainError("old .xls files cannot be read; save the list as .xlsx or CSV", field="file")
    rows = _xlsx_rows(path) if head.startswith(XLSX_MAGIC) else _csv_rows(path)
    try:
        header = next(rows)
    except StopIteration:
        raise DomainError("the file is empty", field="file") from None
    layout = _layout(list(header))
    number = 1
    for cells in rows:
        number += 1
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        yield number, {col: cells[i] if i < len(cells) else None for col, i in layout.items()}


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    encoding = _encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as f:
        first = f.readline()
        f.seek(0)
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
        yield from csv.reader(f, delimiter=delimiter)


def _encoding(path: Path) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        bom = f.read(3) == codecs.BOM_UTF8
        f.seek(0)
        try:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig" if bom else "utf-8"


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; all mean "unreadable"
        raise DomainError(f"the file cannot be read as XLSX ({exc})", field="file") from exc
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


# --- cells ----------------------------------------------------------------------------------------


def shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f'"{value}"'


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def cell_digits(value: Any, *, what: str) -> str:
    """A code of digits (NIK, region code). Excel keeps 15 significant digits of a number, so a
    16-digit code stored as a number may have lost its last digit (however the file now writes
    it): say so rather than guess."""
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 1e15:
        raise CellError(
            f"{shown(value)}: a {what} stored as a number has lost digits; format the column as text"
        )
    return cell_text(value).replace(".", "").replace(" ", "")


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def cell_date(value: Any) -> dt.date:
    """An XLSX date, or text YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY or DD.MM.YYYY."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if m := _ISO.fullmatch(text):
        y, mo, d = m.groups()
    elif m := _DAY_FIRST.fullmatch(text):
        d, mo, y = m.groups()
    else:
        raise CellError(f"{shown(text)} is not a date (use YYYY-MM-DD or DD-MM-YYYY)")
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        raise CellError(f"{shown(text)} is not a date") from None


def cell_whole(value: Any) -> int | None:
    """A whole number, or None for an empty cell."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = cell_text(value)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    raise CellError(f"{shown(value)} is not a whole number")
