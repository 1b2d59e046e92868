"""JKK claims: death under PP 82/2019 and PP 44/2015, a 35 % disability, incapacity crossing the
100 %/50 % step, the claim expiry and the employer-first case for arrears (regulation.md §4, §5.1)."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.audit.models import AuditEvent
from lindung.claims.models import ClaimStatus, PaymentStatus
from lindung.claims.services.payments import claim_arrears_settled
from lindung.errors import Conflict
from tests.claims.conftest import line, months

D = dt.date


def accident(event: str, **more) -> dict:
    return {
        "event_date": event,
        "accident_kind": "accident",
        "place": "Kebun sawit blok 7, Sabak",
        "what_happened": "Tertimpa tandan sawit saat panen",
        "stage_one_report_date": event,
        **more,
    }


def amounts(claim) -> dict[str, int]:
    return {
        p.item + (f"#{p.sequence}" if p.item != "lump_sum" else ""): p.amount for p in claim.payments.all()
    }


@pytest.fixture
def worker(world):
    employer = world.employer()
    person = world.person("Budi Santoso", sex="M")
    world.membership(person, employer=employer, start=D(2017, 6, 1), wage=4_000_000)
    return person


def test_death_under_pp_82_2019_with_two_children_at_school(world, worker):
    claim = world.file(
        worker,
        "jkk_death",
        accident(
            "2025-05-01",
            death_date="2025-05-03",
            heirs=[{"name": "Siti Aminah", "relation": "spouse"}],
            children=[
                {"name": "Andi", "birth_date": "2015-01-10", "level": "SD"},
                {"name": "Rina", "birth_date": "2012-06-01", "level": "SMP"},
            ],
        ),
        received_on=D(2025, 5, 20),
        payee_name="Siti Aminah",
    )
    assert claim.eligible and not claim.employer_first
    claim = world.approve(claim)
    result = claim.assessment["results"][0]["result"]
    # 48 x 4.000.000 = 192.000.000; funeral 10.000.000 and periodic 12.000.000 (PP 82/2019)
    assert {ln["item"]: ln["amount"] for ln in result["lines"]} == {
        "death_lump_sum": 192_000_000,
        "funeral": 10_000_000,
        "periodic": 12_000_000,
    }
    # scholarship year one: SD Rp1.500.000 and SMP Rp2.000.000 a year (Permenaker 5/2021)
    assert amounts(claim) == {
        "lump_sum": 214_000_000,
        "scholarship_1#1": 1_500_000,
        "scholarship_2#1": 2_000_000,
    }
    assert claim.total == 217_500_000
    assert result["trace"][0]["basis"].startswith("PP 82/2019")
    assert claim.status == ClaimStatus.APPROVED


def test_death_under_pp_44_2015_e18(world):
    """regulation.md E18: a Jakon death in February 2018, Rp80.000 a day x 30 = 2.400.000 a month."""
    person = world.person("Joko Purba", sex="M")
    world.membership(person, employer=world.employer(), start=D(2017, 6, 1), wage=2_400_000)
    claim = world.file(
        person,
        "jkk_death",
        accident("2018-02-04", death_date="2018-02-04", heirs=[{"name": "Ani Purba", "relation": "spouse"}]),
        received_on=D(2018, 3, 1),
    )
    claim = world.approve(claim)
    # 48 x 2.400.000 = 115.200.000 + funeral 3.000.000 + periodic 24 x 200.000 = 4.800.000
    assert amounts(claim) == {"lump_sum": 123_000_000}
    assert claim.assessment["lines"] == [
        {"item": "death_lump_sum", "amount": 115_200_000},
        {"item": "funeral", "amount": 3_000_000},
        {"item": "periodic", "amount": 4_800_000},
    ]


def test_the_claim_expires_two_years_after_a_2018_accident(world):
    person = world.person("Joko Purba", sex="M")
    world.membership(person, employer=world.employer(), start=D(2017, 6, 1), wage=2_400_000)
    claim = world.file(
        person,
        "jkk_death",
        accident("2018-02-04", death_date="2018-02-04", heirs=[{"name": "Ani", "relation": "spouse"}]),
        received_on=D(2020, 2, 5),  # PP 44/2015: 2 years, to 2020-02-04
    )
    assert claim.eligible is False
    assert any("claim expiry" in r for r in claim.assessment["reasons"])


def test_35_percent_disability(world, worker):
    claim = world.file(
        worker, "jkk_disability", accident("2025-05-01", percent="35"), received_on=D(2025, 9, 1)
    )
    claim = world.approve(claim)
    assert amounts(claim) == {"lump_sum": 112_000_000}  # 35 % x 80 x 4.000.000


def test_incapacity_over_twelve_months_crosses_the_100_to_50_percent_step(world):
    person = world.person("Rudi Hasibuan", sex="M")
    world.membership(person, employer=world.employer(), start=D(2020, 1, 1), wage=3_000_000)
    claim = world.file(
        person,
        "jkk_stmb",
        accident(
            "2025-03-01",
            periods=[
                {"start": "2025-03-01", "end": "2025-11-30"},
                {"start": "2025-12-01", "end": "2026-03-31"},
            ],
        ),
        received_on=D(2026, 4, 6),
    )
    claim = world.approve(claim)
    # a day is 3.000.000 / 30 = 100.000 at 100 %. Period 1: 275 days x 100.000 = 27.500.000.
    # Period 2: 1 Dec - 28 Feb, 90 days at 100 % = 9.000.000, then from 1 March 2026 (twelve months
    # after the accident) 31 days at 50 % = 1.550.000: 10.550.000.
    assert amounts(claim) == {"stmb_period#1": 27_500_000, "stmb_period#2": 10_550_000}
    assert [p.period for p in claim.payments.order_by("sequence")] == [D(2025, 3, 1), D(2025, 12, 1)]


def test_employer_more_than_three_months_behind_pays_first(world):
    employer = world.employer("PT Telat Bayar")
    person = world.person("Dedi Lubis", sex="M")
    m = world.membership(person, employer=employer, start=D(2024, 1, 1), wage=4_000_000)
    # January to April 2025 billed and never paid; April's falls due on 15 May
    for month in months("2025-01", "2025-04"):
        world.bill(m, month, [month], lambda c: [line(m, "JKK", c, employer=35_600)])
    claim = world.file(
        person, "jkk_disability", accident("2025-05-20", percent="10"), received_on=D(2025, 6, 2)
    )
    assert claim.employer_first
    assert claim.assessment["derived"]["employer_arrears_months"] == 4
    claim = world.approve(claim)
    payment = claim.payments.get()
    assert (payment.amount, payment.status) == (32_000_000, PaymentStatus.HELD)  # 10 % x 80 x 4.000.000
    officer = world.users.officer()
    with pytest.raises(Conflict):
        claim_arrears_settled(actor=officer, claim=claim)
    for invoice in employer.payers.get().invoices.all():
        world.pay(invoice, D(2025, 7, 1))
    assert claim_arrears_settled(actor=officer, claim=claim) == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SCHEDULED
    assert AuditEvent.objects.filter(action="claim.arrears_settled", object_id=str(claim.pk)).exists()


def test_three_months_behind_is_not_employer_first(world):
    employer = world.employer()
    person = world.person()
    m = world.membership(person, employer=employer, start=D(2024, 1, 1))
    for month in months("2025-02", "2025-04"):
        world.bill(m, month, [month], lambda c: [line(m, "JKK", c, employer=35_600)])
    claim = world.file(
        person, "jkk_disability", accident("2025-05-20", percent="10"), received_on=D(2025, 6, 2)
    )
    assert claim.assessment["derived"]["employer_arrears_months"] == 3
    assert not claim.employer_first
