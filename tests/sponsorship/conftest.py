"""Sponsorship test data: sponsors and programmes through the services, beneficiary list files
written as real CSV/XLSX files, registry records through the registry's services.

NIKs are composed by hand: district (6) + DDMMYY (day + 40 for women) + serial (4). The package
price every expectation uses is regulation.md E15: JKK 1 % × Rp1.000.000 = 10.000 plus JKM
Rp6.800 = Rp16.800 a person a month (sponsored, so the PP 50/2025 discount does not apply).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from lindung.registry.models import Employer
from lindung.registry.nik import compose_nik
from lindung.registry.services.employers import employer_register
from lindung.sponsorship.models import Sponsor, SponsoredProgramme
from lindung.sponsorship.services.imports import beneficiary_list_import
from lindung.sponsorship.services.setup import programme_create, sponsor_create

PRICE = 16_800  # E15, see the module docstring
YEAR = 2026
JAN, DEC_31 = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
VILLAGE_A = "1507012001"  # Alang-Alang, kecamatan Muara Sabak Timur (150701), Tanjung Jabung Timur
VILLAGE_B = "1507022003"  # Simpang Jelita, kecamatan Nipah Panjang (150702)
VILLAGE_CITY = "1571011001"  # Simpang IV Sipin, Kota Jambi (1571): outside a 1507 programme
HEADER = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_desa", "kategori", "sumber", "prioritas"]
_serial = itertools.count(1)


def person_row(
    *,
    born: dt.date = dt.date(1985, 3, 12),
    sex: str = "P",
    village: str = VILLAGE_A,
    name: str = "Siti Aminah",
    category: str = "miskin ekstrem",
    source: str = "P3KE desil 1",
    priority: Any = 1,
    nik: str | None = None,
) -> dict[str, Any]:
    """One list row with a valid NIK for `born`, `sex` and `village`'s district."""
    nik = nik or compose_nik(village[:6], born, "F" if sex in ("P", "F") else "M", next(_serial))
    return {
        "nik": nik,
        "nama": name,
        "tanggal_lahir": born.strftime("%d-%m-%Y"),
        "jenis_kelamin": sex,
        "kode_desa": village,
        "kategori": category,
        "sumber": source,
        "prioritas": "" if priority is None else priority,
    }


def write_csv(path: Path, rows: list[dict[str, Any]], header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h, "") for h in header])
    return path


def write_xlsx(path: Path, rows: list[dict[str, Any]], header: list[str] = HEADER) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append([row.get(h) for h in header])
    wb.save(path)
    return path


class Scene:
    def __init__(self, actor: Any, tmp_path: Path) -> None:
        self.actor = actor
        self.tmp_path = tmp_path
        self._files = itertools.count(1)

    def sponsor(
        self, name: str = "Pemerintah Provinsi Jambi", region: str = "15", kind: str = "province"
    ) -> Sponsor:
        return sponsor_create(actor=self.actor, kind=kind, name=name, region_code=region)

    def programme(
        self,
        sponsor: Sponsor,
        *,
        budget: int,
        name: str = "BKBK Jamsostek",
        year: int = YEAR,
        regions: tuple[str, ...] = ("1507",),
        **fields: Any,
    ) -> SponsoredProgramme:
        return programme_create(
            actor=self.actor,
            sponsor=sponsor,
            name=name,
            fiscal_year=year,
            period_start=fields.pop("period_start", dt.date(year, 1, 1)),
            period_end=fields.pop("period_end", dt.date(year, 12, 31)),
            budget=budget,
            region_codes=regions,
            **fields,
        )

    def employer(self, npp: str, *, size_class: str = "besar", name: str = "PT Sabak Sawit") -> Employer:
        return employer_register(
            actor=self.actor, npp=npp, name=name, region_code="1507", size_class=size_class, risk_class="II"
        )

    def csv(self, rows: list[dict[str, Any]], header: list[str] = HEADER) -> Path:
        return write_csv(self.tmp_path / f"list{next(self._files)}.csv", rows, header)

    def load(
        self,
        programme: SponsoredProgramme,
        rows: list[dict[str, Any]],
        *,
        start: dt.date = JAN,
        actor: Any = None,
    ):
        return beneficiary_list_import(
            actor=actor or self.actor, programme=programme, path=self.csv(rows), start=start
        )


@pytest.fixture
def admin(users):
    return users.admin()


@pytest.fixture
def scene(admin, tmp_path) -> Scene:
    return Scene(admin, tmp_path)
