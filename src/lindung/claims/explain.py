"""What the claim page shows of a stored assessment, in the reader's language: the checks, each
rules result with its lines and trace, the parameter values used and their legal basis. The texts
the assessment stores are constant English; they are listed here so that they are translated."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from lindung.calculator.explain import item_label
from lindung.claims.documents import DOCUMENTS

ITEMS = {
    "jht_balance": _("JHT balance"),
    "stmb_period": _("Wage while unable to work, for a period"),
    "jkp_month": _("JKP monthly cash"),
    "jp_month": _("JP monthly pension"),
}
PATTERNS = [
    (re.compile(r"^stmb_period_(\d+)$"), _("Wage while unable to work, period %(n)s")),
    (re.compile(r"^scholarship_(\d+)$"), _("Scholarship, child %(n)s")),
]

CHECKS = [
    gettext_noop("Member of JKK on the day of the accident"),
    gettext_noop("Member of JKM on the day of death"),
    gettext_noop("Member of JKP on the day before the PHK"),
    gettext_noop("Claimed within the claim expiry after the accident"),
    gettext_noop("Stage-one accident report"),
    gettext_noop("Treatment records"),
    gettext_noop("Employer's arrears on the day of the event"),
    gettext_noop("Monthly wage"),
    gettext_noop("Death from the accident"),
    gettext_noop("Child under 23 for the scholarship"),
    gettext_noop("Cause of death (not a work accident)"),
    gettext_noop("Months of JKM contributions (masa iur) up to the death"),
    gettext_noop("JHT balance on the ledger"),
    gettext_noop("No other JHT claim in progress"),
    gettext_noop("Age 56 reached by the claim date"),
    gettext_noop("Membership with JHT ended (left work)"),
    gettext_noop("Reason for the payout"),
    gettext_noop("Ten years of JHT membership"),
    gettext_noop("No earlier partial withdrawal (once only)"),
    gettext_noop("Requested amount within the limit"),
    gettext_noop("Pension age reached by the claim date"),
    gettext_noop("JP months contributed"),
    gettext_noop("JP membership before the event"),
    gettext_noop("Masa iur of 15 years"),
    gettext_noop("Payment density at least 80 %"),
    gettext_noop("Survivor"),
    gettext_noop("PHK for a reason JKP pays"),
    gettext_noop("Reported non-active (membership ended) by the claim date"),
    gettext_noop("JKP conditions"),
    gettext_noop("Last reported wage"),
    gettext_noop("JHT balance on the ledger: credits less earlier withdrawals"),
]
LABELS = [
    gettext_noop("JKK death benefit"),
    gettext_noop("JKK permanent disability"),
    gettext_noop("JKM benefit"),
    gettext_noop("JHT ledger"),
    gettext_noop("JHT partial withdrawal limit"),
    gettext_noop("JP old-age benefit"),
    gettext_noop("JKP eligibility"),
    gettext_noop("JKP cash benefit"),
]


def label(item: str) -> str:
    if item in ITEMS:
        return str(ITEMS[item])
    for pattern, text in PATTERNS:
        match = pattern.match(item)
        if match:
            return str(text) % {"n": match.group(1)}
    return item_label(item)


def _result_label(text: str) -> str:
    match = re.match(r"^STMB from the accident for (\d+) days$", text)
    if match:
        return gettext("STMB from the accident for %(days)s days") % {"days": match.group(1)}
    return gettext(text)


def _parameters(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "value": p.get("value"),
            "reference": p.get("reference", ""),
            "effective": p.get("effective"),
        }
        for name, p in sorted((result.get("parameters") or {}).items())
    ]


def assessment_view(assessment: dict[str, Any] | None) -> dict[str, Any] | None:
    if not assessment:
        return None
    results = [
        {
            "label": _result_label(r["label"]),
            "lines": [{**ln, "label": label(ln["item"])} for ln in r["result"].get("lines", [])],
            "total": r["result"].get("total"),
            "trace": [{**s, "step": gettext(s["step"])} for s in r["result"].get("trace", [])],
            "parameters": _parameters(r["result"]),
            "reasons": r["result"].get("reasons", []),
        }
        for r in assessment["results"]
    ]
    return {
        **assessment,
        "checks": [{**c, "check": gettext(c["check"])} for c in assessment["checks"]],
        "lines": [{**ln, "label": label(ln["item"])} for ln in assessment["lines"]],
        "plan": [{**p, "label": label(p["item"])} for p in assessment["plan"]],
        "results": results,
    }


def documents_view(documents: Any) -> list[dict[str, Any]]:
    return [{"doc": d, "label": DOCUMENTS.get(d.code, d.code)} for d in documents]


def facts_view(facts: dict[str, Any]) -> list[tuple[str, Any, bool]]:
    """(name, value, is a list of rows) for the facts table."""
    return [(key.replace("_", " "), value, isinstance(value, list)) for key, value in facts.items()]


STMB_LABEL = gettext_noop("STMB from the accident for %(days)s days")
