"""The planner's arithmetic, with the working a reader can check by hand: how many people a budget
covers, what covering a number of people costs, and what covering everyone still waiting in a
region would cost. Integer rupiah; the price per person and month comes from the rules
(`package.package_price`), never a constant.

Seed check (regulation.md §6.1, Tanjung Jabung Timur, March 2024): (3.652 + 1.291) people ×
Rp16.800 = Rp83.042.400 a month; × 12 = Rp996.508.800 a year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lindung.coverage.formats import number_id, rupiah_id
from lindung.coverage.gap import BudgetReach, budget_reach

__all__ = ["BudgetNeed", "BudgetReach", "budget_for_people", "budget_reach"]


@dataclass(frozen=True)
class BudgetNeed:
    people: int
    price_per_month: int
    months: int
    cost_per_month: int
    total: int
    working: list[str] = field(default_factory=list)


def budget_for_people(*, people: int, price_per_month: int, months: int = 12) -> BudgetNeed:
    """people × price a month; × months for the period."""
    for name, value in (("people", people), ("price_per_month", price_per_month), ("months", months)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a whole number of at least 0, not {value!r}")
    per_month = people * price_per_month
    total = per_month * months
    working = [
        _("Cost per month = %(people)s people × %(price)s = %(cost)s")
        % {"people": number_id(people), "price": rupiah_id(price_per_month), "cost": rupiah_id(per_month)},
        _("Budget = %(month)s × %(months)s months = %(total)s")
        % {"month": rupiah_id(per_month), "months": months, "total": rupiah_id(total)},
    ]
    return BudgetNeed(people, price_per_month, months, per_month, total, working)
