"""The coverage gap and what it costs to close, with the working a reader can check by hand.

Pure arithmetic in integer rupiah; the working is translated, its numbers always written the
Indonesian way. The monthly price per person is passed in by the caller (from `lindung.rules`: the
minimum BPU JKK + JKM package, Rp16.800 from 2015 — regulation §3.6, E15).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lindung.coverage.formats import number_id, rupiah_id


@dataclass(frozen=True)
class GapCost:
    employed: int
    covered: int
    gap: int  # people without cover
    price_per_month: int  # rupiah per person per month
    cost_per_month: int
    cost_per_year: int
    working: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BudgetReach:
    budget: int
    price_per_month: int
    months: int
    people: int  # how many people the budget covers for `months`
    cost: int  # what covering them costs
    remainder: int  # budget left over
    working: list[str] = field(default_factory=list)


def _check(**values: int) -> None:
    for name, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{name} must be a whole number, not {value!r}")
        if value < 0:
            raise ValueError(f"{name} cannot be negative ({value})")


def gap_cost(*, employed: int, covered: int, price_per_month: int) -> GapCost:
    """gap = max(employed − covered, 0); per month gap × price; per year × 12."""
    _check(employed=employed, covered=covered, price_per_month=price_per_month)
    gap = max(employed - covered, 0)
    per_month = gap * price_per_month
    per_year = per_month * 12
    n, rp = number_id, rupiah_id
    working = [
        _("Not covered = %(employed)s employed - %(covered)s covered = %(gap)s people")
        % {"employed": n(employed), "covered": n(covered), "gap": n(gap)}
        + (_(" (never below zero)") if employed < covered else ""),
        _("Cost per month = %(gap)s × %(price)s = %(cost)s")
        % {"gap": n(gap), "price": rp(price_per_month), "cost": rp(per_month)},
        _("Cost per year = %(month)s × 12 = %(year)s") % {"month": rp(per_month), "year": rp(per_year)},
    ]
    return GapCost(employed, covered, gap, price_per_month, per_month, per_year, working)


def budget_reach(*, budget: int, price_per_month: int, months: int = 12) -> BudgetReach:
    """How many people `budget` covers for `months`: budget // (price × months), whole people."""
    _check(budget=budget, price_per_month=price_per_month, months=months)
    if price_per_month == 0 or months == 0:
        raise ValueError("price_per_month and months must be above zero")
    per_person = price_per_month * months
    people = budget // per_person
    cost = people * per_person
    rp = rupiah_id
    working = [
        _("Cost per person = %(price)s × %(months)s months = %(each)s")
        % {"price": rp(price_per_month), "months": months, "each": rp(per_person)},
        _("People = %(budget)s ÷ %(each)s = %(people)s people (rounded down)")
        % {"budget": rp(budget), "each": rp(per_person), "people": number_id(people)},
        _("Spent %(cost)s, left over %(rest)s") % {"cost": rp(cost), "rest": rp(budget - cost)},
    ]
    return BudgetReach(budget, price_per_month, months, people, cost, budget - cost, working)
