"""Rupiah and dates written the Indonesian way (pages, PDFs, command output)."""

from __future__ import annotations

import datetime as dt

from lindung.rules.money import rupiah

__all__ = ["MONTHS_ID", "bulan", "rupiah", "tanggal", "thousands"]

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def thousands(amount: int) -> str:
    """1005800 → '1.005.800'; −5000 → '-5.000'."""
    return f"{amount:,}".replace(",", ".")


def tanggal(day: dt.date) -> str:
    """15 Juli 2025"""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def bulan(month: dt.date) -> str:
    """Juni 2025"""
    return f"{MONTHS_ID[month.month - 1]} {month.year}"
