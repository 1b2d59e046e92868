"""What the synthetic Jambi registry holds: how many active participants per regency and segment on
the seed day, and how they spread over villages.

Tanjung Jabung Timur (Kemendagri 15.07) is exact, always: the seed report of 23 March 2024
(senjari.com, `bpjs_coverage.csv` rows of 2024-03-23) — 12,587 PU, 9,416 BPU of whom 3,652
extreme poor and 1,291 vulnerable workers are paid by the province's BKBK programme, 12,080 Jakon.

The other regencies get `covered × scale` participants (`scale` 0.1 by default, so `make run`
stays fast on SQLite; 1.0 gives the published size), where `covered` is, in this order:
1. the regency's published `covered_participants` (Batanghari, Bungo);
2. its published `coverage_rate` × its potential workers (Kota Jambi, Tebo, Sarolangun);
3. otherwise a residual rate: the rate that makes the province add up to the published 518,632
   covered participants of 12 August 2024 (BPJS TK Jambi, Rakor UCJ 2024).
Potential workers are the published `potential_workers` where known, else the regency's Dukcapil
population × the province's ratio (1,312,370 potential workers / 3,834,439 registered residents).
Segments of the other regencies: BKBK gets the province's 2024 target (118,875) less TJT's seed
figure, shared by population, in the 2023 ratio of the two categories (74,617 : 37,921); BPU paid
by the participant is 40 % of the BKBK count; what is left is PU and Jakon, 4 : 1. These are
plausible, not published, and the demo's README and step summary say so.

The shipped data has no village population (Dukcapil's file stops at regencies), so villages get
an indicative one: the regency's registered population shared over its villages with a seeded
weight (a kelurahan, the urban village, three times a desa's, times a factor 0.5–1.5).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "coverage" / "data"

SEED_DAY = dt.date(2024, 3, 23)
SEED_REGENCY = "1507"
PROVINCE = "15"
EXTREME_POOR, VULNERABLE = "miskin ekstrem", "pekerja rentan"
# The seed report (bpjs_coverage.csv, regency 1507, 2024-03-23).
SEED_PU, SEED_BPU, SEED_JAKON = 12_587, 9_416, 12_080
SEED_BKBK = {EXTREME_POOR: 3_652, VULNERABLE: 1_291}
# The demo's coverage months: statuses "imported from the previous system" for July 2023 – June 2024.
FIRST_MONTH, LAST_MONTH = dt.date(2023, 7, 1), dt.date(2024, 6, 1)
DEFAULT_SCALE = Decimal("0.1")

# Province figures used for the other regencies (bpjs_coverage.csv).
PROVINCE_COVERED = 518_632  # covered_participants, 2024-08-12
PROVINCE_POTENTIAL = 1_312_370  # potential_workers, 2024-08-12
BKBK_TARGET_2024 = 118_875  # BKBK_ALL target_participants_paid_by_province, 2024
BKBK_2023 = {EXTREME_POOR: 74_617, VULNERABLE: 37_921}  # participants_paid_by_province, 2023
SELF_BPU_PER_BKBK = Decimal("0.4")
PU_SHARE_OF_WAGED = Decimal("0.8")  # PU : Jakon = 4 : 1 outside TJT
# Not counted on the seed day, for a believable trend: PU who left before it, PU who join after
# it, Jakon workers of projects finished before it (each a share of the regency's active count).
ENDED_PU_SHARE, LATER_PU_SHARE, ENDED_JAKON_SHARE = Decimal("0.04"), Decimal("0.03"), Decimal("0.08")


def months() -> list[dt.date]:
    out, month = [], FIRST_MONTH
    while month <= LAST_MONTH:
        out.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return out


@dataclass
class RegencyPlan:
    """Active participants on the seed day (`pu`, `bpu_self`, `jakon`, `bkbk` by category) and the
    extra, inactive-on-the-day memberships; `basis` says where the size comes from."""

    code: str
    name: str
    population: int
    pu: int
    bpu_self: int
    jakon: int
    bkbk: dict[str, int] = field(default_factory=dict)
    ended_pu: int = 0
    later_pu: int = 0
    ended_jakon: int = 0
    basis: str = ""

    @property
    def bpu(self) -> int:
        return self.bpu_self + sum(self.bkbk.values())

    @property
    def active(self) -> int:
        return self.pu + self.bpu + self.jakon


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def apportion(total: int, weights: list[Decimal] | list[int]) -> list[int]:
    """`total` shared in proportion to `weights` by largest remainder: whole numbers summing to
    `total` exactly (ties go to the earlier weight)."""
    if total < 0:
        raise ValueError(f"cannot share a negative total {total}")
    w = [Decimal(x) for x in weights]
    whole = sum(w)
    if not w or whole <= 0:
        if total:
            raise ValueError("no weight to share the total over")
        return [0] * len(w)
    quotas = [total * x / whole for x in w]
    shares = [int(q) for q in quotas]
    left = total - sum(shares)
    order = sorted(range(len(w)), key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in order[:left]:
        shares[i] += 1
    return shares


@lru_cache(maxsize=1)
def _population() -> dict[str, tuple[str, int]]:
    with open(DATA / "regions_population_dukcapil_2024s2.csv", encoding="utf-8", newline="") as f:
        return {
            row["code"]: (row["name"], int(row["population_total"]))
            for row in csv.DictReader(f)
            if row["parent_code"] == PROVINCE and row["level"] == "2"
        }


@lru_cache(maxsize=1)
def _published() -> dict[tuple[str, str], Decimal]:
    """(regency code, metric) → the latest published figure for the whole regency (segment ALL)."""
    found: dict[tuple[str, str], tuple[str, Decimal]] = {}
    with open(DATA / "bpjs_coverage.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["scope"] != "regency" or row["segment"] != "ALL":
                continue
            key = (row["region_code"], row["metric"])
            if key not in found or row["as_of"] > found[key][0]:
                found[key] = (row["as_of"], Decimal(row["value"]))
    return {key: value for key, (_, value) in found.items()}


def _potential(code: str) -> Decimal:
    published = _published().get((code, "potential_workers"))
    if published is not None:
        return published
    return Decimal(_population()[code][1]) * PROVINCE_POTENTIAL / sum(p for _, p in _population().values())


def _covered_known(code: str) -> tuple[Decimal, str] | None:
    published = _published()
    if (code, "covered_participants") in published:
        return published[code, "covered_participants"], "published covered participants"
    if (code, "coverage_rate") in published:
        rate = published[code, "coverage_rate"] / 100
        return _potential(code) * rate, f"published coverage rate {published[code, 'coverage_rate']} %"
    return None


def seed_plan() -> RegencyPlan:
    name, population = _population()[SEED_REGENCY]
    bkbk = sum(SEED_BKBK.values())
    return RegencyPlan(
        code=SEED_REGENCY,
        name=name,
        population=population,
        pu=SEED_PU,
        bpu_self=SEED_BPU - bkbk,
        jakon=SEED_JAKON,
        bkbk=dict(SEED_BKBK),
        ended_pu=_round(SEED_PU * ENDED_PU_SHARE),
        later_pu=_round(SEED_PU * LATER_PU_SHARE),
        ended_jakon=_round(SEED_JAKON * ENDED_JAKON_SHARE),
        basis="seed report 2024-03-23 (exact)",
    )


def jambi_plan(scale: Decimal = DEFAULT_SCALE) -> list[RegencyPlan]:
    """Every regency of Jambi: TJT exact, the others at `scale` of their plausible size."""
    scale = Decimal(scale)
    if not Decimal(0) <= scale <= Decimal(1):
        raise ValueError(f"scale {scale} must be between 0 and 1")
    seed = seed_plan()
    others = sorted(code for code in _population() if code != SEED_REGENCY)
    known = {code: _covered_known(code) for code in others}
    unknown = [code for code in others if known[code] is None]
    known_total = sum((k[0] for k in known.values() if k is not None), Decimal(seed.active))
    residual_rate = (PROVINCE_COVERED - known_total) / sum((_potential(c) for c in unknown), Decimal(0))
    bkbk_left = BKBK_TARGET_2024 - sum(SEED_BKBK.values())
    bkbk_by_regency = apportion(bkbk_left, [_population()[c][1] for c in others])
    plans = [seed]
    for code, bkbk_full in zip(others, bkbk_by_regency, strict=True):
        name, population = _population()[code]
        covered_basis = known[code]
        if covered_basis is None:
            covered = _potential(code) * residual_rate
            basis = f"residual rate {residual_rate * 100:.2f} % of potential workers (plausible)"
        else:
            covered, basis = covered_basis
        active = _round(covered * scale)
        bkbk_total = _round(bkbk_full * scale)
        bkbk = dict(zip(BKBK_2023, apportion(bkbk_total, list(BKBK_2023.values())), strict=True))
        bpu_self = _round(bkbk_total * SELF_BPU_PER_BKBK)
        waged = max(active - bkbk_total - bpu_self, 0)
        pu = _round(waged * PU_SHARE_OF_WAGED)
        jakon = waged - pu
        plans.append(
            RegencyPlan(
                code=code,
                name=name,
                population=population,
                pu=pu,
                bpu_self=bpu_self,
                jakon=jakon,
                bkbk=bkbk,
                ended_pu=_round(pu * ENDED_PU_SHARE),
                later_pu=_round(pu * LATER_PU_SHARE),
                ended_jakon=_round(jakon * ENDED_JAKON_SHARE),
                basis=f"{basis}, × {scale}",
            )
        )
    return plans


def village_weights(rng: random.Random, villages: list[tuple[str, str]]) -> list[Decimal]:
    """An indicative weight for each (code, type) village: a kelurahan 3, a desa 1, times 0.5–1.5."""
    return [
        Decimal(3 if kind == "kelurahan" else 1) * Decimal(50 + rng.randrange(101)) / 100
        for _, kind in villages
    ]
