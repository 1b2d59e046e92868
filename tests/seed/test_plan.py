"""The plan of the synthetic Jambi registry: TJT is the seed report exactly; the others follow the
published coverage figures; shares are whole people that add up."""

from decimal import Decimal

import pytest

from lindung.seed import plan


def test_apportion_largest_remainder():
    # 10 over weights 1:1:1 -> quotas 3.33 each: 3,3,3 and the one left goes to the first (tie).
    assert plan.apportion(10, [1, 1, 1]) == [4, 3, 3]
    # 7 over 1:2:4 -> quotas 1, 2, 4 exactly.
    assert plan.apportion(7, [1, 2, 4]) == [1, 2, 4]
    # 5 over 3:1 -> quotas 3.75 and 1.25: 3 and 1, the one left to the larger remainder (0.75).
    assert plan.apportion(5, [3, 1]) == [4, 1]
    assert plan.apportion(0, [1, 2]) == [0, 0]
    with pytest.raises(ValueError):
        plan.apportion(-1, [1])


def test_seed_regency_is_the_seed_report_at_any_scale():
    for scale in (Decimal(0), Decimal("0.1"), Decimal(1)):
        tjt = plan.jambi_plan(scale)[0]
        assert tjt.code == "1507"
        # senjari.com, 23 March 2024: 12,587 PU, 9,416 BPU (3,652 + 1,291 BKBK), 12,080 Jakon.
        assert (tjt.pu, tjt.bpu, tjt.jakon) == (12_587, 9_416, 12_080)
        assert tjt.bkbk == {"miskin ekstrem": 3_652, "pekerja rentan": 1_291}
        # BPU paid by the participant: 9,416 - 3,652 - 1,291 = 4,473.
        assert tjt.bpu_self == 4_473


def test_other_regencies_follow_published_figures():
    plans = {p.code: p for p in plan.jambi_plan(Decimal(1))}
    assert len(plans) == 11
    # Batanghari and Bungo: published covered participants, 49,803 and 62,814.
    assert plans["1504"].active == 49_803
    assert plans["1508"].active == 62_814
    # Sarolangun: 43 % of the published 112,000 potential workers = 48,160.
    assert plans["1503"].active == 48_160
    # The province adds up to the published 518,632 covered participants (2024-08-12), give or
    # take the rounding of each of the five regencies at the residual rate (at most 0.5 each).
    assert abs(sum(p.active for p in plans.values()) - 518_632) <= 3
    # BKBK: the 2024 target of 118,875 people, TJT's seed figure included.
    assert sum(sum(p.bkbk.values()) for p in plans.values()) == 118_875


def test_scale_shrinks_others_only():
    full = {p.code: p for p in plan.jambi_plan(Decimal(1))}
    tenth = {p.code: p for p in plan.jambi_plan(Decimal("0.1"))}
    # Batanghari at a tenth: 49,803 x 0.1 = 4,980.3 -> 4,980.
    assert tenth["1504"].active == 4_980
    assert tenth["1507"].active == full["1507"].active == 34_083  # 12,587 + 9,416 + 12,080
    with pytest.raises(ValueError):
        plan.jambi_plan(Decimal(2))
