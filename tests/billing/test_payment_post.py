"""Allocation, part payment, overpayment and credit, duplicate references, refunds. Every case ends
with the books reconciling: credit = payments − allocations − refunds, invoice allocated = Σ
allocations, invoice total = Σ lines."""

import datetime as dt

import pytest

from lindung.billing.models import Allocation, Payment
from lindung.billing.selectors import credit_mismatches, invoice_mismatches
from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.payments import payment_post, refund_record
from lindung.errors import Conflict, ValidationFailed
from tests.billing.conftest import line

MAY, JUNE, JULY = dt.date(2025, 5, 1), dt.date(2025, 6, 1), dt.date(2025, 7, 1)
PAID_ON = dt.date(2025, 7, 10)


@pytest.fixture
def two_invoices(world):
    """PT Sabak Sawit owes 100,000 for May and 150,000 for June (JKM lines, employer share)."""
    m = world.pu_worker(world.employer())
    payer = world.payer(m)
    may = invoice_issue(actor=None, payer=payer, month=MAY, lines=[line(m, "JKM", MAY, employer=100_000)])
    june = invoice_issue(actor=None, payer=payer, month=JUNE, lines=[line(m, "JKM", JUNE, employer=150_000)])
    return m, payer, may, june


def post(payer, amount, ref, **kw):
    return payment_post(
        actor=None,
        payer=payer,
        amount=amount,
        paid_on=kw.pop("paid_on", PAID_ON),
        channel=kw.pop("channel", "BANK"),
        external_reference=ref,
        **kw,
    )


def books_reconcile():
    return not credit_mismatches().exists() and not invoice_mismatches().exists()


def test_oldest_invoice_first_and_part_payment(two_invoices):
    _, payer, may, june = two_invoices
    post(payer, 120_000, "TRX-1")
    may.refresh_from_db(), june.refresh_from_db(), payer.refresh_from_db()
    # 120,000: May takes its 100,000, June the remaining 20,000 of its 150,000
    assert (may.allocated, may.status) == (100_000, "paid")
    assert (june.allocated, june.status) == (20_000, "partly_paid")
    assert payer.credit == 0
    assert books_reconcile()


def test_a_named_invoice_is_paid_first(two_invoices):
    _, payer, may, june = two_invoices
    post(payer, 150_000, "TRX-2", invoice=june)
    may.refresh_from_db(), june.refresh_from_db()
    assert (june.allocated, june.status) == (150_000, "paid")
    assert (may.allocated, may.status) == (0, "open")
    # naming it again when it owes nothing is refused
    with pytest.raises(ValidationFailed, match="not owing anything"):
        post(payer, 10_000, "TRX-3", invoice=june)
    assert books_reconcile()


def test_overpayment_becomes_credit_used_by_the_next_invoice(two_invoices):
    m, payer, _, _ = two_invoices
    post(payer, 300_000, "TRX-4")
    payer.refresh_from_db()
    # 300,000 − 100,000 − 150,000 = 50,000 credit
    assert payer.credit == 50_000
    july = invoice_issue(actor=None, payer=payer, month=JULY, lines=[line(m, "JKM", JULY, employer=80_000)])
    payer.refresh_from_db()
    # July 80,000: 50,000 from credit, 30,000 still owed
    assert (july.allocated, july.status, payer.credit) == (50_000, "partly_paid", 0)
    from_credit = Allocation.objects.get(invoice=july)
    assert from_credit.payment_id is None and from_credit.amount == 50_000
    assert books_reconcile()


def test_the_same_reference_twice_is_one_payment(two_invoices):
    _, payer, _, _ = two_invoices
    first = post(payer, 100_000, "TRX-5")
    again = post(payer, 100_000, "TRX-5")
    assert again.pk == first.pk
    assert Payment.objects.count() == 1 and Allocation.objects.count() == 1
    with pytest.raises(Conflict, match="already posted with amount 100000"):
        post(payer, 90_000, "TRX-5")
    # the same reference on another channel is another payment
    post(payer, 10_000, "TRX-5", channel="VA")
    assert Payment.objects.count() == 2
    assert books_reconcile()


def test_the_same_reference_for_another_payer_is_a_conflict(world, two_invoices):
    _, payer, _, _ = two_invoices
    other = world.payer(world.pu_worker(world.employer("PT Lain")))
    post(payer, 100_000, "TRX-6")
    with pytest.raises(Conflict, match="another payer"):
        post(other, 100_000, "TRX-6")


def test_refund_from_credit(two_invoices):
    _, payer, _, _ = two_invoices
    post(payer, 300_000, "TRX-7")  # 50,000 credit
    refund = refund_record(
        actor=None, payer=payer, amount=30_000, refunded_on=PAID_ON, reference="RF-1", reason="overpaid"
    )
    payer.refresh_from_db()
    assert payer.credit == 20_000
    again = refund_record(
        actor=None, payer=payer, amount=30_000, refunded_on=PAID_ON, reference="RF-1", reason="overpaid"
    )
    assert again.pk == refund.pk
    with pytest.raises(ValidationFailed, match="more than the payer's credit 20000"):
        refund_record(
            actor=None, payer=payer, amount=30_000, refunded_on=PAID_ON, reference="RF-2", reason="again"
        )
    payer.refresh_from_db()
    assert payer.credit == 20_000
    assert books_reconcile()


def test_bad_payment_input_names_the_fields(two_invoices):
    _, payer, _, _ = two_invoices
    with pytest.raises(ValidationFailed) as exc:
        payment_post(
            actor=None,
            payer=payer,
            amount=0,
            paid_on=dt.date(2999, 1, 1),
            channel="CASH",
            external_reference=" ",
        )
    assert [f for f, _ in exc.value.errors] == ["amount", "paid_on", "channel", "external_reference"]
    assert Payment.objects.count() == 0


def test_negative_invoice_total_goes_back_to_credit(world):
    # An adjustment that takes back more than the month bills: May is overbilled by 40,000 and
    # June's only line is that adjustment → June's total is −40,000, which becomes credit.
    m = world.pu_worker(world.employer())
    payer = world.payer(m)
    june = invoice_issue(
        actor=None,
        payer=payer,
        month=JUNE,
        lines=[line(m, "JKM", MAY, employer=-40_000, kind="adjustment", revision=1)],
    )
    payer.refresh_from_db()
    assert (june.total, june.allocated, june.status, payer.credit) == (-40_000, -40_000, "paid", 40_000)
    assert books_reconcile()
