"""Built coverage facts follow the coverage status: a payment that makes a month paid updates the
facts of the regions its memberships count in (coverage.apps registers on the status refresh)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.payers import payer_for_membership
from lindung.billing.services.payments import payment_post
from lindung.coverage.models import CoverageFact
from lindung.coverage.services.facts import coverage_facts_rebuild, fact_day
from tests.billing.conftest import line
from tests.coverage.conftest import VILLAGE_B

pytestmark = pytest.mark.django_db

MARCH = dt.date(2024, 3, 1)


def bpu_counted(day: dt.date) -> int:
    rows = CoverageFact.objects.filter(day=day, basis="domicile", region_code=VILLAGE_B, segment="BPU")
    return sum(rows.values_list("participants", flat=True))


@time_machine.travel(dt.datetime(2024, 4, 20, 9, 0), tick=False)
def test_a_payment_brings_the_built_facts_up_to_date(world):
    sri = world.membership(
        world.person(VILLAGE_B), "BPU", payer_kind="self", programmes=("JKK", "JKM"), months=[]
    )
    payer = payer_for_membership(actor=None, membership=sri)
    # BPU January-March 2024: JKK 1 % + JKM Rp6.800 on the minimum income Rp1.000.000 = Rp16.800 a
    # month (regulation §3.6), billed for each month and unpaid: by 20 April March is past its due
    # date (15 March) and its grace, so the refresh marks it unpaid.
    for month in (dt.date(2024, 1, 1), dt.date(2024, 2, 1), MARCH):
        invoice_issue(
            actor=None,
            payer=payer,
            month=month,
            lines=[line(sri, "JKK", month, worker=10_000), line(sri, "JKM", month, worker=6_800)],
        )
    day = fact_day(MARCH)
    coverage_facts_rebuild(month=MARCH)
    assert bpu_counted(day) == 0
    # Three months at Rp16.800 = Rp50.400 pays January to March (oldest first): March is paid.
    payment_post(
        actor=None,
        payer=payer,
        amount=50_400,
        paid_on=dt.date(2024, 4, 20),
        channel="BANK",
        external_reference="TEST-1",
    )
    assert bpu_counted(day) == 1
