"""Death benefits: JKM (death not due to work) and JKK death (work accident or occupational
disease), with the scholarship for the participant's children. PP 44/2015 amounts apply to events
before PP 82/2019 took effect, PP 82/2019 amounts after (by event date)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lindung.rules.benefits.checks import event_day, whole
from lindung.rules.benefits.result import BenefitLine, BenefitResult, benefit_result
from lindung.rules.money import apply_rate, rupiah
from lindung.rules.parameter import parameter
from lindung.rules.trace import Trace


def scholarship(day: dt.date, children: int, *, eligible: bool, trace: Trace) -> dict[str, Any]:
    """Who may get the scholarship and the most it pays; a one-off scholarship (PP 44/2015) is
    also returned as `lump` so that it can be paid as a line."""
    law = parameter("scholarship.schedule", day, field="event_date")
    covered = min(children, law.value["children"]) if eligible else 0
    levels = [{**level, "max_total": level["per_year"] * level["max_years"]} for level in law.value["levels"]]
    per_child = sum(level["max_total"] for level in levels)
    trace.add(
        "Scholarship: children covered × the most paid per child over all school levels",
        f"{covered} × {rupiah(per_child)} = {rupiah(covered * per_child)}",
        covered * per_child,
        uses=((law, f"{law.value['children']} children at most"),),
    )
    lump = [level["level"] for level in levels] == ["lump_sum"]
    return {
        "eligible": covered > 0,
        "children": covered,
        "max_per_child": per_child,
        "max_total": covered * per_child,
        "schedule": [] if lump else levels,
        "lump": covered * per_child if lump else 0,
    }


def jkm_benefit(event_date: dt.date | str, months_contributed: int, children: int = 0) -> BenefitResult:
    """JKM cash (lump sum, periodic benefit paid at once, funeral) and the scholarship, which
    needs a minimum contribution period (PP 82/2019: 3 years)."""
    day = event_day(event_date)
    whole(months_contributed, "months_contributed")
    whole(children, "children")
    trace = Trace()
    law = parameter("jkm.benefit", day, field="event_date")
    v = law.value
    periodic = v["periodic_monthly"] * v["periodic_months"]
    trace.add("JKM lump sum", rupiah(v["lump_sum"]), v["lump_sum"], uses=((law, "lump_sum"),))
    trace.add(
        "JKM periodic benefit, paid at once",
        f"{v['periodic_months']} × {rupiah(v['periodic_monthly'])} = {rupiah(periodic)}",
        periodic,
        uses=((law, "periodic"),),
    )
    trace.add("JKM funeral allowance", rupiah(v["funeral"]), v["funeral"], uses=((law, "funeral"),))
    minimum = parameter("scholarship.jkm_min_contribution_months", day, field="event_date")
    qualifies = months_contributed >= minimum.value
    trace.add(
        "Scholarship condition: months of contributions at least the minimum",
        f"{months_contributed} ≥ {minimum.value}: {'yes' if qualifies else 'no'}",
        qualifies,
        uses=((minimum, f"{minimum.value} months"),),
    )
    grant = scholarship(day, children, eligible=qualifies, trace=trace)
    lines = [
        BenefitLine("lump_sum", v["lump_sum"]),
        BenefitLine("periodic", periodic),
        BenefitLine("funeral", v["funeral"]),
    ]
    if grant.pop("lump"):
        lines.append(BenefitLine("scholarship", grant["max_total"]))
    return benefit_result("JKM", lines, trace, scholarship=grant)


def jkk_death_benefit(event_date: dt.date | str, wage: int, children: int = 0) -> BenefitResult:
    """JKK death: a multiple of the monthly wage (at least the JKM lump sum), funeral, periodic
    benefit paid at once, and the scholarship (no minimum contribution period)."""
    day = event_day(event_date)
    whole(wage, "wage", minimum=1)
    whole(children, "children")
    trace = Trace()
    law = parameter("jkk.death", day, field="event_date")
    jkm = parameter("jkm.benefit", day, field="event_date")
    v = law.value
    by_wage = apply_rate(wage, Decimal(v["wage_multiple"]))
    lump = max(by_wage, jkm.value["lump_sum"])
    trace.add(
        "JKK death lump sum: a multiple of the monthly wage, at least the JKM lump sum",
        f"max({v['wage_multiple']} × {rupiah(wage)}, {rupiah(jkm.value['lump_sum'])}) = {rupiah(lump)}",
        lump,
        uses=((law, f"{v['wage_multiple']} × wage"), (jkm, rupiah(jkm.value["lump_sum"]))),
    )
    trace.add("JKK funeral allowance", rupiah(v["funeral"]), v["funeral"], uses=((law, "funeral"),))
    trace.add(
        "JKK periodic benefit, paid at once", rupiah(v["periodic"]), v["periodic"], uses=((law, "periodic"),)
    )
    grant = scholarship(day, children, eligible=True, trace=trace)
    lines = [
        BenefitLine("death_lump_sum", lump),
        BenefitLine("funeral", v["funeral"]),
        BenefitLine("periodic", v["periodic"]),
    ]
    if grant.pop("lump"):
        lines.append(BenefitLine("scholarship", grant["max_total"]))
    return benefit_result("JKK-DEATH", lines, trace, scholarship=grant)
