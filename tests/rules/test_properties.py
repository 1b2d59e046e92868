"""Properties that hold for any facts (hypothesis): shares make up each line at its rate; the JP
base never exceeds the month's cap; amounts never fall as the wage rises; the batch path gives the
scalar path's amounts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.rules import ContributionFacts, contribution, contributions_batch, parameter
from tests.rules.strategies import BY_SEGMENT, months

PAYERS = ("employer", "worker", "government", "sponsor")


@settings(max_examples=300, deadline=None)
@given(data=st.data(), month=months, segment=st.sampled_from(sorted(BY_SEGMENT)))
def test_shares_add_up_to_the_line_at_its_rate(data, month: dt.date, segment: str):
    facts = data.draw(BY_SEGMENT[segment](month))
    result = contribution(facts, month)
    as_json = result.as_json()
    for line, shown in zip(result.lines, as_json["lines"], strict=True):
        shares = [getattr(line, p) for p in PAYERS]
        assert all(s >= 0 for s in shares)
        assert shown["amount"] == sum(shares) == line.amount
        if line.rate is not None and line.base is not None and not line.deferred:
            # each share is rounded once: PU JHT and JP have two shares, the others one
            rounded = 2 if segment == "PU" and line.programme in ("JHT", "JP") else 1
            assert abs(Decimal(line.amount) - line.base * line.rate) <= Decimal("0.5") * rounded
    assert as_json["totals"]["total"] == sum(line.amount for line in result.lines)
    for payer in PAYERS:
        assert as_json["totals"][payer] == sum(line[payer] for line in as_json["lines"])


@settings(max_examples=300, deadline=None)
@given(month=months, wage=st.integers(1, 500_000_000))
def test_jp_base_never_exceeds_the_cap(month: dt.date, wage: int):
    facts = ContributionFacts("PU", frozenset({"JP"}), wage=wage)
    line = contribution(facts, month).line("JP")
    cap = parameter("jp.wage_cap", month).value
    assert line.base == min(wage, cap) <= cap
    assert line.employer + line.worker + line.deferred <= cap * 3 // 100 + 1


@settings(max_examples=300, deadline=None)
@given(data=st.data(), month=months, segment=st.sampled_from(sorted(BY_SEGMENT)), rise=st.integers(0, 10**9))
def test_amounts_never_decrease_as_the_wage_rises(data, month: dt.date, segment: str, rise: int):
    facts = data.draw(BY_SEGMENT[segment](month))
    field = {"JAKON": "contract_value" if facts.contract_value else "wage", "PMI": "contract_months"}.get(
        segment, "wage"
    )
    more = dataclasses.replace(
        facts, **{field: getattr(facts, field) + (rise % 61 if segment == "PMI" else rise)}
    )
    low, high = contribution(facts, month), contribution(more, month)
    for a, b in zip(low.lines, high.lines, strict=True):
        assert a.programme == b.programme
        assert b.amount + b.deferred >= a.amount + a.deferred, (a, b)
    assert high.totals["total"] >= low.totals["total"]


def _columns(segment: str, facts: list[ContributionFacts]) -> dict[str, np.ndarray]:
    cols: dict[str, np.ndarray] = {
        p: np.array([p in f.programmes for f in facts]) for p in ("JKK", "JKM", "JHT", "JP", "JKP")
    }
    if segment == "PMI":
        return {
            "contract_months": np.array([f.contract_months for f in facts]),
            "pmi_jht": np.array([f.pmi_jht or 0 for f in facts]),
        }
    if segment == "JAKON":
        return {
            "wage": np.array([f.wage or 0 for f in facts]),
            "contract_value": np.array([f.contract_value or 0 for f in facts]),
        }
    cols["wage"] = np.array([f.wage for f in facts], dtype=np.int64)
    if segment == "PU":
        cols["risk_class"] = np.array([f.risk_class for f in facts])
        cols["labour_intensive"] = np.array([f.labour_intensive for f in facts])
    else:
        cols = {k: v for k, v in cols.items() if k in ("JKK", "JKM", "JHT", "wage")}
        cols["sector"] = np.array([f.sector or "" for f in facts])
        cols["sponsored"] = np.array([f.sponsored for f in facts])
    return cols


@settings(max_examples=100, deadline=None)
@given(data=st.data(), month=months, segment=st.sampled_from(sorted(BY_SEGMENT)), n=st.integers(1, 25))
def test_batch_gives_the_scalar_amounts(data, month: dt.date, segment: str, n: int):
    facts = [data.draw(BY_SEGMENT[segment](month)) for _ in range(n)]
    batch = contributions_batch(month, segment=segment, columns=_columns(segment, facts))
    for row, f in enumerate(facts):
        lines = {line.programme: line for line in contribution(f, month).lines}
        for programme, columns in batch.items():
            line = lines.get(programme)
            assert bool(columns["present"][row]) == (line is not None), (programme, f)
            if line is None:
                assert int(columns["amount"][row]) == 0
                continue
            for key in (*PAYERS, "amount", "deferred"):
                assert int(columns[key][row]) == getattr(line, key), (programme, key, f)
            assert int(columns["base"][row]) == (line.base or 0)
