"""XLSX downloads: the beneficiary list and the monthly statement. Written row by row (openpyxl's
write-only workbook, so a 100k list streams from the database in chunks); every text cell that a
spreadsheet would run as a formula (=, +, -, @) is neutralised (`lindung.coverage.exports`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from lindung.coverage.exports import XLSX, xlsx_response  # noqa: F401 - used by the views
from lindung.sponsorship.models import Beneficiary
from lindung.sponsorship.selectors import Statement, person_amounts

CHUNK = 2000

BENEFICIARY_HEADER = [
    "NIK",
    "Nama",
    "Tanggal lahir",
    "Kode desa",
    "Desa",
    "Kategori",
    "Sumber",
    "Prioritas",
    "Status",
    "Alasan",
    "Keterangan",
    "Mulai dibayar",
    "Dibayar sampai",
]


def beneficiary_rows(beneficiaries: QuerySet[Beneficiary]) -> Iterable[list[object]]:
    for b in beneficiaries.iterator(chunk_size=CHUNK):
        yield [
            b.person.nik,
            b.person.name,
            b.person.birth_date,
            b.village_id,
            b.village.name,
            b.category,
            b.source,
            b.priority,
            b.get_status_display(),
            b.get_reason_display() if b.reason else "",
            b.detail,
            b.enrolled_from,
            b.paid_through,
        ]


STATEMENT_HEADER = ["No", "NIK", "Nama", "Kode desa", "Desa", "Kategori", "Program", "Iuran (Rp)"]


def statement_rows(statement: Statement, beneficiaries: QuerySet[Beneficiary]) -> Iterable[list[object]]:
    """One row per person on the month's bill (their lines on the issued invoice, else the package
    price), then the total."""
    amounts = person_amounts(statement)
    codes = "+".join(statement.programme.programme_codes)
    n = 0
    for n, b in enumerate(beneficiaries.iterator(chunk_size=CHUNK), start=1):
        amount = amounts.get(b.person_id, 0) if amounts is not None else statement.price
        yield [n, b.person.nik, b.person.name, b.village_id, b.village.name, b.category, codes, amount]
    yield [None, None, f"Jumlah {n} orang", None, None, None, None, statement.amount]
