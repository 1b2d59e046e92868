"""PMI (migrant workers): the JKK+JKM package paid at once before departure, by contract length,
and the optional monthly JHT amount the participant chooses. The participant pays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from lindung.rules.contributions.facts import ContributionFacts
from lindung.rules.contributions.result import ContributionLine
from lindung.rules.errors import RulesError
from lindung.rules.money import rupiah
from lindung.rules.parameter import ParameterValue, parameter
from lindung.rules.trace import Trace

PACKAGE = "JKK+JKM"


@dataclass(frozen=True)
class PmiSchedule:
    month: dt.date
    values: dict[str, ParameterValue]
    pre_placement: int
    placement: tuple[tuple[int, int], ...]  # (months, amount), shortest first
    extra_month: int
    jht_minimum: int
    jht_maximum: int

    def package(self, contract_months: int) -> tuple[int, int, int]:
        """(package months, package amount, extra months): the shortest package covering the
        contract; beyond the longest one, each further month is charged separately."""
        for months, amount in self.placement:
            if contract_months <= months:
                return months, amount, 0
        months, amount = self.placement[-1]
        return months, amount, contract_months - months

    def amount(self, contract_months: int) -> int:
        _, package, extra = self.package(contract_months)
        return self.pre_placement + package + extra * self.extra_month


@lru_cache(maxsize=512)
def pmi_schedule(month: dt.date) -> PmiSchedule:
    v = {name: parameter(name, month, field="month") for name in ("pmi.package", "pmi.jht_amount")}
    package = v["pmi.package"].value
    return PmiSchedule(
        month=month,
        values=v,
        pre_placement=package["pre_placement"],
        placement=tuple(sorted((p["months"], p["amount"]) for p in package["placement"])),
        extra_month=package["extra_month"],
        jht_minimum=v["pmi.jht_amount"].value["minimum"],
        jht_maximum=v["pmi.jht_amount"].value["maximum"],
    )


def pmi_lines(facts: ContributionFacts, month: dt.date, trace: Trace) -> list[ContributionLine]:
    s = pmi_schedule(month)
    law = s.values["pmi.package"]
    contract = facts.contract_months or 0
    months, package, extra = s.package(contract)
    trace.add(
        "PMI JKK+JKM before placement",
        rupiah(s.pre_placement),
        s.pre_placement,
        uses=((law, "pre_placement"),),
    )
    trace.add(
        "PMI JKK+JKM during and after placement: the shortest package covering the contract",
        f"{contract} months → {months}-month package {rupiah(package)}",
        package,
        uses=((law, f"{months} months"),),
    )
    if extra:
        trace.add(
            "PMI JKK+JKM for the months beyond the longest package",
            f"{extra} × {rupiah(s.extra_month)} = {rupiah(extra * s.extra_month)}",
            extra * s.extra_month,
            uses=((law, f"{rupiah(s.extra_month)} per month"),),
        )
    total = s.amount(contract)
    trace.add("PMI JKK+JKM paid at once by the participant", rupiah(total), total, uses=((law, "total"),))
    lines = [ContributionLine(PACKAGE, None, None, worker=total, basis=law.reference)]
    if "JHT" in facts.programmes:
        chosen, jht_law = facts.pmi_jht or 0, s.values["pmi.jht_amount"]
        if not s.jht_minimum <= chosen <= s.jht_maximum:
            raise RulesError(
                f"{rupiah(chosen)} is outside {rupiah(s.jht_minimum)}–{rupiah(s.jht_maximum)}",
                field="pmi_jht",
            )
        trace.add(
            "PMI JHT, the monthly amount the participant chose",
            rupiah(chosen),
            chosen,
            uses=((jht_law, f"{rupiah(s.jht_minimum)}–{rupiah(s.jht_maximum)}"),),
        )
        lines.append(ContributionLine("JHT", None, None, worker=chosen, basis=jht_law.reference))
    return lines
