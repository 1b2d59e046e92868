"""JKK cash for a work accident or occupational disease: permanent disability (a percentage of a
multiple of the wage) and temporary incapacity to work (STMB, a share of the wage while unable to
work). Amounts by event date: PP 44/2015, then PP 82/2019."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lindung.rules.benefits.checks import decimal, event_day, whole
from lindung.rules.benefits.death import scholarship
from lindung.rules.benefits.result import BenefitLine, BenefitResult, benefit_result
from lindung.rules.errors import RulesError
from lindung.rules.money import HUNDRED, apply_rate, rupiah
from lindung.rules.months import add_months
from lindung.rules.parameter import parameter
from lindung.rules.trace import Trace


def jkk_disability_benefit(
    event_date: dt.date | str,
    wage: int,
    percent: Decimal | int | str = 0,
    *,
    total: bool = False,
    function_percent: Decimal | int | str = 100,
    children: int = 0,
) -> BenefitResult:
    """Permanent disability lump sum = percentage (from the PP 44/2015 table) x function lost x
    80 x monthly wage. Total permanent disability counts as 70 % (56 x wage) and adds the periodic
    benefit and the scholarship."""
    day = event_day(event_date)
    whole(wage, "wage", minimum=1)
    whole(children, "children")
    law = parameter("jkk.disability", day, field="event_date")
    share = (
        Decimal(law.value["total_percent"])
        if total
        else decimal(percent, "percent", low=Decimal(0), high=HUNDRED)
    )
    if not total and share == 0:
        raise RulesError(
            "the disability percentage is required (or total permanent disability)", field="percent"
        )
    function = decimal(function_percent, "function_percent", low=Decimal(0), high=HUNDRED)
    multiple = Decimal(law.value["wage_multiple"])
    amount = apply_rate(wage, share / HUNDRED * function / HUNDRED * multiple)
    trace = Trace()
    what = "total permanent" if total else f"{share} %"
    trace.add(
        "JKK disability lump sum: disability percentage × function lost × wage multiple × monthly wage",
        f"{share} % × {function} % × {multiple} × {rupiah(wage)} = {rupiah(amount)}",
        amount,
        uses=((law, f"{multiple} × wage; {what}"),),
    )
    lines = [BenefitLine("disability_lump_sum", amount)]
    extra: dict[str, object] = {"percent": share, "total_disability": total}
    if total:
        periodic = parameter("jkk.total_disability_periodic", day, field="event_date")
        trace.add(
            "JKK total disability periodic benefit, paid at once",
            rupiah(periodic.value),
            periodic.value,
            uses=((periodic, rupiah(periodic.value)),),
        )
        lines.append(BenefitLine("periodic", periodic.value))
        grant = scholarship(day, children, eligible=True, trace=trace)
        if grant.pop("lump"):
            lines.append(BenefitLine("scholarship", grant["max_total"]))
        extra["scholarship"] = grant
    return benefit_result("JKK-DISABILITY", lines, trace, **extra)


def jkk_stmb_benefit(event_date: dt.date | str, wage: int, days: int) -> BenefitResult:
    """STMB for `days` days of incapacity starting on the event date: each tier's percentage of the
    monthly wage for the days that fall in it (months counted from the event date), a day being
    1/30 of a month."""
    day = event_day(event_date)
    whole(wage, "wage", minimum=1)
    whole(days, "days", minimum=1)
    law = parameter("jkk.stmb", day, field="event_date")
    per_month = parameter("jkk.days_per_month", day, field="event_date")
    trace = Trace()
    end = day + dt.timedelta(days=days)
    tiers = law.value
    lines, schedule = [], []
    for i, tier in enumerate(tiers):
        start = add_months(day, tier["from_month"])
        stop = add_months(day, tiers[i + 1]["from_month"]) if i + 1 < len(tiers) else end
        counted = (min(stop, end) - start).days
        if counted <= 0:
            continue
        rate = Decimal(tier["percent"]) / HUNDRED / Decimal(per_month.value) * counted
        amount = apply_rate(wage, rate)
        trace.add(
            "STMB: percentage of the monthly wage for the days in this period",
            f"{tier['percent']} % × {rupiah(wage)} × {counted}/{per_month.value} = {rupiah(amount)}",
            amount,
            uses=(
                (law, f"{tier['percent']} % from month {tier['from_month']}"),
                (per_month, f"{per_month.value} days"),
            ),
        )
        lines.append(BenefitLine(f"stmb_{tier['percent']}", amount))
        schedule.append({"from": start, "days": counted, "percent": tier["percent"], "amount": amount})
    return benefit_result("JKK-STMB", lines, trace, schedule=schedule)
