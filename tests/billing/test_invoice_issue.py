import datetime as dt

import pytest

from lindung.audit.models import AuditEvent
from lindung.billing.models import Invoice, InvoiceLine
from lindung.billing.selectors import credit_mismatches, invoice_mismatches
from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.payments import payment_post
from lindung.errors import Conflict, ValidationFailed
from tests.billing.conftest import e07_lines, line

JUNE = dt.date(2025, 6, 1)


def test_issue_creates_the_invoice_with_hand_worked_total_and_due_date(world):
    m = world.pu_worker(world.employer())
    payer = world.payer(m)
    invoice = invoice_issue(actor=None, payer=payer, month=JUNE, lines=e07_lines(m, JUNE))
    # E07: 89,000 + 30,000 + 570,000 + 300,000 = 989,000
    assert invoice.total == 989_000
    assert invoice.lines.count() == 4
    # PU, June 2025: Tuesday 15 July 2025
    assert invoice.due_date == dt.date(2025, 7, 15)
    assert invoice.status == "open" and invoice.allocated == 0
    assert invoice.number == f"INV/202506/{payer.pk:010d}"
    line_jht = invoice.lines.get(programme="JHT")
    assert (line_jht.employer, line_jht.worker, line_jht.amount) == (370_000, 200_000, 570_000)
    assert line_jht.facts == {"segment": "PU", "wage": 10_000_000}


def test_issuing_the_same_month_again_creates_nothing(world):
    m = world.pu_worker(world.employer())
    payer = world.payer(m)
    first = invoice_issue(actor=None, payer=payer, month=JUNE, lines=e07_lines(m, JUNE))
    events = AuditEvent.objects.filter(action="invoice.issue").count()
    again = invoice_issue(actor=None, payer=payer, month=JUNE, lines=e07_lines(m, JUNE))
    assert again.pk == first.pk and again.total == 989_000
    assert Invoice.objects.count() == 1 and InvoiceLine.objects.count() == 4
    assert AuditEvent.objects.filter(action="invoice.issue").count() == events


def test_new_lines_join_an_invoice_while_nothing_is_paid(world):
    firm = world.employer()
    a, b = world.pu_worker(firm, "Ani"), world.pu_worker(firm, "Budi", wage=5_000_000)
    payer = world.payer(a)
    invoice_issue(actor=None, payer=payer, month=JUNE, lines=e07_lines(a, JUNE))
    # Budi, wage 5,000,000: JKM 0.30 % = 15,000 added to the open invoice
    invoice = invoice_issue(
        actor=None, payer=payer, month=JUNE, lines=[line(b, "JKM", JUNE, employer=15_000)]
    )
    assert invoice.total == 989_000 + 15_000
    assert invoice.lines.count() == 5


def test_new_lines_are_refused_once_money_is_allocated(world):
    firm = world.employer()
    a, b = world.pu_worker(firm, "Ani"), world.pu_worker(firm, "Budi", wage=5_000_000)
    payer = world.payer(a)
    invoice = invoice_issue(actor=None, payer=payer, month=JUNE, lines=e07_lines(a, JUNE))
    payment_post(
        actor=None,
        payer=payer,
        amount=100_000,
        paid_on=dt.date(2025, 7, 1),
        channel="BANK",
        external_reference="TRX-1",
    )
    with pytest.raises(Conflict, match="adjustments on a later invoice"):
        invoice_issue(actor=None, payer=payer, month=JUNE, lines=[line(b, "JKM", JUNE, employer=15_000)])
    # the lines already billed can still be sent again harmlessly
    again = invoice_issue(actor=None, payer=payer, month=JUNE, lines=e07_lines(a, JUNE))
    assert again.pk == invoice.pk and again.total == 989_000 and again.allocated == 100_000


def test_lines_of_another_payer_are_refused(world):
    a = world.pu_worker(world.employer("PT A"))
    b = world.pu_worker(world.employer("PT B"))
    with pytest.raises(ValidationFailed) as exc:
        invoice_issue(actor=None, payer=world.payer(a), month=JUNE, lines=e07_lines(b, JUNE))
    assert exc.value.errors[0][0] == "lines[1].membership_id"
    assert Invoice.objects.count() == 0


def test_a_line_month_must_be_a_first_day_and_keys_unique(world):
    m = world.pu_worker(world.employer())
    lines = [
        line(m, "JKM", dt.date(2025, 6, 3), employer=30_000),
        line(m, "JKK", JUNE, employer=89_000),
        line(m, "JKK", JUNE, employer=89_000),
    ]
    with pytest.raises(ValidationFailed) as exc:
        invoice_issue(actor=None, payer=world.payer(m), month=JUNE, lines=lines)
    fields = [f for f, _ in exc.value.errors]
    assert fields == ["lines[1].contribution_month", "lines[3]"]


def test_invoice_due_is_the_earliest_of_its_lines_segments(world):
    # Sri pays for herself: BPU (15th of the month covered) and PMI starting 10 June 2025 (before
    # departure): the invoice is due 10 June 2025.
    sri = world.person("Sri")
    bpu = world.membership(sri, "BPU", payer_kind="self", wage=1_000_000, programmes=("JKK", "JKM"))
    pmi = world.membership(
        sri, "PMI", payer_kind="self", wage=None, start=dt.date(2025, 6, 10), programmes=("JKK", "JKM")
    )
    payer = world.payer(bpu)
    # E15: BPU JKK 1 % of 1,000,000 = 10,000; JKM 6,800. E26: PMI pre-placement 37,500 (as JKK line here)
    invoice = invoice_issue(
        actor=None,
        payer=payer,
        month=JUNE,
        lines=[line(bpu, "JKK", JUNE, worker=10_000), line(bpu, "JKM", JUNE, worker=6_800)],
    )
    assert invoice.due_date == dt.date(2025, 6, 15)
    invoice = invoice_issue(
        actor=None, payer=payer, month=JUNE, lines=[line(pmi, "JKK", JUNE, worker=37_500)]
    )
    assert invoice.due_date == dt.date(2025, 6, 10)
    assert invoice.total == 10_000 + 6_800 + 37_500
    assert not credit_mismatches().exists() and not invoice_mismatches().exists()
