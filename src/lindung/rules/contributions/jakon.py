"""Jakon (construction projects): JKK and JKM paid by the contractor, on the wages when they are
known, otherwise on the contract value by marginal tiers. PP 49/2020 cut both by 99 %."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from lindung.rules.contributions.facts import ContributionFacts
from lindung.rules.contributions.result import ContributionLine
from lindung.rules.money import apply_rate, discounted, percent, percent_text, rupiah
from lindung.rules.parameter import ParameterValue, parameter
from lindung.rules.trace import Trace, basis_of, relief_factors

COVID = "relief.covid_jkk_jkm"
PROGRAMMES = ("JKK", "JKM")


@dataclass(frozen=True)
class JakonSchedule:
    month: dt.date
    values: dict[str, ParameterValue]
    wage_rate: dict[str, Decimal]  # effective, after relief
    tiers: tuple[tuple[int, dict[str, Decimal]], ...]  # (above, effective rate by programme)

    def slices(self, contract_value: int) -> list[tuple[int, int, dict[str, Decimal]]]:
        """(lower bound, slice of the value, rates) for each tier the value reaches."""
        found = []
        bounds = [above for above, _ in self.tiers[1:]] + [None]
        for (above, rates), upper in zip(self.tiers, bounds, strict=True):
            if contract_value <= above:
                break
            top = contract_value if upper is None else min(contract_value, upper)
            found.append((above, top - above, rates))
        return found

    def tier_amount(self, contract_value: int, programme: str) -> Decimal:
        """The exact (unrounded) amount: the sum of each slice times its tier's rate."""
        return sum(
            (Decimal(part) * rates[programme] for _, part, rates in self.slices(contract_value)), Decimal(0)
        )


@lru_cache(maxsize=512)
def jakon_schedule(month: dt.date) -> JakonSchedule:
    v = {
        name: parameter(name, month, field="month")
        for name in ("jakon.wage_rate", "jakon.contract_tiers", COVID)
    }
    covid = v[COVID].value
    return JakonSchedule(
        month=month,
        values=v,
        wage_rate={p: discounted(percent(v["jakon.wage_rate"].value[p]), covid) for p in PROGRAMMES},
        tiers=tuple(
            (tier["above"], {p: discounted(percent(tier[p]), covid) for p in PROGRAMMES})
            for tier in v["jakon.contract_tiers"].value
        ),
    )


def _relief(s: JakonSchedule) -> list[tuple[ParameterValue, str]]:
    covid = s.values[COVID]
    return [(covid, f"-{covid.value} %")] if covid.value else []


def _by_wage(programme: str, wage: int, s: JakonSchedule, trace: Trace) -> ContributionLine:
    law = s.values["jakon.wage_rate"]
    rate = s.wage_rate[programme]
    amount = apply_rate(wage, rate)
    uses = [(law, f"{law.value[programme]} %"), *_relief(s)]
    trace.rate_step(
        f"{programme}, paid by the contractor on the wage",
        wage,
        percent(law.value[programme]),
        amount,
        uses=tuple(uses),
        reliefs=[s.values[COVID]],
    )
    return ContributionLine(programme, wage, rate, employer=amount, basis=basis_of(uses))


def _by_contract(programme: str, value: int, s: JakonSchedule, trace: Trace) -> ContributionLine:
    law = s.values["jakon.contract_tiers"]
    parts = []
    tiers = dict(
        (above, tier) for above, tier in zip((t["above"] for t in law.value), law.value, strict=True)
    )
    relief = relief_factors([s.values[COVID]])
    for above, part, rates in s.slices(value):
        exact = Decimal(part) * rates[programme]
        parts.append(exact)
        rate = percent(tiers[above][programme])
        trace.add(
            f"{programme}, contract value tier",
            f"({rupiah(above + part)} − {rupiah(above)}) × {percent_text(rate)}{relief} = Rp{_exact(exact)}",
            _exact(exact),
            uses=((law, f"{percent_text(rate)} above {rupiah(above)}"),),
        )
    amount = apply_rate(1, sum(parts, Decimal(0)))
    uses = [(law, "marginal tiers"), *_relief(s)]
    trace.add(
        f"{programme}, paid by the contractor on the contract value (sum of the tiers)",
        " + ".join(f"Rp{_exact(p)}" for p in parts) + f" = {rupiah(amount)}",
        amount,
        uses=tuple(uses),
    )
    return ContributionLine(programme, value, None, employer=amount, basis=basis_of(uses))


def _exact(amount: Decimal) -> str:
    whole, _, fraction = format(amount.normalize(), "f").partition(".")
    text = f"{int(whole):,}".replace(",", ".")
    return f"{text},{fraction}" if fraction else text


def jakon_lines(facts: ContributionFacts, month: dt.date, trace: Trace) -> list[ContributionLine]:
    s = jakon_schedule(month)
    lines = []
    for programme in PROGRAMMES:
        if programme not in facts.programmes:
            continue
        if facts.contract_value is not None:
            lines.append(_by_contract(programme, facts.contract_value, s, trace))
        else:
            lines.append(_by_wage(programme, facts.wage or 0, s, trace))
    return lines
