"""JP (pension): pension age, and the old-age benefit from an indexed wage history - a monthly
pension after 15 years of contributions (between the minimum and maximum of the year), a lump sum
of the contributions otherwise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from lindung.rules.benefits.history import monthly_rows
from lindung.rules.benefits.result import BenefitLine, BenefitResult, benefit_result
from lindung.rules.errors import RulesError
from lindung.rules.money import apply_rate, percent, round_half_up, rupiah
from lindung.rules.months import add_months, as_date, month_label, month_start
from lindung.rules.parameter import definition, parameter
from lindung.rules.trace import Trace

OLDEST = 65  # PP 45/2015 Pasal 15: the age stops rising at 65
DEFERRAL_YEARS = 3  # a participant still working may start the pension up to 3 years after pension age


def _birthday(birth: dt.date, age: int) -> dt.date:
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:  # born on 29 February
        return dt.date(birth.year + age, 2, 28)


def pension_age(birth_date: dt.date | str) -> tuple[int, dt.date]:
    """(age, date) at which the participant reaches the pension age in force on that birthday
    (56 until 2018, 57 from 2019, +1 every three years to 65). Birthdays before JP began use the
    first value, 56."""
    birth = as_date(birth_date, field="birth_date")
    law = definition("jp.pension_age")
    first = law.entries[0]
    for age in range(first.value, OLDEST + 1):
        day = _birthday(birth, age)
        in_force = first if day < first.effective else law.at(day)
        if age >= in_force.value:
            return age, day
    return OLDEST, _birthday(birth, OLDEST)


def jp_monthly_from_indexed(indexed_wages: Sequence[int], on: dt.date | str) -> tuple[int, int]:
    """(average indexed monthly wage, first-year monthly benefit) from one indexed wage per month of
    contributions: 1 % x months/12 x average (PP 45/2015 Pasal 17), before the minimum and maximum."""
    if not indexed_wages:
        raise RulesError("at least one month of contributions is needed", field="history")
    accrual = parameter("jp.accrual_rate", on, field="event_date")
    months = len(indexed_wages)
    average = round_half_up(Fraction(sum(indexed_wages), months))
    monthly = round_half_up(Fraction(average) * months * Fraction(percent(accrual.value)) / 12)
    return average, monthly


def _index_factors(
    years: set[int], pension_year: int, inflation: Mapping[int, Decimal] | None, trace: Trace
) -> dict[int, Fraction]:
    """Per wage year y: the product of (1 + inflation of k) for k = y .. pension year - 1."""
    series = definition("jp.inflation").series()
    rates: dict[int, Fraction] = {}
    missing = []
    for year in range(min(years), pension_year):
        if inflation is not None and year in inflation:
            rates[year] = Fraction(Decimal(str(inflation[year]))) / 100
        elif inflation is None and year in series:
            trace.use(series[year])
            rates[year] = Fraction(series[year].value) / 100
        else:
            missing.append(year)
            rates[year] = Fraction(0)
    if missing:
        trace.add(
            "Indexation: years without an inflation figure are indexed at 0 %",
            ", ".join(map(str, missing)),
            len(missing),
            basis="jp.inflation has no value for these years",
        )
    factors = {}
    for year in years:
        factor = Fraction(1)
        for k in range(year, pension_year):
            factor *= 1 + rates[k]
        factors[year] = factor
    return factors


def jp_benefit(
    birth_date: dt.date | str,
    history: Iterable[Sequence[Any]],
    *,
    start: dt.date | str | None = None,
    inflation: Mapping[int, Decimal] | None = None,
) -> BenefitResult:
    """The JP old-age benefit for a wage history of (month, wage) rows.

    Each wage is capped at the JP wage cap of its month and indexed to the year the pension starts
    by the inflation of each year in between (`jp.inflation`, or `inflation` by year for a
    simulation). With at least 180 months the result is the monthly pension, kept between the
    minimum and maximum in force when it starts; with fewer, the lump sum of the contributions paid
    (3 % of the capped wages; the fund's returns are credited by BPJS and not included).
    `start` defaults to the pension date; a participant still working may start up to 3 years later.
    """
    age, due = pension_age(birth_date)
    begin = due if start is None else as_date(start, field="start")
    if not due <= begin <= add_months(due, 12 * DEFERRAL_YEARS):
        raise RulesError(
            f"the pension starts between the pension date {due.isoformat()} and 3 years later", field="start"
        )
    rows = monthly_rows(history, field="history", width=1)
    late = [m for m, _ in rows if m >= month_start(begin)]
    if late:
        raise RulesError(
            f"{month_label(late[0])} is not before the pension starts ({begin.isoformat()})", field="history"
        )
    trace = Trace()
    age_law = parameter("jp.pension_age", max(due, definition("jp.pension_age").entries[0].effective))
    trace.add(
        "JP pension age and date",
        f"age {age} on {due.isoformat()}",
        due.isoformat(),
        uses=((age_law, f"{age_law.value} years"),),
    )
    capped = []
    for month, (wage,) in rows:
        if wage:
            cap = parameter("jp.wage_cap", month, field="history")
            trace.use(cap)
            capped.append((month, min(wage, cap.value)))
    months = len(capped)
    trace.add("JP months of contributions (masa iur)", f"{months} months", months)
    minimum = parameter("jp.minimum_contribution_months", begin, field="start")
    extra: dict[str, Any] = {
        "pension_age": age,
        "pension_date": due,
        "start": begin,
        "months_contributed": months,
    }
    if months < minimum.value:
        return _lump_sum(capped, minimum.value, trace, extra, minimum)
    factors = _index_factors({m.year for m, _ in capped}, begin.year, inflation, trace)
    by_year: dict[int, int] = {}
    for month, wage in capped:
        by_year[month.year] = by_year.get(month.year, 0) + wage
    indexed = []
    for year, total in sorted(by_year.items()):
        count = sum(1 for m, _ in capped if m.year == year)
        value = round_half_up(Fraction(total) * factors[year])
        trace.add(
            "Indexed wages of a year: capped wages × inflation index up to the pension year",
            f"{year}: {rupiah(total)} ({count} months) × {_factor_text(factors[year])} = {rupiah(value)}",
            value,
        )
        indexed.extend(_spread(value, count))
    average, formula = jp_monthly_from_indexed(indexed, begin)
    accrual = parameter("jp.accrual_rate", begin)
    trace.add(
        "JP first-year monthly benefit: 1 % × masa iur in years × average indexed monthly wage",
        f"{accrual.value} % × {months}/12 × {rupiah(average)} = {rupiah(formula)}",
        formula,
        uses=((accrual, f"{accrual.value} %"), (minimum, f"{minimum.value} months")),
    )
    limits = parameter("jp.benefit_limits", begin, field="start")
    low, high = limits.value["minimum"], limits.value["maximum"]
    monthly = min(max(formula, low), high)
    trace.add(
        "JP benefit kept between the minimum and the maximum in force when the pension starts",
        f"min(max({rupiah(formula)}, {rupiah(low)}), {rupiah(high)}) = {rupiah(monthly)}",
        monthly,
        uses=((limits, f"{rupiah(low)} – {rupiah(high)}"),),
    )
    extra.update(kind="pension", average_indexed_wage=average, formula_amount=formula, monthly=monthly)
    return benefit_result("JP", [BenefitLine("monthly_pension", monthly)], trace, **extra)


def _spread(total: int, count: int) -> list[int]:
    """A year's indexed total as `count` monthly amounts adding up to it exactly."""
    base, rest = divmod(total, count)
    return [base + 1] * rest + [base] * (count - rest)


def _lump_sum(
    capped: list[tuple[dt.date, int]], needed: int, trace: Trace, extra: dict[str, Any], minimum: Any
) -> BenefitResult:
    paid = 0
    for month, wage in capped:
        rates = parameter("jp.rate", month, field="history")
        trace.use(rates)
        paid += apply_rate(wage, percent(rates.value["employer"])) + apply_rate(
            wage, percent(rates.value["worker"])
        )
    trace.add(
        "JP lump sum: fewer months than needed for a pension, the contributions paid are returned",
        f"{extra['months_contributed']} < {needed} months; 3 % of the capped wages = {rupiah(paid)} "
        "(returns credited by BPJS not included)",
        paid,
        uses=((minimum, f"{needed} months"),),
    )
    extra.update(kind="lump_sum", monthly=0)
    return benefit_result("JP", [BenefitLine("lump_sum_contributions", paid)], trace, **extra)


def _factor_text(factor: Fraction) -> str:
    return str((Decimal(factor.numerator) / Decimal(factor.denominator)).quantize(Decimal("0.000001")))


def jp_monthly_in_payment(first_year_monthly: int, start: dt.date | str, month: dt.date | str) -> int:
    """The monthly pension paid for `month` of a pension that started in `start` at
    `first_year_monthly`: on each anniversary of the start the previous year's benefit is multiplied
    by 1 + the inflation of the calendar year before the anniversary (PP 45/2015 Pasal 17; regulation
    §5.4), rounded half up to the rupiah each year. A year without an inflation figure in
    `jp.inflation` is indexed at 0 %."""
    first, paid = month_start(as_date(start, field="start")), month_start(as_date(month, field="month"))
    series = definition("jp.inflation").series()
    benefit = first_year_monthly
    anniversary = add_months(first, 12)
    while anniversary <= paid:
        entry = series.get(anniversary.year - 1)
        if entry is not None:
            benefit = round_half_up(benefit * (1 + Fraction(entry.value) / 100))
        anniversary = add_months(anniversary, 12)
    return benefit
