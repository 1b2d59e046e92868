"""Fixtures for the import tests: real files written the way people's tools write them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from lindung.registry.models import Employer

FileWriter = Callable[..., Path]


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the command line's language); pages test Indonesian."""
    with translation.override("en"):
        yield


@pytest.fixture
def csv_file(tmp_path: Path) -> FileWriter:
    """`csv_file(rows, encoding="utf-8-sig", sep=",")`: a CSV file as Excel or a text editor saves it."""

    def write(
        rows: Sequence[Sequence[object]], *, encoding: str = "utf-8", sep: str = ",", name: str = ""
    ) -> Path:
        lines = [sep.join("" if v is None else str(v) for v in row) for row in rows]
        path = tmp_path / (name or f"file{len(list(tmp_path.iterdir()))}.csv")
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
        return path

    return write


@pytest.fixture
def xlsx_file(tmp_path: Path) -> FileWriter:
    """`xlsx_file(rows)`: an XLSX workbook whose first sheet holds `rows` (dates as date cells)."""

    def write(rows: Sequence[Sequence[object]], *, name: str = "") -> Path:
        wb = Workbook()
        ws = wb.active
        for row in rows:
            ws.append(list(row))
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
        path = tmp_path / (name or f"file{len(list(tmp_path.iterdir()))}.xlsx")
        wb.save(path)
        return path

    return write


@pytest.fixture
def employer(regions) -> Employer:
    """A small (kecil) employer in Tanjung Jabung Timur."""
    return Employer.objects.create(
        npp="NPP0001", name="CV Maju", region_id="1507", size_class="kecil", risk_class="II"
    )
