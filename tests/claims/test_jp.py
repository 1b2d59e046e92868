"""JP claims: the lump sum with fewer than 15 years, and a monthly pension after 15 years - which no
one can draw before 2030 (JP began in July 2015), so that test travels to 2041 (regulation.md §5.4)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from lindung.claims.models import PaymentStatus
from lindung.claims.services.payments import claim_benefit_stop, pension_payroll_generate
from lindung.claims.services.pension import pension_months
from lindung.errors import Conflict
from tests.claims.conftest import line, months

D = dt.date


def test_lump_sum_with_fewer_than_fifteen_years(world):
    person = world.person("Slamet Gultom", birth=D(1960, 5, 20), sex="M")  # pension age 56 on 2016-05-20
    m = world.membership(person, employer=world.employer(), start=D(2015, 7, 1), wage=8_000_000)
    world.contribute(
        m, months("2015-07", "2016-04"), lambda c: [line(m, "JP", c, employer=140_000, worker=70_000)]
    )
    claim = world.approve(world.file(person, "jp_old_age", {}, received_on=D(2016, 6, 1)))
    # Jul 2015 - Feb 2016: cap 7.000.000, 8 x (140.000 + 70.000) = 1.680.000
    # Mar - Apr 2016: cap 7.335.300, 2 x (146.706 + 73.353) = 440.118
    assert [(p.item, p.amount) for p in claim.payments.all()] == [("lump_sum", 2_120_118)]
    assert claim.monthly == 0


def test_old_age_claim_before_the_pension_age_is_not_eligible(world):
    person = world.person(birth=D(1970, 7, 15))
    m = world.membership(person, employer=world.employer(), start=D(2016, 1, 1))
    world.contribute(
        m, months("2016-01", "2016-12"), lambda c: [line(m, "JP", c, employer=80_000, worker=40_000)]
    )
    claim = world.file(person, "jp_old_age", {}, received_on=D(2026, 1, 5))
    assert claim.eligible is False


@time_machine.travel(dt.datetime(2041, 1, 5, 9, 0), tick=False)
def test_monthly_pension_after_fifteen_years_then_stopped_on_death(world):
    person = world.person("Agus Saputra", birth=D(1977, 1, 1), sex="M")  # pension age 64 on 2041-01-01
    m = world.membership(person, employer=world.employer(), start=D(2026, 1, 1), wage=5_000_000)
    world.contribute(
        m,
        months("2026-01", "2040-12"),
        lambda c: [line(m, "JP", c, employer=100_000, worker=50_000)],
        paid_on=D(2041, 1, 2),
    )
    claim = world.file(person, "jp_old_age", {}, received_on=D(2041, 1, 3))
    # 180 months at 5.000.000 (under every cap; no inflation figure after 2024, index 1):
    # 1 % x 180/12 x 5.000.000 = 750.000, between the 2026 minimum 411.400 and maximum 4.932.300
    assert claim.monthly == 750_000
    claim = world.approve(claim)
    assert [(p.sequence, p.period, p.amount) for p in claim.payments.all()] == [(1, D(2041, 1, 1), 750_000)]
    admin = world.admin
    assert pension_payroll_generate(actor=admin, month=D(2041, 3, 1)) == 2  # February and March
    assert pension_payroll_generate(actor=admin, month=D(2041, 3, 1)) == 0  # a run again creates nothing
    with pytest.raises(PermissionDenied):
        pension_payroll_generate(actor=world.users.officer(), month=D(2041, 3, 1))
    claim_benefit_stop(actor=admin, claim=claim, on=D(2041, 3, 1), reason="meninggal dunia 20-02-2041")
    statuses = dict(claim.payments.values_list("sequence", "status"))
    assert statuses == {1: PaymentStatus.SCHEDULED, 2: PaymentStatus.SCHEDULED, 3: PaymentStatus.STOPPED}
    assert pension_payroll_generate(actor=admin, month=D(2041, 5, 1)) == 0
    with pytest.raises(Conflict):
        claim_benefit_stop(actor=admin, claim=claim, on=D(2041, 4, 1), reason="again")


def test_survivor_pension_is_recorded_but_its_amount_not_settled(world):
    person = world.person("Wahyu Nasution", birth=D(1980, 2, 2), sex="M")
    m = world.membership(person, employer=world.employer(), start=D(2022, 1, 1), end=D(2025, 1, 1))
    world.contribute(
        m, months("2022-01", "2024-12"), lambda c: [line(m, "JP", c, employer=80_000, worker=40_000)]
    )
    claim = world.file(
        person, "jp_survivor", {"event_date": "2024-12-20", "relation": "widow"}, received_on=D(2025, 2, 3)
    )
    assert claim.eligible  # 36 months of membership, all paid: density 100 %
    assert claim.assessment["derived"]["density_percent"] == 100
    assert claim.assessment["settled"] is False
    with pytest.raises(Conflict) as exc:
        world.approve(claim)
    assert exc.value.field == "amount"


def test_pension_in_payment_is_indexed_on_each_anniversary():
    # A pension of 1.000.000 a month from March 2023 (regulation §5.4: after the first year, the
    # previous year's benefit x (1 + inflation)); jp.inflation: 2023 2,61 %, 2024 1,57 %, 2025 none.
    # Mar 2024: 1.000.000 x 1,0261 = 1.026.100
    # Mar 2025: 1.026.100 x 1,0157 = 1.042.209,77 -> 1.042.210 (half up)
    # Mar 2026: no 2025 figure, index 0 % -> 1.042.210
    payments = pension_months(7, 1_000_000, D(2023, 3, 1), D(2024, 1, 1), D(2026, 3, 1), D(2023, 3, 1))
    amounts = {p.period: p.amount for p in payments}
    assert amounts[D(2024, 2, 1)] == 1_000_000
    assert amounts[D(2024, 3, 1)] == amounts[D(2025, 2, 1)] == 1_026_100
    assert amounts[D(2025, 3, 1)] == amounts[D(2026, 3, 1)] == 1_042_210
    assert [p.sequence for p in payments][:3] == [11, 12, 13]  # January 2024 is the 11th month
