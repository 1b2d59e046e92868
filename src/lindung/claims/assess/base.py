"""What an assessment is: eligibility checks, the rules' results (with their traces and parameter
values), the payable lines and the payment plan. Stored on the claim as JSON when it is verified."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from lindung.errors import ValidationFailed
from lindung.registry.models import Person
from lindung.rules import RulesError

T = TypeVar("T")


@dataclass(frozen=True)
class Case:
    """The claim being assessed: who, which kind, the facts as filed, the claim date, and the day of
    the assessment (contributions and the JHT ledger are read as they stood that day)."""

    person: Person
    kind: str
    facts: dict[str, Any]
    received_on: dt.date
    on: dt.date
    claim_id: int | None = None

    def date(self, key: str) -> dt.date | None:
        value = self.facts.get(key)
        return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Check:
    check: str  # constant English text (translated by the edges)
    outcome: str  # the numbers or names behind the outcome
    passed: bool | None = None  # None: a fact worth showing, not a condition
    basis: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"check": self.check, "outcome": self.outcome, "passed": self.passed, "basis": self.basis}


@dataclass(frozen=True)
class Planned:
    """A payment to create on approval, `offset_months` after the approval day."""

    item: str
    amount: int
    sequence: int = 1
    offset_months: int = 0
    period: dt.date | None = None
    hold: bool = False
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "amount": self.amount,
            "sequence": self.sequence,
            "offset_months": self.offset_months,
            "period": self.period.isoformat() if self.period else None,
            "hold": self.hold,
            "note": self.note,
        }


@dataclass
class Assessment:
    kind: str
    on: dt.date
    derived: dict[str, Any] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    lines: list[tuple[str, int]] = field(default_factory=list)
    plan: list[Planned] = field(default_factory=list)
    monthly: int = 0
    monthly_from: dt.date | None = None
    employer_first: bool = False
    settled: bool = True
    notes: list[str] = field(default_factory=list)
    membership: Any = None  # the membership the claim rests on (not stored: it places the claim)

    def check(self, check: str, outcome: str, passed: bool | None = None, basis: str = "") -> bool | None:
        self.checks.append(Check(check, outcome, passed, basis))
        return passed

    def result(self, label: str, result: Any) -> None:
        """Keep a rules result (BenefitResult or JkpEligibility) as computed, trace included."""
        self.results.append({"label": label, "result": result.as_json()})

    @property
    def eligible(self) -> bool:
        return all(c.passed is not False for c in self.checks)

    @property
    def reasons(self) -> list[str]:
        return [f"{c.check}: {c.outcome}" for c in self.checks if c.passed is False]

    @property
    def total(self) -> int:
        return sum(amount for _, amount in self.lines)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "on": self.on.isoformat(),
            "eligible": self.eligible,
            "settled": self.settled,
            "reasons": self.reasons,
            "derived": self.derived,
            "checks": [c.as_json() for c in self.checks],
            "results": self.results,
            "lines": [{"item": item, "amount": amount} for item, amount in self.lines],
            "total": self.total,
            "monthly": self.monthly,
            "monthly_from": self.monthly_from.isoformat() if self.monthly_from else None,
            "plan": [p.as_json() for p in self.plan],
            "employer_first": self.employer_first,
            "notes": self.notes,
        }


def lump_plan(a: Assessment, result: Any, *, hold: bool = False) -> None:
    """A rules result paid at once: its lines are the claim's lines, one payment for their total."""
    a.lines.extend((line.item, line.amount) for line in result.lines)
    if result.total > 0:
        a.plan.append(Planned("lump_sum", result.total, hold=hold))


def rules_call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a rules calculator; facts it cannot compute become a ValidationFailed on the field."""
    try:
        return fn(*args, **kwargs)
    except RulesError as exc:
        raise ValidationFailed([(exc.field, exc.message)]) from exc
