"""JKM: death not due to work (regulation.md §5.2). The scholarship needs enough months of
contributions (the masa iur, from the contribution history) and waits for an employer more than
three months in arrears to settle (§4)."""

from __future__ import annotations

from lindung.claims import history
from lindung.claims.assess.base import Assessment, Case, lump_plan, rules_call
from lindung.claims.assess.cover import arrears_check, cover_check
from lindung.claims.assess.scholarship import eligible_children, scholarship_plan
from lindung.rules import jkm_benefit


def assess_jkm(case: Case) -> Assessment:
    a = Assessment(case.kind, case.on)
    death = case.date("event_date")
    assert death is not None
    a.check("Cause of death (not a work accident)", case.facts["cause"])
    a.membership = membership = cover_check(a, case.person, "JKM", death, "day of death")
    months = history.months_contributed(case.person, "JKM", death, case.on)
    a.derived["months_contributed"] = months
    a.check("Months of JKM contributions (masa iur) up to the death", f"{months} months paid")
    behind = arrears_check(a, membership, death)
    children = eligible_children(a, case)
    result = rules_call(jkm_benefit, death, months, children=len(children))
    a.result("JKM benefit", result)
    lump_plan(a, result)
    if behind and children:
        a.notes.append("The scholarship is held until the employer's arrears and fines are settled (§4).")
    scholarship_plan(a, result, children, hold=behind)
    return a
