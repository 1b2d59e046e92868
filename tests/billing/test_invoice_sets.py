"""The set-based path the monthly billing run uses (ensure invoices, write lines, refresh, apply
credit) gives the invoices `invoice_issue` would, and a run cut short and started again writes
every line exactly once."""

import datetime as dt

from django.db import transaction

from lindung.billing.models import Allocation, Invoice, InvoiceLine, Payer
from lindung.billing.selectors import credit_mismatches, invoice_mismatches
from lindung.billing.services.allocation import credits_apply
from lindung.billing.services.invoice_sets import invoice_lines_add, invoices_ensure, invoices_refresh
from lindung.billing.services.payers import payers_ensure
from lindung.billing.services.payments import payment_post
from lindung.registry.models import Membership
from tests.billing.conftest import e07_lines, line

JUNE = dt.date(2025, 6, 1)


def month_run(rows):
    """One billing run for June: every step set-based, as the billing job will call them."""
    with transaction.atomic():
        payers_ensure(actor=None, memberships=Membership.objects.all())
        invoices_ensure(payers=Payer.objects.all(), month=JUNE)
        added = invoice_lines_add(month=JUNE, rows=rows)
        invoices_refresh(month=JUNE)
        credits_apply(actor=None, payers=Payer.objects.all(), on=dt.date(2025, 6, 2))
    return added


def test_month_run_then_rerun_after_a_crash(world):
    a_firm, b_firm, contractor = world.employer("PT A"), world.employer("PT B"), world.employer("CV Bangun")
    ani, budi = world.pu_worker(a_firm, "Ani"), world.pu_worker(a_firm, "Budi", wage=5_000_000)
    citra = world.pu_worker(b_firm, "Citra")
    sri = world.membership(
        world.person("Sri"), "BPU", payer_kind="self", wage=1_000_000, programmes=("JKK", "JKM")
    )
    project = world.project(contractor, dt.date(2025, 6, 20))
    joko = world.membership(
        world.person("Joko"),
        "JAKON",
        employer=contractor,
        project=project,
        payer_kind="contractor",
        wage=None,
        programmes=("JKK", "JKM"),
    )
    pa, pb, ps, pj = (world.payer(m) for m in (ani, citra, sri, joko))
    # PT B paid 50,000 before any bill: all of it is credit
    payment_post(
        actor=None,
        payer=pb,
        amount=50_000,
        paid_on=dt.date(2025, 5, 30),
        channel="BANK",
        external_reference="EARLY",
    )

    rows = [(pa.pk, ln) for ln in e07_lines(ani, JUNE)]  # 989,000 (E07)
    rows += [(pa.pk, line(budi, "JKM", JUNE, employer=15_000))]  # 0.30 % of 5,000,000
    rows += [(pb.pk, line(citra, "JKM", JUNE, employer=30_000))]  # 0.30 % of 10,000,000
    rows += [
        (ps.pk, line(sri, "JKK", JUNE, worker=10_000)),
        (ps.pk, line(sri, "JKM", JUNE, worker=6_800)),
    ]  # E15
    # E28: contract value 1 miliar → JKK 1,540,000, JKM 210,000, once for the project
    rows += [
        (pj.pk, line(joko, "JKK", JUNE, employer=1_540_000)),
        (pj.pk, line(joko, "JKM", JUNE, employer=210_000)),
    ]

    # a run that stopped after three lines, then the whole run again
    month_run(rows[:3])
    month_run(rows)
    assert InvoiceLine.objects.count() == len(rows) == 10

    got = {i.payer_id: (i.total, i.due_date, i.status, i.allocated) for i in Invoice.objects.all()}
    assert got == {
        pa.pk: (1_004_000, dt.date(2025, 7, 15), "open", 0),  # PU: Tuesday 15 July 2025
        pb.pk: (30_000, dt.date(2025, 7, 15), "paid", 30_000),  # paid from its 50,000 credit
        ps.pk: (16_800, dt.date(2025, 6, 15), "open", 0),  # BPU: the 15th of the month covered
        pj.pk: (1_750_000, dt.date(2025, 6, 20), "open", 0),  # Jakon: at the project's start
    }
    pb.refresh_from_db()
    assert pb.credit == 20_000

    # again: nothing changes
    month_run(rows)
    assert InvoiceLine.objects.count() == 10 and Allocation.objects.count() == 1  # the credit applied to PT B
    assert not credit_mismatches().exists() and not invoice_mismatches().exists()


def test_new_lines_for_a_paid_invoice_are_deferred_not_written(world):
    ani = world.pu_worker(world.employer("PT A"), "Ani")
    pa = world.payer(ani)
    rows = [(pa.pk, ln) for ln in e07_lines(ani, JUNE)]
    month_run(rows[:2])
    payment_post(
        actor=None,
        payer=pa,
        amount=50_000,
        paid_on=dt.date(2025, 7, 1),
        channel="BANK",
        external_reference="PART",
    )
    added = month_run(rows)
    # the two lines already billed are no news; the other two would change a total already paid on
    assert (added.deferred, added.no_invoice) == (2, 0)
    assert InvoiceLine.objects.count() == 2


def test_invoices_ensure_creates_only_the_missing_invoices(world):
    a_firm, b_firm = world.employer("PT A"), world.employer("PT B")
    world.pu_worker(a_firm, "Ani")
    world.pu_worker(b_firm, "Budi")
    with transaction.atomic():
        payers_ensure(actor=None, memberships=Membership.objects.all())
        a_payer = Payer.objects.get(employer=a_firm)
        assert invoices_ensure(payers=Payer.objects.filter(pk=a_payer.pk), month=JUNE) == 1
        # PT A has its June invoice: only PT B's is missing, and then none
        assert invoices_ensure(payers=Payer.objects.all(), month=JUNE) == 1
        assert invoices_ensure(payers=Payer.objects.all(), month=JUNE) == 0
    assert Invoice.objects.filter(month=JUNE).count() == 2
