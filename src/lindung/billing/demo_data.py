"""Demo billing for `make run`: the monthly billing run for January – March 2026 (the demo
registry's memberships and the sponsored programme run through 2026), so every payer has invoices.
The demo employer pays January on its due date and leaves February unpaid, so March's bill carries
February's late-payment fine. Idempotent: nothing is done once March is billed."""

from __future__ import annotations

import datetime as dt

from lindung.billing.models import BillingRun, BillingRunStatus, Invoice, Payer
from lindung.billing.services.billing_run import billing_run
from lindung.billing.services.payments import payment_post
from lindung.jobs.progress import Progress
from lindung.web.demo import demo_step

DEMO_MONTHS = (dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1))
DEMO_EMPLOYER_NPP = "DM000001"  # the registry demo's first employer (the demo employer user's)


def _pay_on_time(month: dt.date) -> None:
    payer = Payer.objects.filter(employer__npp=DEMO_EMPLOYER_NPP, project__isnull=True).first()
    invoice = Invoice.objects.filter(payer=payer, month=month).first() if payer else None
    if payer is None or invoice is None or invoice.total <= 0:
        return
    payment_post(
        actor=None,
        payer=payer,
        amount=invoice.total,
        paid_on=invoice.due_date,
        channel="BANK",
        external_reference=f"DEMO-TAGIHAN-{month:%Y%m}",
        invoice=invoice,
    )


@demo_step(30)
def demo_billing(progress: Progress) -> str:
    if BillingRun.objects.filter(month=DEMO_MONTHS[-1], status=BillingRunStatus.DONE).exists():
        return "already billed"
    summaries = []
    for month in DEMO_MONTHS:
        result = billing_run(actor=None, month=month, progress=progress, lookback_months=3)
        summaries.append(result.summary())
        if month == DEMO_MONTHS[0]:
            _pay_on_time(month)
    return "; ".join(summaries)
