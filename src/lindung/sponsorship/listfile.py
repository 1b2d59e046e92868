"""Reading a beneficiary list with the registry import's readers and cell parsers
(`lindung.registry.imports`): CSV (UTF-8, UTF-16 or Windows-1252; `,` `;` or tab) or XLSX (the
first sheet, streamed), rows numbered as a spreadsheet shows them (the header is row 1; blank rows
skipped but keep their numbers), the header matched in English or Indonesian — an unknown, repeated
or missing column refuses the file before any row is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lindung.registry.imports.columns import Column, resolve_header
from lindung.registry.imports.files import FileFacts, Unreadable, inspect, open_import_file
from lindung.registry.imports.values import (
    SEXES,
    CellError,
    digits,
    parse_choice,
    parse_date,
    parse_whole,
    shown,
    text,
)

__all__ = [
    "CellError",
    "cell_nik",
    "cell_priority",
    "cell_sex",
    "cell_village",
    "list_facts",
    "parse_date",
    "text",
]

COLUMNS = (
    Column("nik", "nik", True, _("16 digits (format the column as text in Excel)"), "1507015203850001"),
    Column("name", "nama", True, _("Full name as on the KTP"), "Siti Aminah"),
    Column("birth_date", "tanggal_lahir", True, _("YYYY-MM-DD or DD-MM-YYYY"), "12-03-1985"),
    Column("sex", "jenis_kelamin", True, _("L or P"), "P"),
    Column(
        "village_code",
        "kode_desa",
        True,
        _("Kemendagri village code, 10 digits"),
        "1507012001",
        aliases=("kode_wilayah", "kode_kelurahan"),
    ),
    Column("category", "kategori", True, _("One of the programme's target categories"), "miskin ekstrem"),
    Column("source", "sumber", False, _("Where the person was found, e.g. a P3KE decile"), "P3KE desil 1"),
    Column("priority", "prioritas", False, _("1 first; empty last"), "1", aliases=("urutan",)),
)
UNREADABLE = "_unreadable"  # the key under which a row that could not be parsed says why


def list_facts(path: Path) -> FileFacts:
    """One pass over the bytes: sha256, format and encoding."""
    return inspect(path)


def read_beneficiary_rows(path: Path, facts: FileFacts | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column: raw cell}) for each non-blank data row; a row the reader could not
    parse comes as {UNREADABLE: why}. Raises ImportFileError (field "file") for the whole file."""
    with open_import_file(Path(path), facts) as source:
        layout = resolve_header(source.header, COLUMNS, kind=gettext("beneficiary list"))
        for number, cells in source.rows():
            if isinstance(cells, Unreadable):
                yield number, {UNREADABLE: getattr(cells, "reason", "")}
                continue
            yield number, {key: cells[i] if i < len(cells) else None for key, i in layout.positions.items()}


def cell_nik(value: Any) -> str:
    """A NIK is 16 digits; Excel keeps 15 significant digits of a number, so a NIK stored as a
    number may have lost its last digit (however the file now writes it): refused, not guessed."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(
            f"{shown(value)}: a NIK stored as a number may have lost digits; format the column as text"
        )
    return digits(value, what="NIK")


def cell_village(value: Any) -> str:
    """A village code, dotted (15.07.01.2001) or not."""
    return digits(value, what="village code").replace(".", "").replace(" ", "")


def cell_sex(value: Any) -> str:
    return parse_choice(value, SEXES, hint="L, P (or M, F)")


def cell_priority(value: Any) -> int | None:
    """A whole number, or None for an empty cell (placed after every numbered one)."""
    return None if text(value) == "" else parse_whole(value)
