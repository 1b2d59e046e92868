"""Reading a bank or virtual-account statement (CSV). Pure: no database.

The file has a header row; columns are recognised by name, in Indonesian or English, any case:

    tanggal | date                      the day the money arrived: 2025-07-14, 14/07/2025, 14-07-2025
    jumlah | amount | nominal | kredit  the amount: 1250000, 1.250.000, 1.250.000,00, Rp 1.250.000
    va | virtual_account | no_va       the payer's virtual account number
    referensi | reference | ref         the bank's transaction reference (identifies the payment)
    keterangan | description | berita   free text; searched for a VA or invoice number when `va` is empty

`tanggal` and `jumlah` are required, and `va` or `keterangan`. Without a reference column, a
reference is derived from the row's content (and how many identical rows came before it), so
importing the same file again finds the same payments. Encodings: UTF-8 (with or without BOM) or
Windows-1252; separators `,` or `;`. Amounts are whole rupiah; a non-zero fraction is an error.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass

from lindung.rules.money import parse_rupiah

COLUMNS = {
    "date": ("tanggal", "date", "tgl", "tanggal_transaksi"),
    "amount": ("jumlah", "amount", "nominal", "kredit", "credit"),
    "va": ("va", "virtual_account", "no_va", "nomor_va"),
    "reference": ("referensi", "reference", "ref", "no_referensi"),
    "description": ("keterangan", "description", "berita", "uraian"),
}
VA_PATTERN = re.compile(r"\b8801\d{12}\b")
INVOICE_PATTERN = re.compile(r"\bINV/\d{6}/\d{10}\b")


@dataclass(frozen=True)
class StatementRow:
    row: int  # line number in the file (the header is row 1)
    paid_on: dt.date
    amount: int
    va: str
    reference: str
    description: str


class StatementError(Exception):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m in errors))
        self.errors = errors


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_date(text: str) -> dt.date:
    s = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date")


def _columns(header: list[str]) -> tuple[dict[str, int], list[tuple[str, str]]]:
    names = [h.strip().lower().replace(" ", "_") for h in header]
    found: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        for i, name in enumerate(names):
            if name in aliases:
                found[key] = i
                break
    errors = [("header", f"no {COLUMNS[k][0]} column") for k in ("date", "amount") if k not in found]
    if "va" not in found and "description" not in found:
        errors.append(("header", "no va column and no keterangan column to find the payer in"))
    return found, errors


def derived_reference(paid_on: dt.date, amount: int, va: str, description: str, nth: int) -> str:
    digest = hashlib.sha1(f"{paid_on}|{amount}|{va}|{description}|{nth}".encode()).hexdigest()
    return f"STMT-{digest[:20]}"


def _sniff(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def statement_rows(data: bytes) -> list[StatementRow]:
    """Every row of the statement, or StatementError listing each bad row and column."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff(text))
    header = next(reader, None)
    if header is None:
        raise StatementError([("file", "is empty")])
    cols, errors = _columns(header)
    if errors:
        raise StatementError(errors)
    rows, seen = [], Counter[tuple]()

    def cell(values: list[str], key: str) -> str:
        i = cols.get(key)
        return values[i].strip() if i is not None and i < len(values) else ""

    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        row_errors = []
        try:
            paid_on = parse_date(cell(values, "date"))
        except ValueError as exc:
            row_errors.append((f"row {number}, {header[cols['date']].strip()}", str(exc)))
        try:
            amount = parse_rupiah(cell(values, "amount"))
        except ValueError as exc:
            row_errors.append((f"row {number}, {header[cols['amount']].strip()}", str(exc)))
        if row_errors:
            errors.extend(row_errors)
            continue
        va, description = cell(values, "va"), cell(values, "description")
        reference = cell(values, "reference")
        if not reference:
            content = (paid_on, amount, va, description)
            seen[content] += 1
            reference = derived_reference(paid_on, amount, va, description, seen[content])
        rows.append(StatementRow(number, paid_on, amount, va, reference, description))
    if errors:
        raise StatementError(errors)
    return rows


def payer_hint(row: StatementRow) -> tuple[str, str]:
    """('va', number) or ('invoice', number) or ('', '') — how the row names its payer."""
    if row.va:
        return "va", row.va.replace(" ", "")
    text = f"{row.description} {row.reference}"
    if m := INVOICE_PATTERN.search(text):
        return "invoice", m.group(0)
    if m := VA_PATTERN.search(text):
        return "va", m.group(0)
    return "", ""
