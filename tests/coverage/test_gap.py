"""Gap and cost arithmetic with the minimum BPU JKK + JKM package, Rp16.800 a month
(regulation.md §3.6 and example E15: JKK 10.000 + JKM 6.800)."""

import pytest

from lindung.coverage.gap import budget_reach, gap_cost

PACKAGE = 16_800


def test_seed_bkbk_cost():
    # Seed report: 3,652 extreme poor + 1,291 vulnerable = 4,943 people paid by the province.
    # 4,943 × 16,800 = 83,042,400 a month; × 12 = 996,508,800 a year.
    cost = gap_cost(employed=3_652 + 1_291, covered=0, price_per_month=PACKAGE)
    assert (cost.gap, cost.cost_per_month, cost.cost_per_year) == (4_943, 83_042_400, 996_508_800)
    assert cost.working[1] == "Biaya per bulan = 4.943 × Rp16.800 = Rp83.042.400"
    assert cost.working[2] == "Biaya per tahun = Rp83.042.400 × 12 = Rp996.508.800"


def test_tanjung_jabung_timur_gap():
    # 115,517 employed (BPS Aug 2021) − 34,083 covered (12,587 + 9,416 + 12,080) = 81,434.
    # 81,434 × 16,800 = 1,302,944,000 + 65,147,200 = 1,368,091,200; × 12 = 16,417,094,400.
    cost = gap_cost(employed=115_517, covered=12_587 + 9_416 + 12_080, price_per_month=PACKAGE)
    assert (cost.gap, cost.cost_per_month, cost.cost_per_year) == (81_434, 1_368_091_200, 16_417_094_400)
    assert cost.working[0] == "Belum terlindungi = 115.517 bekerja - 34.083 terlindungi = 81.434 orang"


def test_more_covered_than_employed_is_no_gap():
    cost = gap_cost(employed=100, covered=120, price_per_month=PACKAGE)
    assert (cost.gap, cost.cost_per_year) == (0, 0)
    assert cost.working[0].endswith("(tidak pernah di bawah nol)")


def test_what_a_budget_buys():
    # The year's cost of the seed's 4,943 people buys exactly them: 996,508,800 // (16,800 × 12).
    assert budget_reach(budget=996_508_800, price_per_month=PACKAGE, months=12).people == 4_943
    # Rp1 billion: 1,000,000,000 // 201,600 = 4,960 people (4,960 × 201,600 = 999,936,000), 64,000 left.
    reach = budget_reach(budget=1_000_000_000, price_per_month=PACKAGE, months=12)
    assert (reach.people, reach.cost, reach.remainder) == (4_960, 999_936_000, 64_000)
    assert reach.working == [
        "Biaya per orang = Rp16.800 × 12 bulan = Rp201.600",
        "Jumlah orang = Rp1.000.000.000 ÷ Rp201.600 = 4.960 orang (dibulatkan ke bawah)",
        "Terpakai Rp999.936.000, sisa Rp64.000",
    ]
    # Province 2022: Rp15.4 billion for six months of the package (15.4e9 // 100,800 = 152,777).
    assert budget_reach(budget=15_400_000_000, price_per_month=PACKAGE, months=6).people == 152_777


def test_bad_input():
    with pytest.raises(ValueError, match="cannot be negative"):
        gap_cost(employed=-1, covered=0, price_per_month=PACKAGE)
    with pytest.raises(TypeError, match="whole number"):
        gap_cost(employed=1, covered=0, price_per_month=16_800.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="above zero"):
        budget_reach(budget=1, price_per_month=PACKAGE, months=0)
