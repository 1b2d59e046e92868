"""Contribution and wage histories given as (month, amount...) rows: parsed, checked, ordered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from lindung.rules.errors import RulesError
from lindung.rules.months import month_label, month_start


def monthly_rows(
    rows: Iterable[Sequence[object]], *, field: str, width: int
) -> list[tuple[dt.date, tuple[int, ...]]]:
    """(first day of month, amounts) per row, ordered by month; a repeated month, a negative or
    non-whole amount raises RulesError naming the row."""
    found: dict[dt.date, tuple[int, ...]] = {}
    for i, row in enumerate(rows, start=1):
        if len(row) != width + 1:
            raise RulesError(f"row {i}: expected a month and {width} amount(s)", field=field)
        month = month_start(row[0], field=f"{field} row {i}")  # type: ignore[arg-type]
        amounts = row[1:]
        for amount in amounts:
            if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
                raise RulesError(
                    f"row {i} ({month_label(month)}): {amount!r} is not a whole number of rupiah", field=field
                )
        if month in found:
            raise RulesError(f"row {i}: the month {month_label(month)} appears twice", field=field)
        found[month] = tuple(amounts)  # type: ignore[arg-type]
    return sorted(found.items())
