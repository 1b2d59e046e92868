"""Numbers as Indonesian readers write them: `1.234.567`, `29,51 %`, `Rp83.042.400`.

Independent of the active language on purpose: charts, maps and the PDF brief are Indonesian
documents, and a report must read the same whoever generated it.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from lindung.rules.money import rupiah


def number_id(value: int | Decimal, decimals: int = 0) -> str:
    """1234567 -> "1.234.567"; with decimals=2, Decimal("1234.5") -> "1.234,50" (half up)."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{groups},{fraction}" if fraction else f"{sign}{groups}"


def percent_id(ratio: Decimal | int, decimals: int = 2) -> str:
    """A ratio as a percentage: Decimal("0.2951") -> "29,51 %"."""
    return f"{number_id(Decimal(ratio) * 100, decimals)} %"


def rupiah_id(amount: int) -> str:
    """83042400 -> "Rp83.042.400" (money is whole rupiah; `rules.money.rupiah`)."""
    return rupiah(amount)


MONTHS_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def month_id(day: dt.date) -> str:
    """date(2024, 3, 1) -> "Mar 2024"."""
    return f"{MONTHS_ID[day.month - 1]} {day.year}"
