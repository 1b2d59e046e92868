"""JHT: the balance of the savings account from its contribution history with yearly returns,
and the partial withdrawal allowed after ten years of membership."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from lindung.rules.benefits.checks import decimal, event_day, whole
from lindung.rules.benefits.history import monthly_rows
from lindung.rules.benefits.result import BenefitLine, BenefitResult, benefit_result
from lindung.rules.errors import RulesError
from lindung.rules.money import HUNDRED, apply_rate, percent_text, round_half_up, rupiah
from lindung.rules.months import add_months, as_date, last_full_month, month_index, month_label, month_start
from lindung.rules.parameter import ParameterValue, definition, parameter
from lindung.rules.trace import Trace

PURPOSES = {"pension": "pension_percent", "housing": "housing_percent"}


def _year_rate(
    year: int, override: Decimal | None, series: dict[int, ParameterValue], assumed: ParameterValue
) -> tuple[Decimal, str, ParameterValue | None]:
    if override is not None:
        return override, "rate given for the simulation", None
    if year in series:
        return Decimal(series[year].value) / HUNDRED, "published", series[year]
    return Decimal(assumed.value) / HUNDRED, "no published rate: assumed", assumed


def jht_balance(
    history: Iterable[Sequence[Any]],
    as_of: dt.date | str,
    *,
    opening_balance: int = 0,
    opening_month: dt.date | str | None = None,
    annual_return: Decimal | str | None = None,
) -> BenefitResult:
    """The JHT balance at the end of the last full month on or before `as_of`.

    `history` rows are (month, employer share, worker share). Each year's return is credited at
    the end of the year (compounding yearly): the balance brought forward earns the year's rate
    for the months of the year counted, and a contribution credited at the end of month m earns
    it for the months after m. Years without a published rate use `jht.assumed_return` (the
    trace says so); `annual_return` (e.g. "0.05") replaces every year's rate for a simulation.
    """
    end = last_full_month(as_of_day := as_date(as_of, field="as_of"))
    whole(opening_balance, "opening_balance")
    rows = [(m, sum(a)) for m, a in monthly_rows(history, field="history", width=2)]
    if opening_balance:
        if opening_month is None:
            raise RulesError(
                "the month at whose end the opening balance stood is required", field="opening_month"
            )
        rows = sorted([*rows, (month_start(opening_month, field="opening_month"), opening_balance)])
    late = [m for m, _ in rows if m > end]
    if late:
        raise RulesError(f"{month_label(late[0])} is after {as_of_day.isoformat()}", field="history")
    if not rows:
        raise RulesError("at least one contribution (or an opening balance) is needed", field="history")
    override = (
        None
        if annual_return is None
        else decimal(annual_return, "annual_return", low=Decimal(0), high=Decimal(1))
    )
    series = definition("jht.return_rate").series()
    assumed = parameter("jht.assumed_return", end, field="as_of")
    trace, yearly, balance, returns_total = Trace(), [], 0, 0
    for year in range(rows[0][0].year, end.year + 1):
        months = 12 if year < end.year else end.month
        rate, why, source = _year_rate(year, override, series, assumed)
        paid = [(m.month, amount) for m, amount in rows if m.year == year]
        earning = Fraction(balance) * months + sum(Fraction(a) * (months - m) for m, a in paid)
        returns = round_half_up(earning * Fraction(rate) / 12)
        contributions = sum(a for _, a in paid)
        opening, balance = balance, balance + contributions + returns
        returns_total += returns
        uses = ((source, percent_text(rate)),) if source else ()
        trace.add(
            f"JHT year: balance brought forward and contributions earn the year's return ({why})",
            f"{year}: {rupiah(opening)} + {rupiah(contributions)} + return {percent_text(rate)} "
            f"for {months} months = {rupiah(balance)}",
            balance,
            uses=uses,
            basis=None if source else "annual_return given",
        )
        yearly.append(
            {
                "year": year,
                "opening": opening,
                "contributions": contributions,
                "rate": rate,
                "returns": returns,
                "closing": balance,
            }
        )
    paid_in = sum(a for _, a in rows) - opening_balance
    lines = [BenefitLine("contributions", paid_in), BenefitLine("returns", returns_total)]
    if opening_balance:
        lines.insert(0, BenefitLine("opening_balance", opening_balance))
    membership = month_index(end) - month_index(rows[0][0]) + 1
    partial = {
        purpose: jht_partial_withdrawal_limit(balance, membership, purpose=purpose, on=end).total
        for purpose in PURPOSES
    }
    return benefit_result(
        "JHT",
        lines,
        trace,
        balance=balance,
        as_of=add_months(end, 1) - dt.timedelta(days=1),
        yearly=yearly,
        membership_months=membership,
        partial_withdrawal=partial,
    )


def jht_partial_withdrawal_limit(
    balance: int, membership_months: int, *, purpose: str = "housing", on: dt.date | str | None = None
) -> BenefitResult:
    """The most that may be withdrawn once, before the JHT is due, for `purpose` "pension"
    (pension preparation, 10 %) or "housing" (30 %): 0 before the minimum membership."""
    whole(balance, "balance")
    whole(membership_months, "membership_months")
    if purpose not in PURPOSES:
        raise RulesError(f"{purpose!r} must be one of {', '.join(PURPOSES)}", field="purpose")
    day = event_day(on or dt.date.today(), field="on")
    law = parameter("jht.partial_withdrawal", day, field="on")
    pct = law.value[PURPOSES[purpose]]
    eligible = membership_months >= law.value["min_membership_months"]
    amount = apply_rate(balance, Decimal(pct) / HUNDRED) if eligible else 0
    trace = Trace()
    trace.add(
        "JHT partial withdrawal: allowed once after the minimum membership, a percentage of the balance",
        f"{membership_months} ≥ {law.value['min_membership_months']} months: "
        + (f"{rupiah(balance)} × {pct} % = {rupiah(amount)}" if eligible else "not yet"),
        amount,
        uses=((law, f"{pct} % ({purpose}) after {law.value['min_membership_months']} months"),),
    )
    return benefit_result(
        "JHT-PARTIAL", [BenefitLine(f"partial_{purpose}", amount)], trace, eligible=eligible, purpose=purpose
    )
