"""The scholarship that comes with a death (JKM, JKK) or a JKK total permanent disability: which
listed children qualify, and the first school year's payment at each child's level. Later years are
paid year by year on proof of schooling (`services.payments.scholarship_year_add`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lindung.claims.assess.base import Assessment, Case, Planned
from lindung.registry.programmes import age_on
from lindung.rules import BenefitResult

MAX_AGE = 23  # regulation §5.2: the child must be under 23


def eligible_children(a: Assessment, case: Case) -> list[dict[str, Any]]:
    """The listed children under 23 on the claim date (and at school: a level is required)."""
    children = []
    for child in case.facts.get("children", []):
        age = age_on(dt.date.fromisoformat(child["birth_date"]), case.received_on)
        ok = age < MAX_AGE
        a.check(
            "Child under 23 for the scholarship", f"{child['name']}: {age} years", ok, "regulation.md §5.2"
        )
        if ok:
            children.append(child)
    return children


def scholarship_plan(
    a: Assessment, result: BenefitResult, children: list[dict[str, Any]], *, hold: bool
) -> None:
    """Year one per covered child at the child's level, from the result's schedule. A one-off
    scholarship (PP 44/2015) is already one of the result's lines."""
    grant = result.extra.get("scholarship") or {}
    schedule = {level["level"]: level for level in grant.get("schedule", [])}
    if not schedule or not grant.get("eligible"):
        return
    for i, child in enumerate(children[: grant["children"]], start=1):
        level = schedule[child["level"]]
        item = f"scholarship_{i}"
        a.lines.append((item, level["per_year"]))
        a.plan.append(
            Planned(item, level["per_year"], hold=hold, note=f"{child['name']}: {child['level']} year 1")
        )
