"""JKP (regulation.md §5.5): after a PHK, if the contribution history qualifies (months of JKP
contributions in the window, consecutive months up to the PHK), the claim is made in the claim
window, and the membership has ended; six monthly payments on the last reported wage."""

from __future__ import annotations

import datetime as dt

from lindung.claims import history
from lindung.claims.assess.base import Assessment, Case, Planned, rules_call
from lindung.claims.assess.cover import cover_check, membership_on, memberships_with
from lindung.registry.programmes import age_on
from lindung.rules import jkp_benefit, jkp_eligibility

PAYABLE_REASONS = ("dismissal", "company_closed")


def assess_jkp(case: Case) -> Assessment:
    a = Assessment(case.kind, case.on)
    phk = case.date("event_date")
    assert phk is not None
    reason = case.facts["phk_reason"]
    a.check(
        "PHK for a reason JKP pays",
        reason.replace("_", " "),
        reason in PAYABLE_REASONS,
        "PP 37/2021 (not for resignation, retirement, disability, death or a contract's end)",
    )
    a.membership = membership = cover_check(
        a, case.person, "JKP", phk - dt.timedelta(days=1), "day before the PHK"
    )
    current = membership_on(case.person, "JKP", case.received_on)
    a.check(
        "Reported non-active (membership ended) by the claim date",
        f"still a member from {current.valid_from.isoformat()}" if current else "ended",
        current is None,
    )
    versions = memberships_with(case.person, "JKP")
    age = age_on(case.person.birth_date, versions[0].valid_from) if versions else None
    paid = history.paid_months(case.person, "JKP", phk, case.on)
    a.derived.update(months_contributed=len(paid), age_at_registration=age)
    eligibility = rules_call(jkp_eligibility, phk, paid, claim_date=case.received_on, age_at_registration=age)
    a.result("JKP eligibility", eligibility)
    for reason_text in eligibility.reasons:
        a.check("JKP conditions", reason_text, False)
    if eligibility.eligible:
        a.check(
            "JKP conditions",
            f"{eligibility.months_in_window} months in the window, {eligibility.consecutive_months} "
            "consecutive, claimed in time",
            True,
        )
    wage = membership.wage if membership else None
    if not wage:
        a.check("Last reported wage", "no wage on the membership", False)
        return a
    a.derived["last_wage"] = wage
    result = rules_call(jkp_benefit, phk, wage)
    a.result("JKP cash benefit", result)
    a.lines.extend((line.item, line.amount) for line in result.lines)
    for entry in result["schedule"]:
        month = entry["month"]
        a.plan.append(Planned("jkp_month", entry["amount"], sequence=month, offset_months=month - 1))
    return a
