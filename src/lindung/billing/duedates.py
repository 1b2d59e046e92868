"""When a contribution is due (regulation.md §3.10, §3.9). Pure: no database.

- PU: the 15th of the month after the contribution month; when that day is a Saturday, a Sunday or
  an Indonesian public holiday (the `holidays` package), the next working day. For contribution
  months August 2020 – January 2021 (PP 49/2020) the 30th (the month's last day in February).
- BPU (and a sponsored programme paying the BPU package): the 15th of the contribution month itself
  (paid in advance); the regulation moves only the PU deadline, so this one is not moved.
- Jakon: at project registration — the project's start date — for the months up to the project's
  start (the contract-value contribution paid once); later months (wages known) follow the PU rule.
- PMI: before departure — the membership's start — for the months up to that start; later months
  (the optional JHT paid monthly) follow the BPU rule.

An invoice is due on the earliest due date of its lines.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

import holidays

PU_DAY = 15
BPU_DAY = 15
# PP 49/2020: the deadline moved to the 30th for these contribution months. A dated parameter that
# belongs with the rules package's parameters once it carries it.
PP49_2020_MONTHS = (dt.date(2020, 8, 1), dt.date(2021, 1, 1))
PP49_2020_DAY = 30


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def _day_of(month: dt.date, day: int) -> dt.date:
    return month.replace(day=min(day, calendar.monthrange(month.year, month.month)[1]))


def pu_due(month: dt.date) -> dt.date:
    day = PP49_2020_DAY if PP49_2020_MONTHS[0] <= month <= PP49_2020_MONTHS[1] else PU_DAY
    return next_working_day(_day_of(add_months(month, 1), day))


def bpu_due(month: dt.date) -> dt.date:
    return _day_of(month, BPU_DAY)


def due_date(
    segment: str,
    month: dt.date,
    *,
    project_start: dt.date | None = None,
    membership_start: dt.date | None = None,
) -> dt.date:
    """The due date of a line of `segment` on the invoice for contribution `month`."""
    month = month_start(month)
    if segment == "PU":
        return pu_due(month)
    if segment == "BPU":
        return bpu_due(month)
    if segment == "JAKON":
        if project_start is not None and project_start >= month:
            return project_start
        return pu_due(month)
    if segment == "PMI":
        if membership_start is not None and membership_start >= month:
            return membership_start
        return bpu_due(month)
    raise ValueError(f"unknown segment {segment!r}")


def add_months_day(day: dt.date, n: int) -> dt.date:
    """The same day `n` months later (earlier when negative), on the month's last day when the
    month is shorter (31 March − 1 month = 28/29 February)."""
    return _day_of(add_months(month_start(day), n), day.day)
