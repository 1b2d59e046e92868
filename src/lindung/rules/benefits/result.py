"""What a benefit calculation returns: the cash lines, their total, the trace and the extras each
benefit needs (a JKP monthly schedule, a JP monthly amount, a scholarship schedule...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lindung.rules.parameter import json_safe
from lindung.rules.trace import Step, Trace


@dataclass(frozen=True)
class BenefitLine:
    item: str  # a stable key such as "lump_sum"; the edges translate it
    amount: int

    def as_json(self) -> dict[str, Any]:
        return {"item": self.item, "amount": self.amount}


@dataclass(frozen=True)
class BenefitResult:
    benefit: str
    lines: list[BenefitLine]
    trace: list[Step]
    extra: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    def line(self, item: str) -> BenefitLine:
        for line in self.lines:
            if line.item == item:
                return line
        raise KeyError(item)

    def __getitem__(self, key: str) -> Any:
        return self.extra[key]

    def as_json(self) -> dict[str, Any]:
        return {
            "benefit": self.benefit,
            "lines": [line.as_json() for line in self.lines],
            "total": self.total,
            "trace": [step.as_json() for step in self.trace],
            **{key: json_safe(value) for key, value in self.extra.items()},
            "parameters": self.parameters,
        }


def benefit_result(benefit: str, lines: list[BenefitLine], trace: Trace, **extra: Any) -> BenefitResult:
    return BenefitResult(benefit, lines, trace.steps, extra, trace.parameters_json())
