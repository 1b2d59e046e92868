"""JKM claims: the cash benefit, with the scholarship only after 36 months of contributions (masa iur
read from paid invoices), and the scholarship held while the employer is in arrears
(regulation.md §4, §5.2, E20)."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.claims.models import PaymentStatus
from lindung.claims.services.payments import scholarship_year_add
from lindung.errors import ValidationFailed
from tests.claims.conftest import line, months

D = dt.date
CHILDREN = [
    {"name": "Andi", "birth_date": "2016-02-01", "level": "SD"},
    {"name": "Rina", "birth_date": "2008-09-01", "level": "SMA"},
]


def death(**more) -> dict:
    return {
        "event_date": "2025-06-10",
        "cause": "Sakit jantung",
        "heirs": [{"name": "Sri", "relation": "spouse"}],
        **more,
    }


def jkm_history(world, person, first: str, last: str):
    m = world.membership(person, employer=world.employer(), start=D(2021, 1, 1), wage=4_000_000)
    world.contribute(m, months(first, last), lambda c: [line(m, "JKM", c, employer=12_000)])
    return m


def test_jkm_with_scholarship_after_36_months(world):
    person = world.person("Bambang Utomo", sex="M")
    jkm_history(world, person, "2022-06", "2025-05")  # 36 months
    claim = world.file(person, "jkm", death(children=CHILDREN), received_on=D(2025, 6, 20))
    assert claim.assessment["derived"]["months_contributed"] == 36
    claim = world.approve(claim)
    # E20: lump 20.000.000 + periodic 24 x 500.000 + funeral 10.000.000 = 42.000.000;
    # scholarship year one: SD 1.500.000, SMA 3.000.000
    payments = {p.item: (p.amount, p.status) for p in claim.payments.all()}
    assert payments == {
        "lump_sum": (42_000_000, PaymentStatus.SCHEDULED),
        "scholarship_1": (1_500_000, PaymentStatus.SCHEDULED),
        "scholarship_2": (3_000_000, PaymentStatus.SCHEDULED),
    }
    grant = claim.assessment["results"][0]["result"]["scholarship"]
    assert (grant["children"], grant["max_total"]) == (2, 174_000_000)  # 2 x 87.000.000


def test_jkm_without_scholarship_before_36_months(world):
    person = world.person("Bambang Utomo", sex="M")
    jkm_history(world, person, "2022-07", "2025-05")  # 35 months
    claim = world.approve(world.file(person, "jkm", death(children=CHILDREN), received_on=D(2025, 6, 20)))
    assert {p.item: p.amount for p in claim.payments.all()} == {"lump_sum": 42_000_000}
    assert claim.total == 42_000_000


def test_unpaid_months_do_not_count_towards_the_masa_iur(world):
    person = world.person()
    m = jkm_history(world, person, "2022-06", "2025-04")  # 35 paid months
    world.bill(m, D(2025, 5, 1), [D(2025, 5, 1)], lambda c: [line(m, "JKM", c, employer=12_000)])
    claim = world.file(person, "jkm", death(), received_on=D(2025, 6, 20))
    assert claim.assessment["derived"]["months_contributed"] == 35


def test_scholarship_held_while_the_employer_is_in_arrears(world):
    person = world.person("Bambang Utomo", sex="M")
    m = jkm_history(world, person, "2021-06", "2024-12")
    # January - April 2025 unpaid; April's was due on 15 May, before the death on 10 June
    for month in months("2025-01", "2025-04"):
        world.bill(m, month, [month], lambda c: [line(m, "JKM", c, employer=12_000)])
    claim = world.approve(world.file(person, "jkm", death(children=CHILDREN[:1]), received_on=D(2025, 6, 20)))
    payments = {p.item: (p.amount, p.status) for p in claim.payments.all()}
    assert payments == {
        "lump_sum": (42_000_000, PaymentStatus.SCHEDULED),
        "scholarship_1": (1_500_000, PaymentStatus.HELD),
    }


def test_later_scholarship_years_follow_the_schedule(world):
    person = world.person("Bambang Utomo", sex="M")
    jkm_history(world, person, "2022-06", "2025-05")
    claim = world.approve(world.file(person, "jkm", death(children=CHILDREN), received_on=D(2025, 6, 20)))
    officer = world.users.officer()
    second = scholarship_year_add(actor=officer, claim=claim, child=1, level="SD", school_year=2)
    assert (second.item, second.amount) == ("scholarship_1", 1_500_000)  # SD Rp1.500.000 a year
    smp = scholarship_year_add(actor=officer, claim=claim, child=1, level="SMP", school_year=3)
    assert smp.amount == 2_000_000  # SMP Rp2.000.000 a year
    with pytest.raises(ValidationFailed):
        scholarship_year_add(actor=officer, claim=claim, child=1, level="SD", school_year=2)  # paid already
    with pytest.raises(ValidationFailed):
        scholarship_year_add(actor=officer, claim=claim, child=3, level="SD", school_year=1)  # two children
