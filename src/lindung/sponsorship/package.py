"""The package a programme pays and what it costs, always from `lindung.rules` (never a constant):
the BPU contribution of JKK + JKM (JHT optional) on the declared income, paid by a sponsor
(regulation.md §3.6, §6; E15: Rp16.800 a month on the minimum income of Rp1.000.000).

Months are first days; a span [start, until) is half-open, like a membership's validity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache

from lindung.rules import ContributionFacts, ContributionResult, contribution, parameter
from lindung.sponsorship.models import SponsoredProgramme


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def months(start: dt.date, until: dt.date) -> Iterator[dt.date]:
    """The first days of the months in [start, until)."""
    month = month_start(start)
    while month < until:
        yield month
        month = next_month(month)


def month_count(start: dt.date, until: dt.date) -> int:
    return sum(1 for _ in months(start, until))


def minimum_income(on: dt.date) -> int:
    """The lowest declared income in force for contribution month `on` (the default package base)."""
    return int(parameter("bpu.minimum_income", month_start(on), field="month").value)


def package_facts(programmes: Iterable[str], income: int) -> ContributionFacts:
    return ContributionFacts(segment="BPU", programmes=frozenset(programmes), wage=income, sponsored=True)


@lru_cache(maxsize=1024)
def _result(programmes: frozenset[str], income: int, month: dt.date) -> ContributionResult:
    return contribution(package_facts(programmes, income), month)


def package_result(programmes: Iterable[str], income: int, month: dt.date) -> ContributionResult:
    """The rules' result for one person's package in one contribution month (cached: a programme's
    people all share one package)."""
    return _result(frozenset(programmes), income, month_start(month))


def package_price(programme: SponsoredProgramme, month: dt.date) -> int:
    """What the sponsor pays for one person in `month`."""
    return package_result(programme.programme_codes, programme.declared_income, month).totals["sponsor"]


def package_cost(programme: SponsoredProgramme, start: dt.date, until: dt.date) -> int:
    """What one person costs the programme from `start` up to `until` (exclusive), month by month
    (a price that changes during the period is followed)."""
    return sum(package_price(programme, month) for month in months(start, until))
