"""JHT accounts: shares credited once when paid, yearly returns by hand, balance on a date,
withdrawals."""

import datetime as dt
from decimal import Decimal

import pytest

from lindung.billing.models import JhtLedgerEntry
from lindung.billing.services.allocation import jht_shares_credit
from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.jht import jht_balance, jht_returns_credit, jht_withdraw
from lindung.billing.services.payments import payment_post
from lindung.errors import Conflict, DomainError, ValidationFailed
from tests.billing.conftest import e07_lines, line

JUNE = dt.date(2025, 6, 1)


def pay(payer, amount, ref, on):
    return payment_post(
        actor=None, payer=payer, amount=amount, paid_on=on, channel="BANK", external_reference=ref
    )


def test_shares_credited_once_when_the_invoice_is_paid_in_full(world):
    m = world.pu_worker(world.employer())
    payer = world.payer(m)
    invoice_issue(actor=None, payer=payer, month=JUNE, lines=e07_lines(m, JUNE))  # 989,000
    pay(payer, 500_000, "P-1", dt.date(2025, 7, 5))
    assert not JhtLedgerEntry.objects.exists()  # part paid: nothing credited yet
    pay(payer, 489_000, "P-2", dt.date(2025, 7, 12))
    entries = {(e.kind, e.amount, e.entry_date) for e in JhtLedgerEntry.objects.filter(person=m.person)}
    # E07 JHT: employer 3.7 % = 370,000, worker 2 % = 200,000, dated on the completing payment
    assert entries == {
        ("employer_share", 370_000, dt.date(2025, 7, 12)),
        ("worker_share", 200_000, dt.date(2025, 7, 12)),
    }
    completing = JhtLedgerEntry.objects.first().allocation
    assert completing.payment.external_reference == "P-2"
    assert jht_shares_credit([completing]) == 0  # again: nothing new
    assert JhtLedgerEntry.objects.count() == 2
    assert jht_balance(m.person, dt.date(2025, 7, 11)) == 0
    assert jht_balance(m.person, dt.date(2025, 7, 12)) == 570_000


def test_returns_over_two_years_by_hand(world):
    """regulation.md E24: wage 5,000,000, JHT 5.7 % = 285,000 a month (3.7 % = 185,000 employer,
    2 % = 100,000 worker) for 24 months, about 5 % a year. Contributions for December 2022 to
    November 2024 are each paid on the 10th of the next month, so one lands in every month of 2023
    and 2024 (m = 1..12).

    2023: B = 0; Σ 285,000 × (12 − m) for m = 1..12 = 285,000 × 66 = 18,810,000
          return = 5 % × 18,810,000 / 12 = 78,375
    2024: B = 12 × 285,000 + 78,375 = 3,498,375
          return = 5 % × (3,498,375 × 12 + 18,810,000) / 12 = 174,918.75 + 78,375 = 253,293.75 → 253,294
    Balance on 31 December 2024 = 24 × 285,000 + 78,375 + 253,294 = 6,840,000 + 331,669 = 7,171,669
    (E24 quotes about 350,000 returns and about 7,190,000; our convention gives 331,669 and
    7,171,669, 0.26 % below the quoted balance).
    """
    m = world.pu_worker(world.employer(), wage=5_000_000)
    payer = world.payer(m)
    month = dt.date(2022, 12, 1)
    for i in range(24):
        invoice_issue(
            actor=None,
            payer=payer,
            month=month,
            lines=[line(m, "JHT", month, employer=185_000, worker=100_000, rate="0.057")],
        )
        paid_on = (month + dt.timedelta(days=40)).replace(day=10)
        pay(payer, 285_000, f"JHT-{i}", paid_on)
        month = paid_on.replace(day=1)
    assert jht_balance(m.person, dt.date(2024, 12, 31)) == 24 * 285_000

    run_2023 = jht_returns_credit(actor=None, year=2023, rate=Decimal("0.05"))
    assert (run_2023.accounts, run_2023.total) == (1, 78_375)
    assert jht_balance(m.person, dt.date(2024, 1, 1)) == 3_498_375
    run_2024 = jht_returns_credit(actor=None, year=2024, rate=Decimal("0.05"))
    assert run_2024.total == 253_294
    assert jht_balance(m.person, dt.date(2024, 12, 31)) == 7_171_669

    # again at the same rate: nothing new; at another rate: refused
    jht_returns_credit(actor=None, year=2024, rate=Decimal("0.05"))
    assert JhtLedgerEntry.objects.filter(kind="yearly_return").count() == 2
    with pytest.raises(Conflict, match=r"credited at 0\.050000"):
        jht_returns_credit(actor=None, year=2024, rate=Decimal("0.06"))


def test_e33_a_balance_held_all_year(world):
    """regulation.md E33: 20,000,000 held all year at 5 % → 21,000,000."""
    m = world.pu_worker(world.employer(), wage=None)
    payer = world.payer(m)
    dec = dt.date(2022, 12, 1)
    invoice_issue(actor=None, payer=payer, month=dec, lines=[line(m, "JHT", dec, employer=20_000_000)])
    pay(payer, 20_000_000, "BIG", dt.date(2022, 12, 20))
    with pytest.raises(DomainError, match="2022 first"):
        jht_returns_credit(actor=None, year=2023, rate=Decimal("0.05"))
    # credited in December 2022: weight 12 − 12 = 0, so 2022 earns nothing
    assert jht_returns_credit(actor=None, year=2022, rate=Decimal("0.05")).total == 0
    jht_returns_credit(actor=None, year=2023, rate=Decimal("0.05"))
    assert jht_balance(m.person, dt.date(2023, 12, 31)) == 21_000_000


def test_withdrawal(world):
    m = world.pu_worker(world.employer())
    payer = world.payer(m)
    invoice_issue(actor=None, payer=payer, month=JUNE, lines=e07_lines(m, JUNE))
    pay(payer, 989_000, "P-1", dt.date(2025, 7, 5))  # JHT 570,000
    with pytest.raises(ValidationFailed, match="more than the JHT balance 570000"):
        jht_withdraw(actor=None, person=m.person, amount=600_000, on=dt.date(2025, 8, 1), reference="K-1")
    entry = jht_withdraw(actor=None, person=m.person, amount=100_000, on=dt.date(2025, 8, 1), reference="K-1")
    assert (
        jht_withdraw(actor=None, person=m.person, amount=100_000, on=dt.date(2025, 8, 1), reference="K-1").pk
        == entry.pk
    )
    assert jht_balance(m.person, dt.date(2025, 8, 1)) == 470_000
    assert jht_balance(m.person, dt.date(2025, 7, 31)) == 570_000
