"""Blank import files to fill in: the Indonesian headers and one example row, as CSV (UTF-8 with
BOM, `;` as Excel in an Indonesian locale expects) or XLSX (with a second sheet describing the
columns; only the first sheet is imported)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from lindung.registry.imports.columns import Column
from lindung.registry.imports.kinds import ImportKind
from lindung.registry.imports.values import CellError, parse_date, parse_rupiah

DATE_KEYS = {"birth_date", "start_date", "end_date", "valid_from", "valid_to"}
AMOUNT_KEYS = {"contract_value", "wage", "pmi_jht_amount"}
FORMATS = ("csv", "xlsx")


def template_csv(kind: type[ImportKind]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow([c.indonesian for c in kind.columns])
    w.writerow([c.example for c in kind.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(kind: type[ImportKind]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = str(kind.name)
    ws.append([c.indonesian for c in kind.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, col in enumerate(kind.columns, start=1):
        cell = ws.cell(row=2, column=i, value=_example_cell(col))
        cell.number_format = (
            "yyyy-mm-dd" if col.key in DATE_KEYS else "#,##0" if col.key in AMOUNT_KEYS else "@"
        )
        ws.column_dimensions[cell.column_letter].width = max(14, len(col.indonesian) + 4)
    guide = wb.create_sheet("petunjuk")
    guide.append(["kolom", "column", "wajib / required", "keterangan / description"])
    for col in kind.columns:
        guide.append([col.indonesian, col.key, "ya" if col.required else "tidak", str(col.description)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _example_cell(col: Column) -> str | int | dt.date | None:
    """Dates as date cells and amounts as numbers, as people's spreadsheets have them."""
    if not col.example:
        return None
    try:
        if col.key in DATE_KEYS:
            return parse_date(col.example)
        if col.key in AMOUNT_KEYS:
            return parse_rupiah(col.example)
    except CellError:
        pass
    return col.example


def template_bytes(kind: type[ImportKind], fmt: str) -> bytes:
    return template_xlsx(kind) if fmt == "xlsx" else template_csv(kind)


def template_name(kind: type[ImportKind], fmt: str, today: dt.date | None = None) -> str:
    return f"lindung-{kind.name}-template.{fmt}"
