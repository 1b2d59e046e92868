"""The facts a contribution depends on, checked before anything is computed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lindung.rules.errors import RulesError

SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
PROGRAMMES = ("JKK", "JKM", "JHT", "JP", "JKP")
RISK_CLASSES = ("I", "II", "III", "IV", "V")
SIZE_CLASSES = ("besar", "menengah", "kecil", "mikro")
OFFERED = {
    "PU": frozenset(PROGRAMMES),
    "BPU": frozenset({"JKK", "JKM", "JHT"}),  # JP and JKP are not offered to BPU (regulation.md §2.2)
    "JAKON": frozenset({"JKK", "JKM"}),
    "PMI": frozenset({"JKK", "JKM", "JHT"}),
}
DEFAULT_PROGRAMMES = {
    "PU": frozenset({"JKK", "JKM", "JHT", "JP"}),
    "BPU": frozenset({"JKK", "JKM"}),
    "JAKON": frozenset({"JKK", "JKM"}),
    "PMI": frozenset({"JKK", "JKM"}),
}


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class ContributionFacts:
    """A membership as far as its contribution is concerned (see `lindung.rules` for each field)."""

    segment: str
    programmes: frozenset[str] = field(default_factory=frozenset)
    wage: int | None = None
    risk_class: str | None = None
    size_class: str | None = None
    labour_intensive: bool = False
    sector: str | None = None
    sponsored: bool = False
    contract_value: int | None = None
    contract_months: int | None = None
    pmi_jht: int | None = None

    @classmethod
    def of(cls, segment: str, programmes: Iterable[str] | None = None, **fields: object) -> ContributionFacts:
        """Facts with the segment's usual programmes when none are given (PU: JKK, JKM, JHT, JP)."""
        seg = segment.upper()
        chosen = frozenset(programmes) if programmes is not None else DEFAULT_PROGRAMMES.get(seg, frozenset())
        return cls(segment=seg, programmes=chosen, **fields)  # type: ignore[arg-type]

    def check(self) -> None:
        """Raise RulesError naming the first field that cannot be used."""
        if self.segment not in SEGMENTS:
            raise RulesError(f"{self.segment!r} is not a segment ({', '.join(SEGMENTS)})", field="segment")
        unknown = set(self.programmes) - set(PROGRAMMES)
        if unknown:
            raise RulesError(f"unknown programme(s) {', '.join(sorted(unknown))}", field="programmes")
        if not self.programmes:
            raise RulesError("at least one programme is needed", field="programmes")
        not_offered = set(self.programmes) - OFFERED[self.segment]
        if not_offered:
            raise RulesError(
                f"{', '.join(sorted(not_offered))} not offered to {self.segment}", field="programmes"
            )
        for name in ("wage", "contract_value", "contract_months", "pmi_jht"):
            value = getattr(self, name)
            if value is not None and (not _whole(value) or value < 0):
                raise RulesError(f"{value!r} must be a whole, non-negative number", field=name)
        {"PU": self._check_pu, "BPU": self._check_bpu, "JAKON": self._check_jakon, "PMI": self._check_pmi}[
            self.segment
        ]()

    def _check_pu(self) -> None:
        if not self.wage:
            raise RulesError("the monthly wage (basic wage + fixed allowances) is required", field="wage")
        if "JKK" in self.programmes and self.risk_class is None:
            raise RulesError("the employer's JKK risk class (I to V) is required", field="risk_class")
        if "JKK" in self.programmes and self.risk_class not in RISK_CLASSES:
            raise RulesError(f"{self.risk_class!r} must be one of I, II, III, IV, V", field="risk_class")
        if self.size_class is not None and self.size_class not in SIZE_CLASSES:
            raise RulesError(
                f"{self.size_class!r} must be one of {', '.join(SIZE_CLASSES)}", field="size_class"
            )

    def _check_bpu(self) -> None:
        if not self.wage:
            raise RulesError("the declared monthly income is required", field="wage")
        if not {"JKK", "JKM"} <= self.programmes:
            raise RulesError("BPU cover always includes JKK and JKM", field="programmes")

    def _check_jakon(self) -> None:
        if (self.wage is None) == (self.contract_value is None):
            raise RulesError(
                "give either the wage or the contract value (when wages are unknown)", field="wage"
            )
        if not (self.wage or self.contract_value):
            raise RulesError(
                "must be more than zero", field="wage" if self.wage is not None else "contract_value"
            )

    def _check_pmi(self) -> None:
        if not {"JKK", "JKM"} <= self.programmes:
            raise RulesError("the PMI package always covers JKK and JKM", field="programmes")
        if not self.contract_months:
            raise RulesError("the length of the work contract in months is required", field="contract_months")
        if ("JHT" in self.programmes) != bool(self.pmi_jht):
            raise RulesError("give the monthly JHT amount exactly when JHT is chosen", field="pmi_jht")
