"""JHT: the full payout for one of the reasons of regulation.md §5.3, or the partial withdrawal
(10 % or 30 %, once, after ten years of membership). Both are paid from the JHT ledger, whose
balance on the day of the assessment is the amount available."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Sum

from lindung.billing.models import JhtLedgerEntry
from lindung.claims import history
from lindung.claims.assess.base import Assessment, Case, Planned, rules_call
from lindung.claims.assess.cover import membership_on, memberships_with
from lindung.claims.models import Claim, ClaimKind, ClaimStatus
from lindung.registry.programmes import age_on
from lindung.rules import jht_partial_withdrawal_limit
from lindung.rules.money import rupiah

JHT_AGE = 56
LEFT_WORK = ("resignation", "dismissal", "contract_end", "bpu_stopped")


def ledger_result(person_id: int, on: dt.date) -> dict[str, Any]:
    """The JHT ledger up to `on`, by kind of entry, in the shape of a rules result."""
    sums = dict(
        JhtLedgerEntry.objects.filter(person_id=person_id, entry_date__lte=on)
        .order_by()
        .values("kind")
        .annotate(s=Sum("amount"))
        .values_list("kind", "s")
    )
    balance = sum(sums.values())
    parts = " + ".join(f"{kind} {rupiah(amount)}" for kind, amount in sorted(sums.items())) or "no entries"
    return {
        "benefit": "JHT-LEDGER",
        "lines": [{"item": "jht_balance", "amount": balance}],
        "total": balance,
        "trace": [
            {
                "step": "JHT balance on the ledger: credits less earlier withdrawals",
                "formula": f"{parts} = {rupiah(balance)} on {on.isoformat()}",
                "result": balance,
                "parameters": {},
                "basis": "PP 46/2015 (JHT = contributions + returns)",
            }
        ],
        "by_kind": sums,
        "parameters": {},
    }


def _no_other_open(a: Assessment, case: Case) -> None:
    others = (
        Claim.objects.filter(person=case.person, kind__in=(ClaimKind.JHT, ClaimKind.JHT_PARTIAL))
        .filter(status__in=(ClaimStatus.SUBMITTED, ClaimStatus.VERIFIED, ClaimStatus.APPROVED))
        .exclude(pk=case.claim_id or 0)
        .values_list("number", flat=True)
    )
    found = [n or "?" for n in others]
    a.check("No other JHT claim in progress", ", ".join(found) or "none", not found)


def assess_jht(case: Case) -> Assessment:
    a = Assessment(case.kind, case.on)
    a.membership = membership_on(case.person, "JHT", case.received_on) or next(
        iter(reversed(memberships_with(case.person, "JHT"))), None
    )
    months = history.jht_contributions(case.person, case.on, case.on)
    a.derived["months_contributed"] = len(months)
    ledger = ledger_result(case.person.pk, case.on)
    balance = ledger["total"]
    a.derived["balance"] = balance
    a.results.append({"label": "JHT ledger", "result": ledger})
    a.check("JHT balance on the ledger", rupiah(balance), balance > 0)
    _no_other_open(a, case)
    if case.kind == ClaimKind.JHT:
        _reason(a, case)
        amount, item = balance, "jht_balance"
    else:
        amount, item = _partial(a, case, balance)
    a.lines.append((item, amount))
    if amount > 0:
        a.plan.append(Planned("lump_sum", amount))
    return a


def _reason(a: Assessment, case: Case) -> None:
    reason = case.facts["reason"]
    if reason == "age_56":
        age = age_on(case.person.birth_date, case.received_on)
        a.check("Age 56 reached by the claim date", f"{age} years", age >= JHT_AGE, "regulation.md §5.3")
    elif reason in LEFT_WORK:
        current = membership_on(case.person, "JHT", case.received_on)
        a.check(
            "Membership with JHT ended (left work)",
            f"still a member from {current.valid_from.isoformat()}" if current else "ended",
            current is None,
            "Permenaker 4/2022",
        )
    else:
        a.check("Reason for the payout", reason.replace("_", " "), None, "Permenaker 4/2022")


def _partial(a: Assessment, case: Case, balance: int) -> tuple[int, str]:
    purpose = case.facts["purpose"]
    versions = memberships_with(case.person, "JHT")
    first = versions[0].valid_from if versions else case.received_on
    r = case.received_on
    months = (r.year - first.year) * 12 + r.month - first.month - (1 if r.day < first.day else 0)
    a.derived["membership_months"] = months
    limit = rules_call(jht_partial_withdrawal_limit, balance, months, purpose=purpose, on=case.received_on)
    a.result("JHT partial withdrawal limit", limit)
    a.check("Ten years of JHT membership", f"{months} months since {first.isoformat()}", limit["eligible"])
    earlier = (
        Claim.objects.filter(person=case.person, kind=ClaimKind.JHT_PARTIAL)
        .exclude(status=ClaimStatus.REJECTED)
        .exclude(pk=case.claim_id or 0)
        .values_list("number", flat=True)
    )
    found = [n or "?" for n in earlier]
    a.check("No earlier partial withdrawal (once only)", ", ".join(found) or "none", not found)
    requested = case.facts.get("requested_amount")
    if requested:
        a.check(
            "Requested amount within the limit",
            f"{rupiah(requested)} ≤ {rupiah(limit.total)}",
            requested <= limit.total,
        )
        return min(requested, limit.total), f"partial_{purpose}"
    return limit.total, f"partial_{purpose}"
