"""Argument checks shared by the benefit calculators: each names the field it is about."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from lindung.rules.errors import RulesError
from lindung.rules.months import as_date

PROGRAMME_START = dt.date(2015, 7, 1)


def whole(value: object, field: str, *, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise RulesError(f"{value!r} must be a whole number of at least {minimum}", field=field)
    return value


def event_day(value: dt.date | str, field: str = "event_date") -> dt.date:
    day = as_date(value, field=field)
    if day < PROGRAMME_START:
        raise RulesError(
            f"{day.isoformat()} is before BPJS Ketenagakerjaan's programmes began (2015-07-01)", field=field
        )
    return day


def decimal(value: object, field: str, *, low: Decimal, high: Decimal) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise RulesError(f"{value!r} is not a number", field=field) from None
    if isinstance(value, float) or not number.is_finite() or not low <= number <= high:
        raise RulesError(f"{value!r} must be between {low} and {high}", field=field)
    return number
