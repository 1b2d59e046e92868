"""Contribution months and calendar arithmetic on whole months."""

from __future__ import annotations

import datetime as dt
import re

from lindung.rules.errors import RulesError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_start(value: dt.date | str, *, field: str = "month") -> dt.date:
    """The first day of a contribution month given as a date or as "YYYY-MM" (or "YYYY-MM-DD")."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = str(value).strip()
    m = _MONTH.match(text)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), 1)
        return dt.date.fromisoformat(text).replace(day=1)
    except ValueError:
        pass
    raise RulesError(f"{value!r} is not a month (use YYYY-MM)", field=field)


def as_date(value: dt.date | str, *, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise RulesError(f"{value!r} is not a date (use YYYY-MM-DD)", field=field) from None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clipped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, days_in_month(year, month + 1)))


def days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def last_full_month(day: dt.date) -> dt.date:
    """The first day of the last month that has ended on or before `day`."""
    if day.day == days_in_month(day.year, day.month):
        return day.replace(day=1)
    return add_months(day.replace(day=1), -1)


def month_index(day: dt.date) -> int:
    """Months since year 0: consecutive months differ by one."""
    return day.year * 12 + day.month - 1


def month_label(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
