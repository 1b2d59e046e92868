"""PU (wage earners): JKK by risk class, JKM, JHT, JP up to the wage cap, JKP paid by the government.

The month's rates are gathered once into a `PuSchedule`; the scalar path (`pu_lines`) and the batch
path (`contributions.batch`) both take their rates from it and round with the same integer formula.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from lindung.rules.contributions.facts import RISK_CLASSES, ContributionFacts
from lindung.rules.contributions.result import ContributionLine
from lindung.rules.errors import RulesError
from lindung.rules.money import apply_rate, discounted, percent, percent_text, rupiah
from lindung.rules.parameter import ParameterValue, parameter
from lindung.rules.trace import Trace, basis_of

COVID = "relief.covid_jkk_jkm"
LABOUR = "relief.labour_intensive_jkk"


@dataclass(frozen=True)
class PuSchedule:
    month: dt.date
    values: dict[str, ParameterValue]
    jkk: dict[str, Decimal]  # effective rate by risk class
    jkk_labour: dict[str, Decimal]  # the same for an employer that qualifies for PP 7/2025
    jkm: Decimal
    jht_employer: Decimal
    jht_worker: Decimal
    jp_employer: Decimal
    jp_worker: Decimal
    jp_cap: int
    jp_payable: Decimal  # share of the JP due payable in the month (PP 49/2020: 1 %)
    jkp: Decimal | None  # None before JKP existed
    jkp_limit: int | None

    def jkk_rate(self, risk_class: str, labour_intensive: bool) -> Decimal:
        return (self.jkk_labour if labour_intensive else self.jkk)[risk_class]


@lru_cache(maxsize=512)
def pu_schedule(month: dt.date) -> PuSchedule:
    names = (
        "pu.jkk_rate",
        "pu.jkm_rate",
        "pu.jht_rate",
        "jp.rate",
        "jp.wage_cap",
        COVID,
        LABOUR,
        "relief.covid_jp_payable",
        "jkp.government_rate",
        "jkp.wage_limit",
        "jkp.recomposition",
    )
    v = {name: parameter(name, month, field="month") for name in names}
    covid = v[COVID].value
    labour = v[LABOUR].value
    jkk = {c: discounted(percent(v["pu.jkk_rate"].value[c]), covid) for c in RISK_CLASSES}
    jkp = v["jkp.government_rate"].value
    return PuSchedule(
        month=month,
        values=v,
        jkk=jkk,
        jkk_labour={c: discounted(rate, labour) for c, rate in jkk.items()},
        jkm=discounted(percent(v["pu.jkm_rate"].value), covid),
        jht_employer=percent(v["pu.jht_rate"].value["employer"]),
        jht_worker=percent(v["pu.jht_rate"].value["worker"]),
        jp_employer=percent(v["jp.rate"].value["employer"]),
        jp_worker=percent(v["jp.rate"].value["worker"]),
        jp_cap=v["jp.wage_cap"].value,
        jp_payable=percent(v["relief.covid_jp_payable"].value),
        jkp=None if jkp is None else percent(jkp),
        jkp_limit=v["jkp.wage_limit"].value,
    )


def _relief_text(value: ParameterValue) -> str:
    return f"-{value.value} %"


def _jkk(facts: ContributionFacts, s: PuSchedule, trace: Trace) -> ContributionLine:
    wage, klass = facts.wage or 0, facts.risk_class or ""
    rate = s.jkk_rate(klass, facts.labour_intensive)
    amount = apply_rate(wage, rate)
    law = s.values["pu.jkk_rate"]
    uses = [(law, f"{percent_text(percent(law.value[klass]))} (class {klass})")]
    reliefs = [s.values[COVID]] + ([s.values[LABOUR]] if facts.labour_intensive else [])
    uses += [(r, _relief_text(r)) for r in reliefs if r.value]
    trace.rate_step(
        "JKK, employer share", wage, percent(law.value[klass]), amount, uses=tuple(uses), reliefs=reliefs
    )
    return ContributionLine("JKK", wage, rate, employer=amount, basis=basis_of(uses))


def _jkm(facts: ContributionFacts, s: PuSchedule, trace: Trace) -> ContributionLine:
    wage = facts.wage or 0
    amount = apply_rate(wage, s.jkm)
    law, covid = s.values["pu.jkm_rate"], s.values[COVID]
    uses = [(law, percent_text(percent(law.value)))] + ([(covid, _relief_text(covid))] if covid.value else [])
    trace.rate_step(
        "JKM, employer share", wage, percent(law.value), amount, uses=tuple(uses), reliefs=[covid]
    )
    return ContributionLine("JKM", wage, s.jkm, employer=amount, basis=basis_of(uses))


def _jht(facts: ContributionFacts, s: PuSchedule, trace: Trace) -> ContributionLine:
    wage, law = facts.wage or 0, s.values["pu.jht_rate"]
    employer, worker = apply_rate(wage, s.jht_employer), apply_rate(wage, s.jht_worker)
    for who, rate, amount in (("employer", s.jht_employer, employer), ("worker", s.jht_worker, worker)):
        trace.rate_step(
            f"JHT, {who} share", wage, rate, amount, uses=((law, f"{percent_text(rate)} ({who})"),)
        )
    return ContributionLine(
        "JHT", wage, s.jht_employer + s.jht_worker, employer=employer, worker=worker, basis=law.reference
    )


def _jp(facts: ContributionFacts, s: PuSchedule, trace: Trace) -> ContributionLine:
    wage, cap, law = facts.wage or 0, s.values["jp.wage_cap"], s.values["jp.rate"]
    base = min(wage, s.jp_cap)
    trace.add(
        "JP wage base: the wage up to the JP wage cap of the contribution month",
        f"min({rupiah(wage)}, {rupiah(s.jp_cap)}) = {rupiah(base)}",
        base,
        uses=((cap, rupiah(s.jp_cap)),),
    )
    due = {"employer": apply_rate(base, s.jp_employer), "worker": apply_rate(base, s.jp_worker)}
    for who, rate in (("employer", s.jp_employer), ("worker", s.jp_worker)):
        trace.rate_step(
            f"JP, {who} share", base, rate, due[who], uses=((law, f"{percent_text(rate)} ({who})"),)
        )
    rate, basis = s.jp_employer + s.jp_worker, f"{law.reference}; {cap.reference}"
    paid = dict(due)
    if s.jp_payable != 1:
        relief = s.values["relief.covid_jp_payable"]
        paid = {who: apply_rate(amount, s.jp_payable) for who, amount in due.items()}
        deferred = sum(due.values()) - sum(paid.values())
        trace.add(
            "JP, share payable this month under PP 49/2020 (the rest is deferred)",
            f"{rupiah(due['employer'])} × {percent_text(s.jp_payable)} = {rupiah(paid['employer'])}; "
            f"{rupiah(due['worker'])} × {percent_text(s.jp_payable)} = {rupiah(paid['worker'])}; "
            f"deferred {rupiah(deferred)}",
            deferred,
            uses=((relief, f"{relief.value} % payable"),),
        )
        rate, basis = rate * s.jp_payable, f"{basis}; {relief.reference}"
    return ContributionLine(
        "JP",
        base,
        rate,
        employer=paid["employer"],
        worker=paid["worker"],
        basis=basis,
        deferred=sum(due.values()) - sum(paid.values()),
    )


def _jkp(facts: ContributionFacts, s: PuSchedule, trace: Trace) -> ContributionLine:
    if s.jkp is None or s.jkp_limit is None:
        raise RulesError(f"JKP did not exist in {s.month:%Y-%m} (PP 37/2021)", field="programmes")
    wage, law, limit = facts.wage or 0, s.values["jkp.government_rate"], s.values["jkp.wage_limit"]
    base = min(wage, s.jkp_limit)
    amount = apply_rate(base, s.jkp)
    trace.add(
        "JKP, paid by the central government on the wage up to the JKP limit",
        f"min({rupiah(wage)}, {rupiah(s.jkp_limit)}) × {percent_text(s.jkp)} = {rupiah(amount)}",
        amount,
        uses=((law, percent_text(s.jkp)), (limit, rupiah(s.jkp_limit))),
    )
    recomposition = s.values["jkp.recomposition"]
    for source, pct in (recomposition.value or {}).items():
        if pct:
            part = apply_rate(base, percent(pct))
            trace.rate_step(
                f"JKP, recomposed from the {source} the employer already pays (no extra charge)",
                base,
                percent(pct),
                part,
                uses=((recomposition, f"{percent_text(percent(pct))} of {source}"),),
            )
    return ContributionLine(
        "JKP", base, s.jkp, government=amount, basis=f"{law.reference}; {limit.reference}"
    )


ORDER = (("JKK", _jkk), ("JKM", _jkm), ("JHT", _jht), ("JP", _jp), ("JKP", _jkp))


def pu_lines(facts: ContributionFacts, month: dt.date, trace: Trace) -> list[ContributionLine]:
    s = pu_schedule(month)
    return [line(facts, s, trace) for programme, line in ORDER if programme in facts.programmes]
