"""Hypothesis strategies for contribution facts of every segment."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from lindung.rules import ContributionFacts

RISK = ("I", "II", "III", "IV", "V")
JKP_START = dt.date(2021, 2, 1)

months = st.builds(dt.date, st.integers(2015, 2027), st.integers(1, 12), st.just(1)).filter(
    lambda d: d >= dt.date(2015, 7, 1)
)
wages = st.integers(1, 200_000_000)


@st.composite
def pu_facts(draw, month: dt.date, wage: int | None = None) -> ContributionFacts:
    programmes = {"JKK", "JKM"} | draw(st.sets(st.sampled_from(["JHT", "JP"])))
    if month >= JKP_START and draw(st.booleans()):
        programmes.add("JKP")
    return ContributionFacts(
        "PU",
        frozenset(programmes),
        wage=draw(wages) if wage is None else wage,
        risk_class=draw(st.sampled_from(RISK)),
        labour_intensive=draw(st.booleans()),
    )


@st.composite
def bpu_facts(draw, month: dt.date, wage: int | None = None) -> ContributionFacts:
    return ContributionFacts(
        "BPU",
        frozenset({"JKK", "JKM"} | ({"JHT"} if draw(st.booleans()) else set())),
        wage=draw(st.integers(1_000_000, 50_000_000)) if wage is None else wage,
        sector=draw(st.sampled_from([None, "transport", "agriculture"])),
        sponsored=draw(st.booleans()),
    )


@st.composite
def jakon_facts(draw, month: dt.date, wage: int | None = None) -> ContributionFacts:
    if draw(st.booleans()):
        return ContributionFacts(
            "JAKON", frozenset({"JKK", "JKM"}), wage=draw(wages) if wage is None else wage
        )
    value = draw(st.integers(1, 20_000_000_000)) if wage is None else wage
    return ContributionFacts("JAKON", frozenset({"JKK", "JKM"}), contract_value=value)


@st.composite
def pmi_facts(draw, month: dt.date, wage: int | None = None) -> ContributionFacts:
    jht = draw(st.one_of(st.none(), st.integers(50_000, 600_000)))
    return ContributionFacts(
        "PMI",
        frozenset({"JKK", "JKM"} | ({"JHT"} if jht else set())),
        contract_months=draw(st.integers(1, 60)) if wage is None else max(1, wage % 61),
        pmi_jht=jht,
    )


BY_SEGMENT = {"PU": pu_facts, "BPU": bpu_facts, "JAKON": jakon_facts, "PMI": pmi_facts}
