"""JHT claims: the full payout and the 10 % partial withdrawal, both paid from and debiting the JHT
ledger that paid invoices credit (regulation.md §5.3)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lindung.billing.models import JhtEntryKind, JhtLedgerEntry
from lindung.billing.services.jht import jht_balance
from tests.claims.conftest import line, months

D = dt.date


def jht_lines(m):
    # E07 shares on a wage of 10.000.000: 3,7 % = 370.000 employer, 2 % = 200.000 worker
    return lambda c: [line(m, "JHT", c, employer=370_000, worker=200_000)]


def test_full_payout_after_resignation_empties_the_account(world):
    person = world.person("Hendra Siregar", sex="M")
    m = world.membership(
        person, employer=world.employer(), start=D(2025, 1, 1), end=D(2026, 1, 1), wage=10_000_000
    )
    world.contribute(m, months("2025-01", "2025-12"), jht_lines(m))
    assert jht_balance(person, timezone.localdate()) == 6_840_000  # 12 x 570.000
    claim = world.file(
        person, "jht", {"reason": "resignation", "event_date": "2025-12-31"}, received_on=D(2026, 2, 2)
    )
    claim = world.approve(claim)
    assert [(p.item, p.amount) for p in claim.payments.all()] == [("lump_sum", 6_840_000)]
    assert jht_balance(person, timezone.localdate()) == 0
    debit = JhtLedgerEntry.objects.get(person=person, kind=JhtEntryKind.WITHDRAWAL)
    assert (debit.amount, debit.reference) == (-6_840_000, claim.number)


def test_resignation_needs_the_membership_ended(world):
    person = world.person()
    m = world.membership(person, employer=world.employer(), start=D(2025, 1, 1), wage=10_000_000)
    world.contribute(m, months("2025-01", "2025-03"), jht_lines(m))
    claim = world.file(person, "jht", {"reason": "resignation"}, received_on=D(2025, 6, 2))
    assert claim.eligible is False


def test_ten_percent_partial_withdrawal_leaves_ninety_percent(world):
    person = world.person("Rina Harahap")
    m = world.membership(person, employer=world.employer(), start=D(2015, 7, 1), wage=10_000_000)
    world.contribute(m, months("2016-01", "2016-12"), jht_lines(m))  # 6.840.000 on the ledger
    claim = world.file(person, "jht_partial", {"purpose": "pension"}, received_on=D(2026, 3, 2))
    assert claim.assessment["derived"]["membership_months"] == 128  # July 2015 - March 2026
    claim = world.approve(claim)
    assert [(p.item, p.amount) for p in claim.payments.all()] == [("lump_sum", 684_000)]  # 10 % of 6.840.000
    assert jht_balance(person, timezone.localdate()) == 6_156_000  # 6.840.000 - 684.000
    again = world.file(person, "jht_partial", {"purpose": "housing"}, received_on=D(2026, 4, 1))
    assert again.eligible is False
    assert any("once only" in r for r in again.assessment["reasons"])


def test_partial_withdrawal_needs_ten_years(world):
    person = world.person()
    m = world.membership(person, employer=world.employer(), start=D(2016, 4, 1), wage=10_000_000)
    world.contribute(m, months("2016-04", "2016-06"), jht_lines(m))
    claim = world.file(person, "jht_partial", {"purpose": "housing"}, received_on=D(2026, 3, 31))
    assert claim.assessment["derived"]["membership_months"] == 119
    assert claim.eligible is False
