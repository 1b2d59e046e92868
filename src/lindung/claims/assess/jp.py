"""JP (regulation.md §5.4): the old-age benefit from the pension date for the birth year - a monthly
pension after 15 years of contributions, a lump sum otherwise - from the JP wage history of paid
invoices. Disability and survivor benefits: the reference settles who qualifies (membership and a
payment density of 80 %) but not the amounts (§10.3), so those claims are assessed for eligibility
and cannot be approved for an amount."""

from __future__ import annotations

import datetime as dt

from lindung.claims import history
from lindung.claims.assess.base import Assessment, Case, lump_plan, rules_call
from lindung.claims.assess.cover import memberships_with
from lindung.claims.models import ClaimKind
from lindung.rules import jp_benefit, pension_age
from lindung.rules.months import month_index

FULL_MONTHS = 180
DENSITY = 80  # percent of the membership months paid
NOT_SETTLED = (
    "The amounts of the JP disability and survivor pensions (the spouse's, child's and parent's "
    "shares of the formula) are not settled in the reference (regulation.md §10.3): the claim records "
    "who qualifies and cannot be approved for an amount."
)


def assess_jp(case: Case) -> Assessment:
    if case.kind == ClaimKind.JP_OLD_AGE:
        return _old_age(case)
    return _survivor_or_disability(case)


def _old_age(case: Case) -> Assessment:
    a = Assessment(case.kind, case.on)
    versions = memberships_with(case.person, "JP")
    a.membership = versions[-1] if versions else None
    age, due = pension_age(case.person.birth_date)
    start = case.date("start") or due
    a.derived.update(pension_age=age, pension_date=due.isoformat(), start=start.isoformat())
    a.check(
        "Pension age reached by the claim date",
        f"age {age} on {due.isoformat()}; claimed {case.received_on.isoformat()}",
        case.received_on >= due,
        "PP 45/2015 Pasal 15",
    )
    wages = history.jp_wage_history(case.person, case.on, case.on)
    before = [(m, w) for m, w in wages if m < start.replace(day=1)]
    if len(before) < len(wages):
        a.notes.append(
            f"{len(wages) - len(before)} month(s) from the start of the pension on are not counted."
        )
    a.check("JP months contributed", f"{len(before)} months", bool(before))
    if not before:
        return a
    result = rules_call(jp_benefit, case.person.birth_date, before, start=start)
    a.result("JP old-age benefit", result)
    if result["kind"] == "pension":
        a.monthly, a.monthly_from = result["monthly"], start.replace(day=1)
    else:
        lump_plan(a, result)
    return a


def _membership_months(case: Case, day: dt.date) -> int:
    """Months of JP membership from the first enrolment up to `day`'s month (each month once)."""
    covered: set[int] = set()
    last = month_index(day)
    for m in memberships_with(case.person, "JP"):
        end = month_index(m.last_day) if m.last_day else last
        covered.update(range(month_index(m.valid_from), min(end, last) + 1))
    return len(covered)


def _survivor_or_disability(case: Case) -> Assessment:
    a = Assessment(case.kind, case.on)
    event = case.date("event_date")
    assert event is not None
    versions = memberships_with(case.person, "JP")
    a.membership = versions[-1] if versions else None
    members = _membership_months(case, event)
    paid = len(history.paid_months(case.person, "JP", event, case.on))
    density = paid * 100 // members if members else 0
    a.derived.update(membership_months=members, months_contributed=paid, density_percent=density)
    needed = 1 if case.kind == ClaimKind.JP_DISABILITY else 12
    a.check("JP membership before the event", f"{members} months (at least {needed})", members >= needed)
    if case.kind == ClaimKind.JP_SURVIVOR and paid >= FULL_MONTHS:
        a.check("Masa iur of 15 years", f"{paid} months", True, "PP 45/2015")
    else:
        a.check(
            "Payment density at least 80 %",
            f"{paid} of {members} months ({density} %)",
            density >= DENSITY,
            "Permenaker 29/2015",
        )
    if case.kind == ClaimKind.JP_SURVIVOR:
        a.check("Survivor", case.facts["relation"])
    a.settled = False
    a.notes.append(NOT_SETTLED)
    return a
