"""What a contribution calculation returns: one line per programme, totals, trace, parameters."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lindung.rules.money import rate_text
from lindung.rules.trace import Step

PAYERS = ("employer", "worker", "government", "sponsor")


@dataclass(frozen=True)
class ContributionLine:
    """One programme's contribution for the month.

    `amount` is the sum of the four shares. `rate` is the rate actually charged on `base`
    (after any relief); None for flat amounts and packages. `deferred` is the part of the amount
    due that is not payable this month (PP 49/2020 JP deferral), 0 otherwise.
    """

    programme: str
    base: int | None
    rate: Decimal | None
    employer: int = 0
    worker: int = 0
    government: int = 0
    sponsor: int = 0
    basis: str = ""
    deferred: int = 0

    @property
    def amount(self) -> int:
        return self.employer + self.worker + self.government + self.sponsor

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "programme": self.programme,
            "base": self.base,
            "rate": rate_text(self.rate),
            "employer": self.employer,
            "worker": self.worker,
            "government": self.government,
            "sponsor": self.sponsor,
            "amount": self.amount,
            "basis": self.basis,
        }
        if self.deferred:
            data["deferred"] = self.deferred
        return data


@dataclass(frozen=True)
class ContributionResult:
    segment: str
    month: str  # YYYY-MM
    lines: list[ContributionLine]
    trace: list[Step]
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def totals(self) -> dict[str, int]:
        totals = {payer: sum(getattr(line, payer) for line in self.lines) for payer in PAYERS}
        totals["total"] = sum(line.amount for line in self.lines)
        return totals

    def line(self, programme: str) -> ContributionLine:
        for line in self.lines:
            if line.programme == programme:
                return line
        raise KeyError(programme)

    def as_json(self) -> dict[str, Any]:
        return {
            "segment": self.segment,
            "month": self.month,
            "lines": [line.as_json() for line in self.lines],
            "totals": self.totals,
            "trace": [step.as_json() for step in self.trace],
            "parameters": self.parameters,
        }
