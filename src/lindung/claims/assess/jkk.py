"""JKK: a work accident or occupational disease - temporary incapacity (STMB) per period, permanent
disability, or death (regulation.md §5.1); arrears over three months put the employer first (§4);
the claim expires a number of years after the accident (`jkk.claim_expiry`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lindung.claims.assess.base import Assessment, Case, Planned, lump_plan, rules_call
from lindung.claims.assess.cover import arrears_check, cover_check
from lindung.claims.assess.scholarship import eligible_children, scholarship_plan
from lindung.claims.models import ClaimKind
from lindung.rules import jkk_death_benefit, jkk_disability_benefit, jkk_stmb_benefit, parameter
from lindung.rules.money import rupiah
from lindung.rules.months import add_months


def assess_jkk(case: Case) -> Assessment:
    a = Assessment(case.kind, case.on)
    event = case.date("event_date")
    assert event is not None  # required by the facts
    a.membership = membership = cover_check(a, case.person, "JKK", event, "day of the accident")
    expiry = rules_call(parameter, "jkk.claim_expiry", event, field="event_date")
    deadline = add_months(event, 12 * expiry.value)
    a.check(
        "Claimed within the claim expiry after the accident",
        f"{case.received_on.isoformat()} ≤ {deadline.isoformat()} ({expiry.value} years)",
        case.received_on <= deadline,
        expiry.reference,
    )
    a.check("Stage-one accident report", f"reported on {case.facts['stage_one_report_date']}")
    if case.facts.get("treatment"):
        a.check(
            "Treatment records", f"{len(case.facts['treatment'])} recorded (care is paid to the provider)"
        )
    a.employer_first = arrears_check(a, membership, event)
    wage = (membership.wage if membership else None) or case.facts.get("wage")
    if not wage:
        a.check("Monthly wage", "the membership has no wage: give the monthly wage", False)
        return a
    source = "the membership" if membership and membership.wage else "the claim's facts"
    a.check("Monthly wage", f"{rupiah(wage)} (from {source})")
    a.derived["wage"] = wage
    if case.kind == ClaimKind.JKK_STMB:
        _stmb(a, case, event, wage)
    elif case.kind == ClaimKind.JKK_DISABILITY:
        _disability(a, case, event, wage)
    else:
        _death(a, case, event, wage)
    return a


def _stmb(a: Assessment, case: Case, event: dt.date, wage: int) -> None:
    """Each period's amount is the STMB from the accident to the period's end less the STMB to its
    start: the tiers run by time since the accident, and the periods add up to the whole."""
    computed: dict[int, int] = {0: 0}

    def upto(days: int) -> int:
        if days not in computed:
            result = rules_call(jkk_stmb_benefit, event, wage, days)
            a.result(f"STMB from the accident for {days} days", result)
            computed[days] = result.total
        return computed[days]

    for i, period in enumerate(case.facts["periods"], start=1):
        start, end = dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"])
        before, through = (start - event).days, (end - event).days + 1
        amount = upto(through) - upto(before)
        a.lines.append((f"stmb_period_{i}", amount))
        if amount > 0:
            note = f"{start.isoformat()} – {end.isoformat()} ({through - before} days)"
            a.plan.append(
                Planned("stmb_period", amount, sequence=i, period=start, hold=a.employer_first, note=note)
            )


def _disability(a: Assessment, case: Case, event: dt.date, wage: int) -> None:
    total = case.facts["total_disability"]
    children = eligible_children(a, case) if total else []
    result = rules_call(
        jkk_disability_benefit,
        event,
        wage,
        percent=Decimal(case.facts.get("percent") or 0),
        total=total,
        function_percent=Decimal(case.facts["function_percent"]),
        children=len(children),
    )
    a.result("JKK permanent disability", result)
    lump_plan(a, result, hold=a.employer_first)
    scholarship_plan(a, result, children, hold=a.employer_first)


def _death(a: Assessment, case: Case, event: dt.date, wage: int) -> None:
    a.check("Death from the accident", f"died on {case.facts['death_date']}")
    children = eligible_children(a, case)
    result = rules_call(jkk_death_benefit, event, wage, children=len(children))
    a.result("JKK death benefit", result)
    lump_plan(a, result, hold=a.employer_first)
    scholarship_plan(a, result, children, hold=a.employer_first)
