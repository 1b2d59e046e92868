"""BPU (non-wage earners): JKK as a percentage of the declared income, JKM flat, optional JHT.

The participant pays (`worker`), or a sponsor (APBN/APBD, village funds, donors) when `sponsored`.
Reliefs: PP 49/2020 (JKK and JKM -99 %), PP 50/2025 (transport sector JKK and JKM -50 %, not for
sponsored participants)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from lindung.rules.contributions.facts import ContributionFacts
from lindung.rules.contributions.result import ContributionLine
from lindung.rules.errors import RulesError
from lindung.rules.money import apply_rate, discounted, percent, rupiah
from lindung.rules.parameter import ParameterValue, parameter
from lindung.rules.trace import Trace, basis_of, relief_factors

COVID = "relief.covid_jkk_jkm"
TRANSPORT = "relief.bpu_transport"
OTHER = "relief.bpu_other_sectors"


@dataclass(frozen=True)
class BpuSchedule:
    month: dt.date
    values: dict[str, ParameterValue]
    minimum_income: int
    jkm_amount: int
    jht: Decimal

    def reliefs(self, *, transport: bool, sponsored: bool) -> list[ParameterValue]:
        """The reliefs in force for such a participant (PP 50/2025 excludes sponsored ones)."""
        found = [self.values[COVID]]
        if not sponsored:
            found.append(self.values[TRANSPORT if transport else OTHER])
        return [r for r in found if r.value]

    def factor(self, *, transport: bool, sponsored: bool) -> Decimal:
        """What is left to pay of JKK and JKM after the reliefs (1 when there is none)."""
        left = Decimal(1)
        for relief in self.reliefs(transport=transport, sponsored=sponsored):
            left = discounted(left, relief.value)
        return left

    def jkk(self, *, transport: bool, sponsored: bool) -> Decimal:
        return percent(self.values["bpu.jkk_rate"].value) * self.factor(
            transport=transport, sponsored=sponsored
        )


@lru_cache(maxsize=512)
def bpu_schedule(month: dt.date) -> BpuSchedule:
    names = ("bpu.jkk_rate", "bpu.jkm_amount", "bpu.jht_rate", "bpu.minimum_income", COVID, TRANSPORT, OTHER)
    v = {name: parameter(name, month, field="month") for name in names}
    return BpuSchedule(
        month=month,
        values=v,
        minimum_income=v["bpu.minimum_income"].value,
        jkm_amount=v["bpu.jkm_amount"].value,
        jht=percent(v["bpu.jht_rate"].value),
    )


def bpu_lines(facts: ContributionFacts, month: dt.date, trace: Trace) -> list[ContributionLine]:
    s = bpu_schedule(month)
    income = facts.wage or 0
    minimum = s.values["bpu.minimum_income"]
    if income < s.minimum_income:
        raise RulesError(
            f"{rupiah(income)} is below the lowest declared income {rupiah(s.minimum_income)}", field="wage"
        )
    trace.add(
        "BPU declared income (at least the lowest level)",
        f"{rupiah(income)} ≥ {rupiah(s.minimum_income)}",
        income,
        uses=((minimum, rupiah(s.minimum_income)),),
    )
    payer = "sponsor" if facts.sponsored else "worker"
    transport = facts.sector == "transport"
    reliefs = s.reliefs(transport=transport, sponsored=facts.sponsored)
    relief_uses = tuple((r, f"-{r.value} %") for r in reliefs)
    factor = s.factor(transport=transport, sponsored=facts.sponsored)
    lines = []
    jkk_law = s.values["bpu.jkk_rate"]
    rate = s.jkk(transport=transport, sponsored=facts.sponsored)
    amount = apply_rate(income, rate)
    uses = ((jkk_law, f"{jkk_law.value} %"), *relief_uses)
    trace.rate_step(
        f"JKK, paid by the {payer}", income, percent(jkk_law.value), amount, uses=uses, reliefs=reliefs
    )
    lines.append(ContributionLine("JKK", income, rate, basis=basis_of(uses), **{payer: amount}))
    jkm_law = s.values["bpu.jkm_amount"]
    amount = apply_rate(s.jkm_amount, factor)
    uses = ((jkm_law, rupiah(s.jkm_amount)), *relief_uses)
    trace.add(
        f"JKM, flat amount paid by the {payer}",
        f"{rupiah(s.jkm_amount)}{relief_factors(reliefs)} = {rupiah(amount)}",
        amount,
        uses=uses,
    )
    lines.append(ContributionLine("JKM", None, None, basis=basis_of(uses), **{payer: amount}))
    if "JHT" in facts.programmes:
        jht_law = s.values["bpu.jht_rate"]
        amount = apply_rate(income, s.jht)
        trace.rate_step(
            f"JHT, paid by the {payer} (no relief)",
            income,
            s.jht,
            amount,
            uses=((jht_law, f"{jht_law.value} %"),),
        )
        lines.append(ContributionLine("JHT", income, s.jht, basis=jht_law.reference, **{payer: amount}))
    return lines
