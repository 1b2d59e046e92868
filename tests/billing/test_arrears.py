"""Arrears on a given day (regulation §4: more than three months behind → the employer pays JKK
benefits first). Invoices of 100,000 each for Jan–May 2025 (one JKM line); PU due dates fall by
mid-month of the following month, so on 20 April 2025 Jan–Mar are due and on 20 May Jan–Apr."""

import datetime as dt

import pytest

from lindung.billing.arrears import arrears_months, employer_arrears_months, employer_in_arrears
from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.payments import payment_post
from tests.billing.conftest import line

MONTHS = [dt.date(2025, m, 1) for m in range(1, 6)]


@pytest.fixture
def behind(world):
    employer = world.employer()
    m = world.pu_worker(employer)
    payer = world.payer(m)
    for month in MONTHS:
        invoice_issue(actor=None, payer=payer, month=month, lines=[line(m, "JKM", month, employer=100_000)])
    return employer, payer


def test_counts_months_due_and_unpaid_on_the_day(behind):
    employer, payer = behind
    assert arrears_months(payer.pk, dt.date(2025, 4, 20)) == 3  # Jan, Feb, Mar due; Apr not yet
    assert employer_in_arrears(employer, dt.date(2025, 4, 20)) is False  # three is not "more than three"
    assert arrears_months(payer.pk, dt.date(2025, 5, 20)) == 4  # Apr due on 15 May
    assert employer_in_arrears(employer, dt.date(2025, 5, 20)) is True


def test_a_payment_counts_from_its_date_only(behind):
    employer, payer = behind
    # 300,000 on 25 June pays Jan, Feb and Mar (oldest first); on 1 July only Apr and May are behind.
    payment_post(
        actor=None,
        payer=payer,
        amount=300_000,
        paid_on=dt.date(2025, 6, 25),
        channel="BANK",
        external_reference="TRX-1",
    )
    assert employer_arrears_months(employer, dt.date(2025, 7, 1)) == 2
    assert employer_in_arrears(employer, dt.date(2025, 7, 1)) is False
    # Looking back at 24 June, the day before the payment, all five months were behind.
    assert employer_arrears_months(employer, dt.date(2025, 6, 24)) == 5


def test_a_part_paid_month_is_still_behind(behind):
    employer, payer = behind
    payment_post(
        actor=None,
        payer=payer,
        amount=150_000,
        paid_on=dt.date(2025, 6, 25),
        channel="BANK",
        external_reference="TRX-2",
    )  # Jan paid, Feb half paid
    assert employer_arrears_months(employer, dt.date(2025, 7, 1)) == 4


def test_an_employer_without_a_payer_owes_nothing(world):
    assert employer_arrears_months(world.employer(), dt.date(2025, 7, 1)) == 0
