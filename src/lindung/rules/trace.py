"""The explanation carried by every result: the steps taken, each with its formula, the parameter
values it used and their legal basis. Step names are constant English text so that the edges can
translate them; the numbers live in the formula."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lindung.rules.money import percent_text, rupiah
from lindung.rules.parameter import ParameterValue, json_safe


@dataclass(frozen=True)
class Step:
    step: str
    formula: str
    result: Any = None
    parameters: dict[str, str] = field(default_factory=dict)
    basis: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "formula": self.formula,
            "result": json_safe(self.result),
            "parameters": dict(self.parameters),
            "basis": self.basis,
        }


Uses = tuple[tuple[ParameterValue, str], ...]


def basis_of(uses: Uses | list[tuple[ParameterValue, str]]) -> str:
    """The legal basis of a set of parameter values, each reference once."""
    return "; ".join(dict.fromkeys(p.reference for p, _ in uses))


def relief_factors(reliefs: list[ParameterValue] | tuple[ParameterValue, ...]) -> str:
    """The part of a formula that applies reliefs given as discount percentages: " × (100 % − 50 %)"."""
    return "".join(f" × (100 % − {r.value} %)" for r in reliefs if r.value)


class Trace:
    """Collects the steps of one calculation and the parameter values it used (for freezing)."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.used: dict[str, ParameterValue] = {}

    def use(self, *values: ParameterValue) -> None:
        for value in values:
            self.used[value.name] = value

    def add(
        self,
        step: str,
        formula: str,
        result: Any = None,
        *,
        uses: Uses = (),
        basis: str | None = None,
    ) -> None:
        """A step; `uses` pairs each parameter value with the text of what was taken from it."""
        self.use(*(p for p, _ in uses))
        self.steps.append(
            Step(
                step=step,
                formula=formula,
                result=result,
                parameters={p.name: text for p, text in uses},
                basis=basis if basis is not None else basis_of(uses),
            )
        )

    def rate_step(
        self,
        step: str,
        base: int,
        rate: Decimal,
        amount: int,
        *,
        uses: Uses,
        reliefs: list[ParameterValue] | tuple[ParameterValue, ...] = (),
    ) -> None:
        """A step `base × rate [× (100 % − relief %)] = amount`."""
        formula = f"{rupiah(base)} × {percent_text(rate)}{relief_factors(reliefs)} = {rupiah(amount)}"
        self.add(step, formula, amount, uses=uses)

    def parameters_json(self) -> dict[str, Any]:
        return {name: value.as_json() for name, value in sorted(self.used.items())}
