"""Assessing a claim: `assess(case)` checks eligibility and computes the benefit with the rules'
calculators (never here), giving an `Assessment` to store on the claim."""

from __future__ import annotations

from collections.abc import Callable

from lindung.claims.assess.base import Assessment, Case
from lindung.claims.assess.jht import assess_jht
from lindung.claims.assess.jkk import assess_jkk
from lindung.claims.assess.jkm import assess_jkm
from lindung.claims.assess.jkp import assess_jkp
from lindung.claims.assess.jp import assess_jp
from lindung.claims.models import KIND_PROGRAMME

BY_PROGRAMME: dict[str, Callable[[Case], Assessment]] = {
    "JKK": assess_jkk,
    "JKM": assess_jkm,
    "JHT": assess_jht,
    "JP": assess_jp,
    "JKP": assess_jkp,
}


def assess(case: Case) -> Assessment:
    return BY_PROGRAMME[KIND_PROGRAMME[case.kind]](case)


__all__ = ["Assessment", "Case", "assess"]
