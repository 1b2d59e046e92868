"""Contributions for 1,000,000 memberships: the batch path (numpy columns) against the scalar path
(`contribution()` in a loop), same run, same inputs. No database.

The scalar path is timed on a sample (50,000 at full scale) and scaled linearly to the whole
population: it does the same work for every membership, so its time grows linearly. The sample's
amounts are also compared with the batch's, row by row.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from bench.framework import Context, Result, result, timer
from lindung.rules import ContributionFacts, contribution, contributions_batch

MONTH = dt.date(2025, 6, 1)  # inside the PP 7/2025 window, so the labour-intensive flag matters
CLASSES = np.array(["I", "II", "III", "IV", "V"])
PROGRAMMES = ("JKK", "JKM", "JHT", "JP", "JKP")


def _population(n: int, rng: np.random.Generator) -> dict[str, dict[str, np.ndarray]]:
    """80 % PU (wages Rp1-50 juta, any risk class, 10 % labour-intensive, 80 % with JKP) and
    20 % BPU (declared income Rp1-10 juta, a third in transport, a fifth sponsored, half with JHT)."""
    pu, bpu = n * 4 // 5, n - n * 4 // 5
    return {
        "PU": {
            "wage": rng.integers(1_000_000, 50_000_000, pu),
            "risk_class": CLASSES[rng.integers(0, 5, pu)],
            "labour_intensive": rng.random(pu) < 0.1,
            "JKP": rng.random(pu) < 0.8,
        },
        "BPU": {
            "wage": rng.integers(1_000_000, 10_000_000, bpu),
            "sector": np.where(rng.random(bpu) < 0.33, "transport", "other"),
            "sponsored": rng.random(bpu) < 0.2,
            "JHT": rng.random(bpu) < 0.5,
        },
    }


def _facts(segment: str, columns: dict[str, np.ndarray], row: int) -> ContributionFacts:
    if segment == "PU":
        programmes = {"JKK", "JKM", "JHT", "JP"} | ({"JKP"} if columns["JKP"][row] else set())
        return ContributionFacts(
            "PU",
            frozenset(programmes),
            wage=int(columns["wage"][row]),
            risk_class=str(columns["risk_class"][row]),
            labour_intensive=bool(columns["labour_intensive"][row]),
        )
    return ContributionFacts(
        "BPU",
        frozenset({"JKK", "JKM"} | ({"JHT"} if columns["JHT"][row] else set())),
        wage=int(columns["wage"][row]),
        sector=str(columns["sector"][row]),
        sponsored=bool(columns["sponsored"][row]),
    )


def run(ctx: Context) -> list[Result]:
    n = ctx.n(1_000_000)
    population = _population(n, np.random.default_rng(20250601))
    for seg, cols in population.items():  # load the parameter files and month schedules once, untimed
        contributions_batch(MONTH, segment=seg, columns={k: v[:1] for k, v in cols.items()})
    with timer() as batch_time:
        batches = {
            seg: contributions_batch(MONTH, segment=seg, columns=cols) for seg, cols in population.items()
        }
    total = sum(int(line["amount"].sum()) for out in batches.values() for line in out.values())

    sample_size = min(n, ctx.n(50_000))
    sampled = {seg: max(1, sample_size * len(cols["wage"]) // n) for seg, cols in population.items()}
    with timer() as scalar_time:
        scalar = {
            seg: [contribution(_facts(seg, population[seg], row), MONTH) for row in range(k)]
            for seg, k in sampled.items()
        }
    for seg, results in scalar.items():  # the same rupiah, row by row
        for row, res in enumerate(results):
            for line in res.lines:
                assert int(batches[seg][line.programme]["amount"][row]) == line.amount, (seg, row, line)
    done = sum(sampled.values())
    scalar_seconds = scalar_time() * n / done
    note = (
        f"{n:,} memberships (80 % PU, 20 % BPU), month {MONTH:%Y-%m}; scalar timed on {done:,} and scaled "
        f"x{n / done:.1f}; sample amounts equal; total billed Rp{total:,}"
    )
    ratio = scalar_seconds / batch_time()
    print(f"  batch {batch_time():.3f} s, scalar {scalar_seconds:.1f} s (estimated), ratio {ratio:.0f}x")
    return [
        result("rules: contributions, scalar path (estimated)", scalar_seconds, "s", note=note),
        result(
            "rules: contributions, batch path",
            batch_time(),
            "s",
            baseline=scalar_seconds,
            ratio_of="baseline/value",
            target=">= 50",
            note=note,
        ),
    ]
