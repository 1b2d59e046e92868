"""The billing demo: January – March 2026 billed for every demo payer, the demo employer's January
paid on time and February's fine on March's bill; the claims demo still finds its history; a second
run changes nothing."""

import datetime as dt
import time

from lindung.accounts.demo_data import demo_users
from lindung.billing.demo_data import DEMO_EMPLOYER_NPP, demo_billing
from lindung.billing.models import BillingRun, Invoice, InvoiceLine
from lindung.billing.selectors import credit_mismatches, invoice_mismatches
from lindung.claims.demo_data import demo_claims
from lindung.claims.models import Claim
from lindung.jobs.progress import Progress
from lindung.registry.demo_data import demo_registry
from lindung.registry.models import Membership
from lindung.sponsorship.demo_data import demo_sponsorship


def test_demo_billing(regions):
    demo_users(Progress())
    demo_registry(Progress())
    demo_sponsorship(Progress())
    started = time.monotonic()
    demo_billing(Progress())
    took = time.monotonic() - started
    runs = list(BillingRun.objects.order_by("month").values_list("month", "status"))
    assert runs == [(dt.date(2026, m, 1), "done") for m in (1, 2, 3)]
    assert Invoice.objects.filter(month=dt.date(2026, 3, 1)).count() > 100
    billed = (
        InvoiceLine.objects.filter(contribution_month=dt.date(2026, 3, 1)).values("membership_id").distinct()
    )
    assert billed.count() > 0.5 * Membership.objects.count()
    jan = Invoice.objects.get(
        payer__employer__npp=DEMO_EMPLOYER_NPP, payer__project__isnull=True, month="2026-01-01"
    )
    assert jan.status == "paid"
    march_fines = InvoiceLine.objects.filter(
        invoice__payer=jan.payer, invoice__month="2026-03-01", kind="fine", contribution_month="2026-02-01"
    )
    assert march_fines.exists()
    assert not invoice_mismatches().exists() and not credit_mismatches().exists()
    print(f"demo_billing took {took:.1f} s")  # a few seconds alone; reported, not asserted (machine load)

    lines = InvoiceLine.objects.count()
    assert demo_billing(Progress()) == "already billed" and InvoiceLine.objects.count() == lines

    demo_claims(Progress())  # after the billing demo, the claims demo still bills its 2024-2025 history
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert statuses == {"submitted", "verified", "approved", "paid", "rejected"}
